import { mentionsAny, namePattern, replaceNames } from './sharing.names.js';
import { type Indicator, REDACTION_MARK, type ShareContent } from './sharing.terms.js';

// What the center removes from a share before anyone else reads it. Pure: the composer's preview runs this very
// module, so that the analyst sees the text that will be stored.

export interface SourceName {
  text: string;
  replacement: string;
}
export interface Redaction {
  sourceNames?: SourceName[];
  terms?: string[];
  internalAddresses?: boolean;
  /**
   * With `internalAddresses`: the source bodies' own DNS domains (ASCII, lower case), whose hosts are internal
   * whatever their suffix (fs01.example.go.jp); the domain itself names the body and goes too.
   */
  internalDomains?: readonly string[];
  personalData?: boolean;
}
export type RedactionKind = 'source' | 'term' | 'internal-address' | 'personal-data';

const KINDS: readonly RedactionKind[] = ['source', 'term', 'internal-address', 'personal-data'];
const MARK_CHAR = '■';

const NEUTRAL = {
  ja: { center: 'センター', ministry: 'ある府省庁', agency: 'ある独立行政法人等' },
  en: { center: 'the center', ministry: 'a ministry', agency: 'an agency' },
} as const;

/** The neutral name of a body of this kind: ja 「ある府省庁」/「ある独立行政法人等」/「センター」, en "a ministry"/"an agency"/"the center" */
export function anonymousName(kind: 'center' | 'ministry' | 'agency', lang: 'ja' | 'en'): string {
  return NEUTRAL[lang][kind];
}

/**
 * A rule finds candidates with `pattern` (global) and says what each becomes; `null` keeps a candidate that
 * turns out not to be one (an octet above 255, a phone number of the wrong length).
 */
interface Rule {
  kind: RedactionKind;
  pattern: RegExp;
  replace: (match: string, groups: (string | undefined)[]) => string | null;
}

type Tally = Record<RedactionKind, number>;

function applyRule(text: string, rule: Rule, tally: Tally): string {
  return text.replace(rule.pattern, (match: string, ...rest: unknown[]) => {
    // rest: the capture groups, then the offset, the whole string (no named groups are used).
    const out = rule.replace(match, rest.slice(0, -2) as (string | undefined)[]);
    if (out === null) return match;
    tally[rule.kind] += 1;
    return out;
  });
}

// ---- Names and terms: literal text, found regardless of case, width (ＡＢＣ/ABC) and spacing.

const SYNTAX = /[\\^$.*+?()[\]{}|/]/;
const escapeOutside = (c: string) => (SYNTAX.test(c) ? `\\${c}` : c);
const escapeInside = (c: string) => (SYNTAX.test(c) || c === '-' ? `\\${c}` : c);

function charPattern(c: string): string {
  const code = c.codePointAt(0) ?? 0;
  const twin =
    code >= 0x21 && code <= 0x7e ? code + 0xfee0 : code >= 0xff01 && code <= 0xff5e ? code - 0xfee0 : null;
  if (twin === null) return escapeOutside(c);
  return `[${escapeInside(c)}${escapeInside(String.fromCodePoint(twin))}]`;
}

/** A pattern for a literal text, or null when the text has nothing to find. */
function literalPattern(text: string): string | null {
  const words = text
    .trim()
    .split(/\s+/u)
    .filter((w) => w.length > 0);
  if (words.length === 0) return null;
  return words.map((w) => Array.from(w, charPattern).join('')).join('\\s+');
}

function longestFirst<T>(items: T[], length: (item: T) => number): T[] {
  return [...items].sort((a, b) => length(b) - length(a));
}

/**
 * Each source name becomes its neutral replacement, found in any spelling (sharing.names: width, case,
 * zero-width characters, doubled spaces). A name found inside a replacement is left out: replacing it could
 * never make it disappear, and would make a second redaction change the text again.
 */
function sourceNamesOf(names: SourceName[]): SourceName[] {
  const usable = names.filter((n) => namePattern(n.text) !== null && !n.text.includes(MARK_CHAR));
  return usable.filter((n) => !names.some((m) => mentionsAny(m.replacement, [n.text])));
}

