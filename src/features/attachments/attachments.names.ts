import { attachmentErrors } from './attachments.errors.js';

// A file name is shown to every reader and offered to their browsers as the name to save under: it must not
// name a path, hide what it is (bidirectional overrides turn "exe.txt" into "txt.exe"), or carry invisible
// characters that make two names look alike.

export const NAME_MAX_CHARS = 200;
export const NAME_MAX_BYTES = 255;

// C0 and C1 controls and DEL.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/u;
// Bidirectional marks, embeddings, overrides and isolates.
const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;
// Zero-width and other invisible format characters, and line and paragraph separators.
const INVISIBLE = /[\u00AD\u180E\u200B-\u200D\u2028\u2029\u2060-\u2064\uFEFF]/u;
const SEPARATOR = /[/\\]/;

/** The file name as stored (Unicode NFC), or a 400 saying what is wrong with it. */
export function fileNameOf(raw: string | undefined): string {
  if (raw === undefined || raw === '')
    throw attachmentErrors.badName('is missing (the name query parameter)');
  if (!raw.isWellFormed()) throw attachmentErrors.badName('is not well-formed Unicode');
  const name = raw.normalize('NFC');
  if (CONTROL.test(name)) throw attachmentErrors.badName('contains control characters');
  if (BIDI.test(name)) throw attachmentErrors.badName('contains bidirectional control characters');
  if (INVISIBLE.test(name)) throw attachmentErrors.badName('contains invisible characters');
  // Full-width and other compatibility forms of / and \ (／, ＼) become them under NFKC: refused as well.
  const compatible = name.normalize('NFKC');
  if (SEPARATOR.test(compatible)) throw attachmentErrors.badName('contains a path separator');
  if (compatible.includes('..')) throw attachmentErrors.badName("contains '..'");
  if (name.trim() !== name) throw attachmentErrors.badName('begins or ends with a space');
  if (name === '.') throw attachmentErrors.badName("is '.'");
  if ([...name].length > NAME_MAX_CHARS || Buffer.byteLength(name) > NAME_MAX_BYTES)
    throw attachmentErrors.badName(`is longer than ${NAME_MAX_CHARS} characters or ${NAME_MAX_BYTES} bytes`);
  return name;
}

const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,63}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,63}$/;

/** The declared media type without parameters, lower-case; octet-stream when none was declared. */
export function mediaTypeOf(header: string | undefined): string {
  if (header === undefined || header.trim() === '') return 'application/octet-stream';
  const type = (header.split(';')[0] ?? '').trim().toLowerCase();
  if (!MEDIA_TYPE.test(type)) throw attachmentErrors.badMediaType();
  return type;
}

/**
 * Content-Disposition for a download (RFC 6266): always an attachment, with an ASCII fallback name for old
 * clients and the real name in UTF-8 (RFC 8187, formerly 5987) for every current one.
 */
export function dispositionOf(name: string): string {
  const fallback = name.replace(/[^\x20-\x7E]|["\\%]/g, '_');
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
