import { commonErrors } from './errors.js';

// Free text as people write it to each other (a message, a request for more): what every such field stores and
// refuses, the same everywhere.

// C0 controls and DEL are refused for every request upstream (http/json.ts); C1 controls never belong in text.
const C1 = /[\u0080-\u009F]/;
// Bidirectional embeddings, overrides and isolates: they make text read otherwise than it is stored.
const BIDI = /[\u202A-\u202E\u2066-\u2069]/;
// What shows nothing on its own: white space and format characters (zero-width spaces and joiners, …).
const INVISIBLE = /[\p{White_Space}\p{Cf}]/gu;

/** The text as stored: NFC, line breaks as LF, at most `max` characters; refuses what could mislead a reader. */
export function freeText(raw: string, field: string, max: number): string {
  const text = raw.normalize('NFC').replace(/\r\n?/g, '\n');
  if (C1.test(text))
    throw commonErrors.badRequest('request.control_characters', `${field} contains control characters.`);
  if (BIDI.test(text))
    throw commonErrors.badRequest(
      'text.invisible_characters',
      `${field} contains bidirectional controls, which change how text reads without being seen.`,
    );
  if (text.replace(INVISIBLE, '') === '')
    throw commonErrors.badRequest('text.empty', `${field} has no visible text.`);
  if ([...text].length > max)
    throw commonErrors.badRequest('text.too_long', `${field} holds at most ${max} characters.`, { max });
  return text;
}
