import sjson from 'secure-json-parse';
import { commonErrors } from '../errors.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });
// C0 controls other than tab, line feed and carriage return, and DEL: never meaningful in a report.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

function checkStrings(value: unknown, path: string): void {
  if (typeof value === 'string') {
    if (CONTROL.test(value))
      throw commonErrors.badRequest(
        'request.control_characters',
        `${path || 'body'} contains control characters.`,
      );
    if (!value.isWellFormed())
      throw commonErrors.badRequest(
        'request.invalid_unicode',
        `${path || 'body'} contains a lone surrogate.`,
      );
  } else if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) checkStrings(v, `${path}/${i}`);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      checkStrings(k, path);
      checkStrings(v, `${path}/${k}`);
    }
  }
}

/**
 * Parses a JSON request body strictly: invalid UTF-8 is refused rather than replaced, prototype pollution keys
 * are refused, and no string may carry control characters.
 */
export function parseJsonBody(body: Buffer): unknown {
  if (body.length === 0) return undefined;
  let text: string;
  try {
    text = utf8.decode(body);
  } catch {
    throw commonErrors.badRequest('request.invalid_utf8', 'The body is not valid UTF-8.');
  }
  let value: unknown;
  try {
    value = sjson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' });
  } catch {
    throw commonErrors.badRequest('request.malformed_json', 'The body is not valid JSON.');
  }
  checkStrings(value, '');
  return value;
}
