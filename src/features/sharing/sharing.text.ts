// The one text normaliser and the one quote detector of every consent check: the sourceless-share guard, the
// standing consent's "no quote" and anonymity checks, and the redaction of source names. Pure: the composer's
// preview runs this module too.
//
// Normalised text is what a reader perceives, not how it was typed: format and zero-width characters are gone
// (U+200B–U+200F, U+2060–U+206F, U+FEFF, U+00AD, variation selectors, tag characters: every Cf and
// Default_Ignorable_Code_Point), then NFKC (full-width ＡＢＣ and half-width ｶﾀｶﾅ become ABC and カタカナ, ① becomes
// 1), then case folded, and every run of Unicode whitespace (U+3000 included) is one space.

const IGNORABLE = /[\p{Cf}\p{Default_Ignorable_Code_Point}]/u;
const EXTEND = /\p{Grapheme_Extend}/u;
const SPACE = /\p{White_Space}/u;

/** Printable ASCII, hiragana, katakana and the common kanji: each its own normal form. */
const plain = (code: number) =>
  (code >= 0x20 && code < 0x7f) ||
  (code >= 0x3041 && code <= 0x3096) ||
  (code >= 0x30a1 && code <= 0x30fa) ||
  (code >= 0x4e00 && code <= 0x9fff);

/** Whether a character belongs to the cluster before it: a mark, or an ignorable character skipped over. */
const joins = (code: number) => {
  if (code < 0xad) return false;
  const ch = String.fromCodePoint(code);
  return IGNORABLE.test(ch) || EXTEND.test(ch);
};

/** Normalised text, with the raw span (UTF-16 offsets, end exclusive) each of its code units came from. */
export interface Normalised {
  text: string;
  from: number[];
  to: number[];
}

// Most clusters repeat (kana, kanji, digits): their normal form is remembered, up to a bound.
const CACHE_LIMIT = 20_000;
const cache = new Map<string, string>();

function fold(cluster: string): string {
  const known = cache.get(cluster);
  if (known !== undefined) return known;
  // Upper then lower case folds what lower case alone keeps apart (ß and SS, ς and σ, ſ and s), until
  // nothing changes (ẞ lowers to ß, which folds further to ss).
  let out = cluster.normalize('NFKC');
  for (let round = 0; round < 3; round++) {
    const folded = out.toUpperCase().toLowerCase().normalize('NFKC');
    if (folded === out) break;
    out = folded;
  }
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(cluster, out);
  return out;
}

/**
 * Normalises a text cluster by cluster (a character with the marks that follow it, ignorable characters
 * skipped over, so that ｶ + U+200B + ﾞ is still ガ), keeping where each normalised unit came from: a name found
 * in the normalised text is removed from the raw one, ignorable characters inside it included.
 */
