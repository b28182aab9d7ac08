// The simple STIX 2.1 patterns an import understands: comparisons `[object:path = 'value']` joined by OR and
// AND, inside or across brackets, with parentheses. Each comparison on a path that maps onto one of our kinds
// of indicator becomes one indicator; a pattern with anything else (another operator, a qualifier such as
// WITHIN or REPEATS, FOLLOWEDBY, a binary or hex literal) is not read at all rather than read in part. Pure.

import type { IndicatorType } from '../indicators/indicators.types.js';
import { OBSERVABLE_TYPE } from './sharing.stix.values.js';

/** One comparison of a pattern: the object path and the value compared with it. */
export interface Comparison {
  path: string;
  value: string;
}

export type PatternReading =
  | { ok: true; comparisons: Comparison[] }
  | { ok: false; code: string; reason: string };

/** The longest pattern read; a longer one is not imported. */
export const PATTERN_MAX = 20_000;
const NESTING_MAX = 20;

type Token =
  | { kind: '[' | ']' | '(' | ')' | 'OR' | 'AND' | '=' }
  | { kind: 'path'; text: string }
  | { kind: 'string'; text: string }
  | { kind: 'int'; text: string };

// Sticky (`y`): each is tried at the tokenizer's place, without copying the rest of the pattern.
const PATH =
  /[a-z0-9-]{1,250}:[A-Za-z0-9_-]{1,250}(?:\.(?:'(?:[^'\\]|\\.){1,250}'|[A-Za-z0-9_-]{1,250})|\[(?:\d{1,6}|\*)\])*/y;
const SPACE = /\s+/y;
const WORD = /(OR|AND)\b/y;
const INT = /-?\d{1,15}\b/y;
/** The token at `at` of `re` (sticky), or null. */
const tokenAt = (re: RegExp, text: string, at: number) => {
  re.lastIndex = at;
  return re.exec(text);
};
const unsupported = (reason: string): PatternReading => ({
  ok: false,
  code: 'imports.unsupported_pattern',
  reason,
});

function tokenize(pattern: string): Token[] | PatternReading {
  const tokens: Token[] = [];
  let i = 0;
  while (i < pattern.length) {
    const space = tokenAt(SPACE, pattern, i);
    if (space) {
      i += space[0].length;
      continue;
    }
    const c = pattern[i] as string;
    if (c === '[' || c === ']' || c === '(' || c === ')' || c === '=') {
      tokens.push({ kind: c });
      i += 1;
      continue;
    }
    if (c === "'") {
      let j = i + 1;
      let text = '';
      for (; j < pattern.length && pattern[j] !== "'"; j++) {
        if (pattern[j] === '\\') {
          const next = pattern[j + 1];
          if (next !== '\\' && next !== "'")
            return unsupported("a string holds an escape other than \\\\ or \\'");
          text += next;
          j++;
        } else text += pattern[j];
      }
      if (j >= pattern.length) return unsupported('a string is not closed');
      tokens.push({ kind: 'string', text });
      i = j + 1;
      continue;
    }
    const word = tokenAt(WORD, pattern, i);
    if (word) {
      tokens.push({ kind: word[1] as 'OR' | 'AND' });
      i += word[0].length;
      continue;
    }
    const int = tokenAt(INT, pattern, i);
    if (int) {
      tokens.push({ kind: 'int', text: int[0] });
      i += int[0].length;
      continue;
    }
    const path = tokenAt(PATH, pattern, i);
    if (path) {
      tokens.push({ kind: 'path', text: path[0] });
      i += path[0].length;
      continue;
    }
    const what = /^[A-Za-z!<>]+/.exec(pattern.slice(i))?.[0] ?? c;
    return unsupported(`'${what.slice(0, 40)}' is not part of a simple comparison joined by OR or AND`);
  }
  return tokens;
}