/**
 * Terms become the mark. A term is cut at marks it contains: the mark itself is never a term, and a term with
 * a mark inside would reappear around the mark that replaced it. It is cut at lone surrogates too: half a
 * character cannot be removed without breaking the text, while its pieces can.
 */
function termRule(terms: string[]): Rule | null {
  const pieces = terms
    .flatMap((t) => t.split(/■+|\p{Cs}/u))
    .flatMap((piece) => {
      const pattern = literalPattern(piece);
      return pattern ? [{ length: piece.trim().length, pattern }] : [];
    });
  if (pieces.length === 0) return null;
  return {
    kind: 'term',
    pattern: new RegExp(
      longestFirst(pieces, (p) => p.length)
        .map((p) => p.pattern)
        .join('|'),
      'giu',
    ),
    replace: () => REDACTION_MARK,
  };
}

// ---- Internal addresses: private IPv4 and IPv6 ranges, and host names under private suffixes.

const DOT = String.raw`(?:\.|\[\.\])`; // also the defanged "[.]" of threat reports

const IPV4: Rule = {
  kind: 'internal-address',
  // Not within a longer dotted number (a version such as 1.2.3.4.5); a CIDR suffix goes with the address.
  pattern: new RegExp(
    String.raw`(?<!\d)(?<!\d\.)(\d{1,3})${DOT}(\d{1,3})${DOT}(\d{1,3})${DOT}(\d{1,3})(?:\/\d{1,2})?(?!\d)(?!\.\d)`,
    'gu',
  ),
  replace: (_match, groups) => {
    const [a = 256, b = 256, c = 256, d = 256] = groups.slice(0, 4).map(Number);
    if ([a, b, c, d].some((n) => n > 255)) return null;
    const internal =
      a === 10 ||
      a === 127 ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 169 && b === 254) ||
      (a === 100 && b >= 64 && b <= 127);
    return internal ? REDACTION_MARK : null;
  },
};

/** The eight 16-bit groups of an IPv6 address, or null when the text is not one. */
function ipv6Groups(text: string): number[] | null {
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const parse = (half: string) => (half === '' ? [] : half.split(':'));
  const [head = [], tail = []] = halves.map(parse);
  const all = [...head, ...tail];
  if (!all.every((g) => /^[0-9a-f]{1,4}$/i.test(g))) return null;
  if (halves.length === 1 ? all.length !== 8 : all.length > 7) return null;
  const zeros = Array<string>(8 - all.length).fill('0');
  return [...head, ...(halves.length === 2 ? zeros : []), ...tail].map((g) => Number.parseInt(g, 16));
}

const internalIpv6 = (g: number[]) =>
  ((g[0] ?? 0) & 0xfe00) === 0xfc00 || // unique local fc00::/7
  ((g[0] ?? 0) & 0xffc0) === 0xfe80 || // link-local fe80::/10
  g.every((n, i) => n === (i === 7 ? 1 : 0)); // loopback ::1

// The longest IPv6 address that ends a run of hex digits and colons: the run may begin with a word's hex
// letters ("ID:fd00::1") or end with a sentence's colon ("at fd00::1:").
function ipv6Within(run: string): { at: number; end: number; groups: number[] } | null {
  const end = run.endsWith(':') && !run.endsWith('::') ? run.length - 1 : run.length;
  for (let at = Math.max(0, end - 39); at < end; at++) {
    if (at > 0 && run[at - 1] !== ':') continue;
    if (run[at] === ':' && run[at + 1] !== ':') continue;
    const groups = ipv6Groups(run.slice(at, end));
    if (groups) return { at, end, groups };
  }
  return null;
}

const IPV6: Rule = {
  kind: 'internal-address',
  pattern: /(?<![0-9a-f:])[0-9a-f:]*:[0-9a-f:]*/giu,
  replace: (run) => {
    const found = ipv6Within(run);
    if (!found || !internalIpv6(found.groups)) return null;
    return run.slice(0, found.at) + REDACTION_MARK + run.slice(found.end);
  },
};

