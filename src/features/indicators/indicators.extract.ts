import { parse as parseDomain } from 'tldts';
import { canonicalIndicator, refang } from './indicators.canonical.js';
import type { CanonicalIndicator, IndicatorType } from './indicators.types.js';

// Indicators found in pasted text (an advisory, a log excerpt, a mail), for the reporter to confirm: nothing is
// stored. The text is NFKC-normalised (full-width letters, digits and dots), stripped of invisible characters and
// refanged; the longest kinds are matched first and their text masked, so that a URL's host is not also
// offered as a domain.

/** The longest text read. */
export const EXTRACT_TEXT_MAX = 100_000;
/** At most this many candidates are offered (and as many untyped pieces). */
export const EXTRACT_MAX = 1000;

export interface Candidate extends CanonicalIndicator {
  /** The text as found (after normalisation and refanging). */
  found: string;
}
export interface Untyped {
  text: string;
  /** Why it is not an indicator: a stable code (indicators.invalid_value, …) and a sentence. */
  code: string;
  reason: string;
}

const HASHES: Record<number, IndicatorType> = { 32: 'md5', 40: 'sha1', 64: 'sha256', 128: 'sha512' };
const FILE_EXTENSIONS =
  'exe|dll|scr|bat|cmd|ps1|vbs|vbe|jse?|wsf|hta|lnk|iso|img|msi|jar|zip|rar|7z|docx?|docm|xlsx?|xlsm|pptx?|pdf|rtf|one|sys|elf|sh|py';
// Names reports use for hosts that no public registry holds (RFC 2606, 6761, 6762, 7686).
const SPECIAL_TLDS = new Set(['example', 'test', 'invalid', 'local', 'internal', 'onion', 'lan', 'corp']);

interface Rule {
  type: IndicatorType | 'address' | 'hash';
  pattern: RegExp;
  /** Whether a match that does not validate is reported as untyped (false where ordinary text matches too). */
  reportFailure: (text: string) => boolean;
}

const always = () => true;
const RULES: Rule[] = [
  {
    type: 'url',
    pattern: /\b(?:https?|ftp|wss?):\/\/[^\s<>"'「」『』（）()、。，]+/gi,
    reportFailure: always,
  },
  {
    type: 'email',
    pattern: /(?<![\w.%+-])[\w.%+-]+@(?:[A-Za-z0-9_-]+\.)+[A-Za-z][A-Za-z0-9-]{1,62}(?![\w-])/g,
    reportFailure: always,
  },
  {
    type: 'cidr',
    pattern:
      /(?<![\w.:])(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f.]{0,15}){2,8})\/\d{1,3}(?!\d)/g,
    reportFailure: always,
  },
  {
    type: 'address',
    pattern:
      /(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9A-Fa-f]{1,4})?(?![\w:]|\.\d)/g,
    // Clock times (10:30:00) look like this too: only what has :: or seven colons was meant as an address.
    reportFailure: (text) => text.includes('::') || text.split(':').length === 8,
  },
  { type: 'address', pattern: /(?<![\w.])\d{1,3}(?:\.\d{1,3}){3}(?!\.?\d)/g, reportFailure: always },
  {
    type: 'hash',
    pattern: /(?<![0-9A-Za-z])[0-9A-Fa-f]{32,128}(?![0-9A-Za-z])/g,
    reportFailure: always,
  },
  { type: 'cve', pattern: /(?<![\w-])CVE-\d{4}-\d{4,19}(?!\d)/gi, reportFailure: always },
  { type: 'asn', pattern: /(?<![\w.])AS\d{1,10}(?:\.\d{1,5})?(?![\w.])/g, reportFailure: always },
  {
    type: 'filename',
    pattern: new RegExp(`(?<![\\w.\\-/\\\\])[\\p{L}\\p{N}_.\\-]+\\.(?:${FILE_EXTENSIONS})(?![\\w.])`, 'giu'),
    reportFailure: always,
  },
  {
    type: 'domain',
    pattern:
      /(?<![\w.@-])(?:[A-Za-z0-9](?:[\w-]{0,61}[A-Za-z0-9])?\.)+(?:[A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59})(?![\w-]|\.[A-Za-z0-9])/g,
    reportFailure: () => false,
  },
  {
    // An internationalised name, where spaces or punctuation set it apart from the text around it.
    type: 'domain',
    pattern:
      /(?<=^|[\s「『（(、，,:：])[\p{L}\p{N}-]*[^\p{ASCII}][\p{L}\p{N}-]*(?:\.[\p{L}\p{N}-]+)+(?=$|[\s」』）)、。，,])/gu,
    reportFailure: () => false,
  },
];

const knownTld = (ascii: string) =>
  parseDomain(ascii).isIcann === true || SPECIAL_TLDS.has(ascii.slice(ascii.lastIndexOf('.') + 1));

function typeOf(rule: Rule, text: string): IndicatorType | null {
  if (rule.type === 'address') return text.includes(':') ? 'ipv6' : 'ipv4';
  if (rule.type === 'hash') return HASHES[text.length] ?? null;
  return rule.type;
}
const NO_HASH_LENGTH =
  'Hexadecimal digits of a length no hash here has (MD5 32, SHA-1 40, SHA-256 64, SHA-512 128).';

/** Prepares pasted text: NFKC, invisible characters removed, controls as spaces, defanged forms made live. */
export function preparePasted(text: string): string {
  return refang(
    text
      .normalize('NFKC')
      .replace(/\p{Cf}/gu, '')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
      .replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g, ' '),
  );
}

/** The typed indicators in a pasted text, one per canonical value, and what looked like one but is not. */
export function extractIndicators(pasted: string): { candidates: Candidate[]; untyped: Untyped[] } {
  let text = preparePasted(pasted);
  const candidates = new Map<string, Candidate>();
  const untyped = new Map<string, Untyped>();
  for (const rule of RULES) {
    text = text.replace(rule.pattern, (match) => {
      // Sentence punctuation that follows a URL is not part of it.
      const found = rule.type === 'url' ? match.replace(/[.,;:!?\])}]+$/, '') : match;
      const type = typeOf(rule, found);
      const result = type
        ? canonicalIndicator(type, found)
        : ({ ok: false, problem: { code: 'indicators.hash_length', message: NO_HASH_LENGTH } } as const);
      if (result.ok) {
        const { indicator } = result;
        if (indicator.type === 'domain' && !knownTld(indicator.value)) return match;
        const key = `${indicator.type}\u0000${indicator.value}`;
        if (!candidates.has(key) && candidates.size < EXTRACT_MAX)
          candidates.set(key, { ...indicator, found });
      } else if (rule.reportFailure(found) && !untyped.has(found) && untyped.size < EXTRACT_MAX) {
        untyped.set(found, { text: found, code: result.problem.code, reason: result.problem.message });
      }
      return ' '.repeat(match.length);
    });
  }
  return { candidates: [...candidates.values()], untyped: [...untyped.values()] };
}