/** Recursive descent over the token list; `depth` bounds the nesting so that no pattern exhausts the stack. */
class Reader {
  private at = 0;
  readonly comparisons: Comparison[] = [];
  constructor(private readonly tokens: Token[]) {}

  private peek() {
    return this.tokens[this.at];
  }
  private take(kind: Token['kind']): Token | null {
    const t = this.tokens[this.at];
    if (t?.kind !== kind) return null;
    this.at += 1;
    return t;
  }
  done() {
    return this.at === this.tokens.length;
  }

  /** observation (OR|AND observation)*; inside brackets, the same over comparisons. */
  expression(depth: number, inside: boolean): boolean {
    if (depth > NESTING_MAX) return false;
    if (!this.term(depth, inside)) return false;
    for (let t = this.peek(); t?.kind === 'OR' || t?.kind === 'AND'; t = this.peek()) {
      this.at += 1;
      if (!this.term(depth, inside)) return false;
    }
    return true;
  }

  private term(depth: number, inside: boolean): boolean {
    if (this.take('(')) return this.expression(depth + 1, inside) && this.take(')') !== null;
    if (inside) return this.comparison();
    return this.take('[') !== null && this.expression(depth + 1, true) && this.take(']') !== null;
  }

  private comparison(): boolean {
    const path = this.take('path');
    if (!path || !this.take('=')) return false;
    const value = this.take('string') ?? this.take('int');
    if (!value || value.kind === 'path' || !('text' in value) || !('text' in path)) return false;
    this.comparisons.push({ path: path.text, value: value.text });
    return true;
  }
}

/** The comparisons of a simple pattern, or why it is not read. */
export function readPattern(pattern: string): PatternReading {
  if (pattern.length > PATTERN_MAX)
    return unsupported(`the pattern is longer than ${PATTERN_MAX} characters`);
  const tokens = tokenize(pattern);
  if (!Array.isArray(tokens)) return tokens;
  const reader = new Reader(tokens);
  if (!reader.expression(0, false) || !reader.done())
    return unsupported(
      'only comparisons with = of a string, joined by OR or AND, are read (no qualifiers, no FOLLOWEDBY)',
    );
  return { ok: true, comparisons: reader.comparisons };
}

const HASH_KEYS: Record<string, IndicatorType> = {
  MD5: 'md5',
  'SHA-1': 'sha1',
  SHA1: 'sha1',
  'SHA-256': 'sha256',
  SHA256: 'sha256',
  'SHA-512': 'sha512',
  SHA512: 'sha512',
};
const PLAIN_PATHS: Record<string, IndicatorType> = {
  'ipv4-addr:value': 'ipv4',
  'ipv6-addr:value': 'ipv6',
  'domain-name:value': 'domain',
  'url:value': 'url',
  'email-addr:value': 'email',
  'file:name': 'filename',
  'autonomous-system:number': 'asn',
  "network-traffic:extensions.'http-request-ext'.request_header.'User-Agent'": 'user-agent',
  // A header's values are a list in the STIX schema: some producers index it.
  "network-traffic:extensions.'http-request-ext'.request_header.'User-Agent'[*]": 'user-agent',
  "network-traffic:extensions.'http-request-ext'.request_header.'User-Agent'[0]": 'user-agent',
  // How our export writes a free observable (sharing.stix.values OBSERVABLE_TYPE).
  [`${OBSERVABLE_TYPE}:value`]: 'other',
};

/** Which of our kinds an object path names (a CIDR in an address's value is a cidr), or null. */
export function kindOfPath(path: string, value: string): IndicatorType | null {
  const hash = /^file:hashes\.(?:'([^']+)'|([A-Za-z0-9-]+))$/.exec(path);
  if (hash) return HASH_KEYS[(hash[1] ?? hash[2] ?? '').toUpperCase()] ?? null;
  const kind = PLAIN_PATHS[path] ?? null;
  if ((kind === 'ipv4' || kind === 'ipv6') && value.includes('/')) return 'cidr';
  return kind;
}