const LABEL = '[a-z0-9_][a-z0-9_-]*';
const HOST: Rule = {
  kind: 'internal-address',
  // Whole names only: "fs01.corp" is internal, "corp.example.com" is not.
  pattern: new RegExp(
    `(?<![a-z0-9_.-])(?:${LABEL}${DOT})+(?:localdomain|local|internal|lan|corp|intra|home${DOT}arpa)` +
      `(?![a-z0-9_-])(?!${DOT}[a-z0-9_-])`,
    'giu',
  ),
  replace: () => REDACTION_MARK,
};

// A host under one of the given domains, or the domain itself, in any width and case, with defanged dots;
// whole names only: "notexample.go.jp" and "example.go.jp.evil.com" are not under example.go.jp.
const WIDE_LABEL = '[a-z0-9_ｦ-ﾟ０-９Ａ-Ｚａ-ｚ＿][a-z0-9_０-９Ａ-Ｚａ-ｚ＿-]*';
const ANY_DOT = String.raw`(?:\.|\[\.\]|．|\[．\])`;

function domainsRule(domains: readonly string[]): Rule | null {
  const patterns = domains
    .map((d) => d.trim().replace(/\.$/, ''))
    .filter((d) => d.includes('.'))
    .map((d) =>
      d
        .split('.')
        .map((label) => Array.from(label, charPattern).join(''))
        .join(ANY_DOT),
    );
  if (patterns.length === 0) return null;
  return {
    kind: 'internal-address',
    pattern: new RegExp(
      `(?<![a-z0-9_.０-９Ａ-Ｚａ-ｚ＿．-])(?:${WIDE_LABEL}${ANY_DOT})*(?:${patterns.join('|')})` +
        `(?![a-z0-9_０-９Ａ-Ｚａ-ｚ＿-])(?!${ANY_DOT}[a-z0-9_０-９Ａ-Ｚａ-ｚ＿-])`,
      'giu',
    ),
    replace: () => REDACTION_MARK,
  };
}

// ---- Personal data: e-mail addresses, Japanese phone numbers, My Number-like digit runs.

const D = '[0-9０-９]';
const WORD = String.raw`\p{N}\p{Lu}\p{Ll}_`;
const JOIN = '[-.‐‑–—―−－]';
// A number stands alone: not part of a word, a hash, or a longer hyphenated or dotted number.
const ALONE_BEFORE = `(?<![${WORD}])(?<![${WORD}]${JOIN})`;
const ALONE_AFTER = `(?![${WORD}])(?!${JOIN}[${WORD}])`;

const EMAIL: Rule = {
  kind: 'personal-data',
  pattern: /(?<![a-z0-9._%+-])[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,63}(?![a-z0-9-])/giu,
  replace: () => REDACTION_MARK,
};

const MY_NUMBER: Rule = {
  kind: 'personal-data',
  pattern: new RegExp(`${ALONE_BEFORE}(?:${D}{12}|${D}{4}[- 　]${D}{4}[- 　]${D}{4})${ALONE_AFTER}`, 'gu'),
  replace: () => REDACTION_MARK,
};

const SEP = '[-‐‑–—―−－ー 　]?';
const OPEN = '[(（]?';
const CLOSE = '[)）]?';
const asciiDigits = (s: string) =>
  Array.from(s.matchAll(/[0-9０-９]/gu), ([d = '0']) => {
    const code = d.codePointAt(0) ?? 0;
    return String(code >= 0xff10 ? code - 0xff10 : code - 0x30);
  }).join('');

const PHONE: Rule = {
  kind: 'personal-data',
  pattern: new RegExp(
    `${ALONE_BEFORE}(?:[+＋][8８][1１]${SEP}(?:[(（][0０][)）]${SEP})?|${OPEN}[0０])` +
      `${D}{1,4}${CLOSE}${SEP}${OPEN}${D}{1,4}${CLOSE}${SEP}${D}{3,4}${ALONE_AFTER}`,
    'gu',
  ),
  replace: (match) => {
    const digits = asciiDigits(match);
    // +81 stands for the leading 0 (and "+81 (0)3" spells it twice).
    const national = /^[+＋]/u.test(match) ? `0${digits.slice(2).replace(/^0/, '')}` : digits;
    const valid = /^0[1-9]/.test(national) && (national.length === 10 || national.length === 11);
    return valid ? REDACTION_MARK : null;
  },
};

