import { INDICATOR_TYPES, type IndicatorType } from '../indicators/indicators.types.js';
import { warninglistErrors } from './warninglists.errors.js';
import { isMatchType, type MatchType } from './warninglists.types.js';

// MISP's warninglist file (github.com/MISP/misp-warninglists, `list.json`): name, version, description, type,
// list, matching_attributes. Read strictly: what is not such a file is refused with what is wrong with it.

/** The most entries one list holds (MISP's largest lists, the top-1M domains, need more: trim them first). */
export const WARNINGLIST_ENTRIES_MAX = 200_000;
/** The largest file `renraku warninglist import` reads. */
export const WARNINGLIST_FILE_MAX_BYTES = 64 * 1024 * 1024;

/** A list as given (a MISP file, the center's form), before its entries are checked. */
export interface ListInput {
  name: string;
  version: number;
  description: string;
  source: string;
  matchType: MatchType;
  appliesTo: IndicatorType[];
  entries: string[];
}

// MISP's attribute types, as the indicator types they are.
const ADDRESS: IndicatorType[] = ['ipv4', 'ipv6', 'cidr'];
const MISP_TYPES: Record<string, IndicatorType[]> = {
  'ip-src': ADDRESS,
  'ip-dst': ADDRESS,
  'ip-src|port': ADDRESS,
  'ip-dst|port': ADDRESS,
  'domain|ip': ['domain', ...ADDRESS],
  domain: ['domain'],
  hostname: ['domain'],
  'hostname|port': ['domain'],
  url: ['url'],
  uri: ['url'],
  link: ['url'],
  email: ['email'],
  'email-src': ['email'],
  'email-dst': ['email'],
  'email-reply-to': ['email'],
  'target-email': ['email'],
  'whois-registrant-email': ['email'],
  md5: ['md5'],
  sha1: ['sha1'],
  sha256: ['sha256'],
  sha512: ['sha512'],
  'filename|md5': ['md5'],
  'filename|sha1': ['sha1'],
  'filename|sha256': ['sha256'],
  filename: ['filename'],
  vulnerability: ['cve'],
  AS: ['asn'],
  'user-agent': ['user-agent'],
};

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The indicator types MISP attribute types name (unknown ones ignored; none known: every type). */
export function appliesToOf(attributes: readonly string[]): IndicatorType[] {
  const types = new Set(attributes.flatMap((a) => MISP_TYPES[a] ?? []));
  return INDICATOR_TYPES.filter((t) => types.has(t));
}

/** A MISP warninglist file's text as a list, or the refusal that says what is wrong with it. */
export function parseMispWarninglist(text: string): ListInput {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw warninglistErrors.invalidFile(`it is not JSON (${e instanceof Error ? e.message : 'unreadable'})`);
  }
  return mispWarninglist(json);
}

/** A MISP warninglist file already read as JSON (an upload's body) as a list, or the refusal. */
export function mispWarninglist(json: unknown): ListInput {
  if (!isObject(json)) throw warninglistErrors.invalidFile('it is not a JSON object');
  const { name, version, description, type, list, matching_attributes: attributes } = json;
  if (typeof name !== 'string') throw warninglistErrors.invalidFile("'name' is missing or not a string");
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 0)
    throw warninglistErrors.invalidFile("'version' is missing or not a whole number");
  if (description !== undefined && typeof description !== 'string')
    throw warninglistErrors.invalidFile("'description' is not a string");
  if (typeof type !== 'string') throw warninglistErrors.invalidFile("'type' is missing or not a string");
  if (type === 'regex') throw warninglistErrors.regexRefused();
  if (!isMatchType(type)) throw warninglistErrors.unknownMatchType(type);
  if (!Array.isArray(list)) throw warninglistErrors.invalidFile("'list' is missing or not an array");
  if (list.length > WARNINGLIST_ENTRIES_MAX) throw warninglistErrors.tooManyEntries(WARNINGLIST_ENTRIES_MAX);
  list.forEach((e, i) => {
    if (typeof e !== 'string') throw warninglistErrors.invalidEntry(i, 'list', 'an entry is a string');
  });
  if (
    attributes !== undefined &&
    !(Array.isArray(attributes) && attributes.every((a): a is string => typeof a === 'string'))
  )
    throw warninglistErrors.invalidFile("'matching_attributes' is not an array of strings");
  return {
    name,
    version,
    description: description ?? '',
    source: 'MISP warninglist file',
    matchType: type,
    appliesTo: appliesToOf(attributes ?? []),
    entries: list as string[],
  };
}
