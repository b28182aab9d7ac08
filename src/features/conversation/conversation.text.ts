import { commonErrors } from '../../platform/errors.js';
import { conversationErrors } from './conversation.errors.js';
import { MESSAGE_MAX } from './conversation.schemas.js';

// C0 controls and DEL are refused for every request upstream (platform/http/json.ts); C1 controls never belong
// in a message either.
const C1 = /[\u0080-\u009F]/;
// Bidirectional embeddings, overrides and isolates: they make a message read otherwise than it is stored.
const BIDI = /[\u202A-\u202E\u2066-\u2069]/;

// What shows nothing on its own: white space and format characters (zero-width spaces and joiners, …).
const INVISIBLE = /[\p{White_Space}\p{Cf}]/gu;

/** The text of a message as stored: NFC, line breaks as LF; refuses what a reader could be misled by. */
export function messageText(raw: string): string {
  const text = raw.normalize('NFC').replace(/\r\n?/g, '\n');
  if (C1.test(text))
    throw commonErrors.badRequest('request.control_characters', 'body contains control characters.');
  if (BIDI.test(text)) throw conversationErrors.invisibleCharacters();
  if (text.replace(INVISIBLE, '') === '') throw conversationErrors.emptyMessage();
  if ([...text].length > MESSAGE_MAX) throw conversationErrors.tooLong(MESSAGE_MAX);
  return text;
}