// ---- The whole redaction.

interface Plan {
  sources: SourceName[];
  /** Rules that only ever replace text with the mark, in the order they run. */
  marking: Rule[];
}

function planOf(r: Redaction): Plan {
  const terms = termRule(r.terms ?? []);
  const domains = r.internalAddresses ? domainsRule(r.internalDomains ?? []) : null;
  return {
    sources: sourceNamesOf(r.sourceNames ?? []),
    // Whole addresses and numbers first: a term inside an e-mail address would otherwise leave its domain.
    marking: [
      ...(r.personalData ? [EMAIL, MY_NUMBER, PHONE] : []),
      ...(r.internalAddresses ? [IPV4, IPV6, HOST] : []),
      ...(domains ? [domains] : []),
      ...(terms ? [terms] : []),
    ],
  };
}

// Source names are replaced until none is left (a name may straddle a replacement and the text after it); a
// bound keeps a pathological list of names from looping.
const SOURCE_ROUNDS = 8;

/**
 * Runs the rules until they find nothing more, so that redacting the result again changes nothing. Marking
 * rounds end: each replacement removes at least one character that is not a mark.
 */
function redactText(text: string, plan: Plan, tally: Tally): string {
  let out = text;
  if (plan.sources.length > 0) {
    const names = plan.sources.map((n) => n.text);
    for (let round = 0; round < SOURCE_ROUNDS; round++) {
      const replaced = replaceNames(out, names, (i) => plan.sources[i]?.replacement ?? '');
      out = replaced.text;
      tally.source += replaced.count;
      if (replaced.count === 0) break;
    }
  }
  for (;;) {
    const before = KINDS.reduce((sum, k) => sum + tally[k], 0);
    for (const rule of plan.marking) out = applyRule(out, rule, tally);
    if (KINDS.reduce((sum, k) => sum + tally[k], 0) === before) return out;
  }
}

/** Why an indicator must go: its value names a term or an internal address (values are never rewritten). */
function droppedAs(indicator: Indicator, plan: Plan): RedactionKind | null {
  for (const rule of plan.marking) {
    if (rule.kind === 'personal-data') continue;
    const probe: Tally = { source: 0, term: 0, 'internal-address': 0, 'personal-data': 0 };
    applyRule(indicator.value, rule, probe);
    if (probe[rule.kind] > 0) return rule.kind;
  }
  return null;
}

/**
 * Redacts the title, body, mitigations and indicator descriptions; drops the indicators whose value names a
 * term or an internal address. Idempotent: redacting the result again with the same options changes nothing.
 * Without source names the result is `contentWithin` its input (only deletions and marks); a source name's
 * replacement inserts words, so an anonymised share is not.
 */
export function redactContent(
  content: ShareContent,
  r: Redaction,
): { content: ShareContent; applied: { kind: RedactionKind; count: number }[] } {
  const plan = planOf(r);
  const tally: Tally = { source: 0, term: 0, 'internal-address': 0, 'personal-data': 0 };
  const text = (t: string) => redactText(t, plan, tally);
  const indicators = content.indicators.flatMap((indicator): Indicator[] => {
    const dropped = droppedAs(indicator, plan);
    if (dropped) {
      tally[dropped] += 1;
      return [];
    }
    return [
      indicator.description === undefined
        ? { ...indicator }
        : { ...indicator, description: text(indicator.description) },
    ];
  });
  return {
    content: {
      title: text(content.title),
      body: text(content.body),
      indicators,
      mitigations: content.mitigations.map(text),
    },
    applied: KINDS.filter((k) => tally[k] > 0).map((kind) => ({ kind, count: tally[kind] })),
  };
}