export function normaliseMapped(raw: string): Normalised {
  const text: string[] = [];
  const from: number[] = [];
  const to: number[] = [];
  let space = true; // at the start, a space is dropped (leading whitespace)
  const emit = (unit: string, start: number, end: number) => {
    if (SPACE.test(unit)) {
      if (space) {
        // Several whitespace runs in a row are one space, spanning all of them.
        if (to.length > 0 && text[text.length - 1] === ' ') to[to.length - 1] = end;
        return;
      }
      space = true;
      text.push(' ');
    } else {
      space = false;
      text.push(unit);
    }
    from.push(start);
    to.push(end);
  };
  let i = 0;
  while (i < raw.length) {
    const start = i;
    const base = raw.codePointAt(i) ?? 0;
    i += base > 0xffff ? 2 : 1;
    const next = i < raw.length ? (raw.codePointAt(i) ?? 0) : -1;
    // Most characters stand alone and are their own normal form (ASCII, kana, kanji): no regex, no NFKC.
    if (plain(base) && (next < 0 || plain(next) || !joins(next))) {
      emit(
        base >= 0x41 && base <= 0x5a ? String.fromCharCode(base + 32) : String.fromCodePoint(base),
        start,
        i,
      );
      continue;
    }
    const baseChar = String.fromCodePoint(base);
    if (IGNORABLE.test(baseChar)) continue;
    let cluster = baseChar;
    while (i < raw.length) {
      const code = raw.codePointAt(i) ?? 0;
      if (!joins(code)) break;
      if (!IGNORABLE.test(String.fromCodePoint(code))) cluster += String.fromCodePoint(code);
      i += code > 0xffff ? 2 : 1;
    }
    const end = i;
    for (const unit of fold(cluster)) {
      if (IGNORABLE.test(unit)) continue;
      // A surrogate pair stays one entry per code unit, both mapped to the cluster.
      for (let k = 0; k < unit.length; k++) emit(unit.length === 1 ? unit : (unit[k] as string), start, end);
    }
  }
  if (text[text.length - 1] === ' ') {
    text.pop();
    from.pop();
    to.pop();
  }
  return { text: text.join(''), from, to };
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** The normal form of a text: what every consent check compares. Idempotent. */
export const normaliseText = (raw: string): string =>
  // Printable ASCII (most indicators, much of any report) is its own normal form but for case and runs of
  // spaces: the same text as the character walk gives, a tenth of its time.
  PRINTABLE_ASCII.test(raw) ? raw.toLowerCase().replace(/ {2,}/g, ' ').trim() : normaliseMapped(raw).text;

// ---- Quotes.

const NOT_WORDS = /[\p{White_Space}\p{P}\p{S}\p{Cc}]/u;

/**
 * What a quote is measured on: the normalised text without whitespace, punctuation and symbols, as code
 * points. A line break, a 「」, an inserted ・ or ■ does not make a copied sentence new.
 */
export function quoteKey(raw: string): string[] {
  const out: string[] = [];
  for (const ch of normaliseText(raw)) if (!NOT_WORDS.test(ch)) out.push(ch);
  return out;
}

/**
 * How much a character says, for the length of a quote: its UTF-8 length, at most 3. A kanji or kana
 * carries about what three Latin letters do, which UTF-8 happens to measure.
 */
export const weightOf = (ch: string): number => {
  const code = ch.codePointAt(0) ?? 0;
  return code < 0x80 ? 1 : code < 0x800 ? 2 : 3;
};

/**
 * The shortest quote: 36, that is 12 Japanese characters (a clause: 「ランサムウェアに感染した」) or 36 Latin
 * letters (six to seven English words; twelve letters would make "vulnerability" a quote of any report).
 */
export const QUOTE_WEIGHT = 36;
/** The fewest code points a quote can have: every character weighs at most 3. */
export const QUOTE_MIN_LENGTH = QUOTE_WEIGHT / 3;

// ---- Short values.

/**
 * Characters a short value is looked up by: the index holds the first SHORT_GRAM characters of each short
 * value's key, and a share's every run of SHORT_GRAM characters is looked up.
 */
export const SHORT_GRAM = 6;
/** Below this weight, a short value must hold a digit to be guarded ("server" is a word; "kz7781" a name). */
const SHORT_PLAIN_WEIGHT = 10;

/**
 * The key of a typed free-text value (a user agent, a file name, a free observable) that a quote would not
 * catch (it weighs less than QUOTE_WEIGHT) but that names something: at least SHORT_GRAM characters once
 * normalised without whitespace, punctuation and symbols (see quoteKey), and either a digit among them or a
 * weight of SHORT_PLAIN_WEIGHT. Null for a value too short or too plain to guard, or long enough to be quoted.
 */
export function shortValueKey(value: string): string | null {
  const key = quoteKey(value);
  if (key.length < SHORT_GRAM) return null;
  let weight = 0;
  let digit = false;
  for (const ch of key) {
    weight += weightOf(ch);
    if (/\p{Nd}/u.test(ch)) digit = true;
  }
  if (weight >= QUOTE_WEIGHT || (weight < SHORT_PLAIN_WEIGHT && !digit)) return null;
  return key.join('');
}

/** The lookup key of the run of SHORT_GRAM characters of a key (as code points) at `at`. */
export const shortGram = (key: readonly string[], at: number): string =>
  `s:${key.slice(at, at + SHORT_GRAM).join('')}`;

/** A suffix automaton of a key: every substring of it, recognised in time linear in the text read. */
function automaton(key: string[]) {
  const len = [0];
  const link = [-1];
  const next: Map<string, number>[] = [new Map()];
  let last = 0;
  for (const ch of key) {
    const cur = len.length;
    len.push((len[last] ?? 0) + 1);
    link.push(-1);
    next.push(new Map());
    let p = last;
    while (p !== -1 && !next[p]?.has(ch)) {
      next[p]?.set(ch, cur);
      p = link[p] ?? -1;
    }
    if (p === -1) link[cur] = 0;
    else {
      const q = next[p]?.get(ch) as number;
      if ((len[p] ?? 0) + 1 === len[q]) link[cur] = q;
      else {
        const clone = len.length;
        len.push((len[p] ?? 0) + 1);
        link.push(link[q] ?? 0);
        next.push(new Map(next[q]));
        while (p !== -1 && next[p]?.get(ch) === q) {
          next[p]?.set(ch, clone);
          p = link[p] ?? -1;
        }
        link[q] = clone;
        link[cur] = clone;
      }
    }
    last = cur;
  }
  return { len, link, next };
}

/**
 * For each position of `text`, the length (in code points) of the longest run ending there that also occurs
 * in `source`: the matching statistics of the two keys.
 */
export function commonRuns(text: string[], source: string[]): number[] {
  const { len, link, next } = automaton(source);
  const out: number[] = [];
  let state = 0;
  let length = 0;
  for (const ch of text) {
    while (state !== 0 && !next[state]?.has(ch)) {
      state = link[state] ?? 0;
      length = len[state] ?? 0;
    }
    const to = next[state]?.get(ch);
    if (to === undefined) {
      state = 0;
      length = 0;
    } else {
      state = to;
      length++;
    }
    out.push(length);
  }
  return out;
}

/** Prefix sums of the weights of a key: the weight of key[a..b) is sums[b] - sums[a]. */
export function weightSums(key: string[]): number[] {
  const sums = [0];
  for (const ch of key) sums.push((sums[sums.length - 1] ?? 0) + weightOf(ch));
  return sums;
}

/**
 * Whether `text` quotes `source`: after normalisation, they share a run of words (whitespace, punctuation
 * and symbols aside) weighing at least `minWeight` (QUOTE_WEIGHT). Linear in the two lengths.
 */
export function quotes(text: string, source: string, minWeight = QUOTE_WEIGHT): boolean {
  return quotesKey(quoteKey(text), quoteKey(source), minWeight);
}

/** `quotes`, on keys already made. */
export function quotesKey(text: string[], source: string[], minWeight = QUOTE_WEIGHT): boolean {
  if (text.length === 0 || source.length === 0) return false;
  const runs = commonRuns(text, source);
  const sums = weightSums(text);
  return runs.some((l, i) => l > 0 && (sums[i + 1] ?? 0) - (sums[i + 1 - l] ?? 0) >= minWeight);
}

/**
 * Which positions of `text` lie inside a quote of `source` (a common run of QUOTE_WEIGHT or more): the part of
 * a share its declared sources explain. Several sources are one key, joined by a separator no key holds.
 */
export function coveredBy(text: string[], source: string[], minWeight = QUOTE_WEIGHT): boolean[] {
  const covered = text.map(() => false);
  if (source.length === 0) return covered;
  const runs = commonRuns(text, source);
  const sums = weightSums(text);
  // The runs' starts never move back (a run ending later starts no earlier): one pass marks them all.
  let marked = -1;
  runs.forEach((l, i) => {
    if (l === 0 || (sums[i + 1] ?? 0) - (sums[i + 1 - l] ?? 0) < minWeight) return;
    for (let p = Math.max(i - l + 1, marked + 1); p <= i; p++) covered[p] = true;
    marked = i;
  });
  return covered;
}

/**
 * Whether `text` quotes `source` outside the covered positions: a common run of at least `minWeight` none of
 * whose characters a declared source explains.
 */
export function quotesBeyond(
  text: string[],
  source: string[],
  covered: readonly boolean[],
  minWeight = QUOTE_WEIGHT,
): boolean {
  if (text.length === 0 || source.length === 0) return false;
  const runs = commonRuns(text, source);
  const sums = weightSums(text);
  let lastCovered = -1;
  return runs.some((run, i) => {
    if (covered[i]) lastCovered = i;
    const l = Math.min(run, i - lastCovered);
    return l > 0 && (sums[i + 1] ?? 0) - (sums[i + 1 - l] ?? 0) >= minWeight;
  });
}

/** A separator between keys joined into one: no key holds it (control characters are not text). */
export const KEY_SEPARATOR = '\u0000';

// ---- Fingerprints: how a quote is found among many reports without reading them all.

/** Code points per fingerprinted gram, and grams per window: any common run of 12 shares a fingerprint. */
export const GRAM = 9;
export const WINDOW = QUOTE_MIN_LENGTH - GRAM + 1;

/** A 53-bit hash of a gram (cyrb53): collisions only add candidates, which the confirmation drops. */
function hashGram(codes: number[], at: number): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = at; i < at + GRAM; i++) {
    const c = codes[i] ?? 0;
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/**
 * The winnowed fingerprints of a key (Schleimer, Wilkerson, Aiken 2003): of every window of WINDOW
 * consecutive grams, the smallest hash (the rightmost of equals). Two keys that share a run of
 * QUOTE_MIN_LENGTH code points share a whole window, and so its fingerprint: every quote is found.
 * With `covered`, grams inside covered positions are left out (a covered run is contiguous, so its ends
 * tell).
 */
export function fingerprintsOfKey(key: string[], covered?: readonly boolean[]): Set<string> {
  const out = new Set<string>();
  const count = key.length - GRAM + 1;
  if (count <= 0) return out;
  const codes = key.map((ch) => ch.codePointAt(0) ?? 0);
  const hashes: number[] = [];
  for (let i = 0; i < count; i++) hashes.push(hashGram(codes, i));
  const windows = Math.max(1, count - WINDOW + 1);
  for (let w = 0; w < windows; w++) {
    let best = w;
    for (let i = w; i < Math.min(count, w + WINDOW); i++)
      if ((hashes[i] as number) <= (hashes[best] as number)) best = i;
    // A gram that declared sources explain whole (see coveredBy) is no evidence of another report.
    if (covered?.[best] && covered[best + GRAM - 1]) continue;
    out.add(`q:${(hashes[best] as number).toString(36)}`);
  }
  return out;
}

/** The fingerprints of a text's quotes. */
export const quoteFingerprints = (raw: string): Set<string> => fingerprintsOfKey(quoteKey(raw));
