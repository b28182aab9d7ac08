import type { FastifyInstance, FastifyRequest } from 'fastify';
import sjson from 'secure-json-parse';
import { commonErrors } from '../errors.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });
// C0 controls other than tab, line feed and carriage return, and DEL: never meaningful in a report.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

// Far deeper than any schema of ours; refused before anything walks the value recursively.
const MAX_DEPTH = 64;

function checkString(value: string, path: () => string): void {
  if (CONTROL.test(value))
    throw commonErrors.badRequest('request.control_characters', `${path()} contains control characters.`);
  if (!value.isWellFormed())
    throw commonErrors.badRequest('request.invalid_unicode', `${path()} contains a lone surrogate.`);
}

/** Where a value sits in what is checked: its parent's place and its own key, joined only when a refusal names it. */
interface Place {
  parent: Place | null;
  key: string;
}
const pathOf = (place: Place): string => (place.parent ? `${pathOf(place.parent)}/${place.key}` : place.key);

/**
 * Checks every string and key of a parsed body, query string or path, without recursion so that no nesting
 * can exhaust the stack. `part` names it in the message. The path of a value is built only for a refusal: a
 * bulk import's body has 10⁶ values.
 */
export function checkStrings(root: unknown, part = 'body'): void {
  const pending: [unknown, Place, number][] = [[root, { parent: null, key: part }, 0]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [value, place, depth] = next;
    if (typeof value === 'string') checkString(value, () => pathOf(place));
    else if (value && typeof value === 'object') {
      if (depth >= MAX_DEPTH)
        throw commonErrors.badRequest('request.too_deep', `The body nests deeper than ${MAX_DEPTH} levels.`);
      if (Array.isArray(value)) {
        for (const [i, v] of value.entries()) pending.push([v, { parent: place, key: String(i) }, depth + 1]);
      } else {
        for (const [k, v] of Object.entries(value)) {
          checkString(k, () => pathOf(place));
          pending.push([v, { parent: place, key: k }, depth + 1]);
        }
      }
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
  checkStrings(value, 'body');
  return value;
}

/** What a route scope needs to read its own bodies (any Fastify instance, whatever its type provider). */
type Scope = Pick<FastifyInstance, 'removeAllContentTypeParsers' | 'addContentTypeParser'>;

/**
 * Makes a route scope take JSON bodies of the media `types` only, up to `bodyLimit` bytes, each read by
 * parseJsonBody as every JSON body of the app is; `refuse` may turn a request away before its body is parsed (a
 * media type parameter the route does not take). For routes whose bodies are larger or typed otherwise than the
 * app's: a STIX bundle, a MISP file, a TAXII envelope.
 */
export function readJsonBodies(
  scope: Scope,
  types: string | string[],
  bodyLimit?: number,
  refuse?: (request: FastifyRequest) => Error | null,
): void {
  scope.removeAllContentTypeParsers();
  scope.addContentTypeParser(
    types,
    { parseAs: 'buffer', ...(bodyLimit === undefined ? {} : { bodyLimit }) },
    (request, body, done) => {
      const refused = refuse?.(request);
      if (refused) return done(refused, undefined);
      try {
        done(null, parseJsonBody(body as Buffer));
      } catch (e) {
        done(e as Error, undefined);
      }
    },
  );
}
