import { normaliseMapped, normaliseText } from './sharing.text.js';

// Finding a body's names (Japanese and English names, abbreviations, slug) in a text, whatever its spelling:
// both are normalised first (sharing.text), so width, case, zero-width characters and doubled spaces hide
// nothing. Pure: the composer's preview runs it.

const LATIN = /[\p{Script=Latin}\p{N}]/u;
const LATIN_WORD = /^[\p{Script=Latin}\p{N}]+$/u;
const SYNTAX = /[\\^$.*+?()[\]{}|/]/;
const escapeChar = (c: string) => (SYNTAX.test(c) ? `\\${c}` : c);

/**
 * The pattern of a name in normalised text, or null when it has nothing to find. Inside a word of Latin
 * letters and digits nothing may come between two letters; next to any other character (kanji, kana) a space
 * may, so that 経済 産業省 is still 経済産業省. A name of one Latin word (an abbreviation, a slug) stands as a
 * word: "IPA" is not in "PIPA" nor in "IP address", "MIC" not in "Microsoft" (a digit next to it does not
 * hide it); any other name is found wherever it is, inside a sentence without spaces too.
 */
export function namePattern(name: string): string | null {
  const chars = Array.from(normaliseText(name));
  if (chars.every((c) => c === ' ')) return null;
  let out = '';
  let previous: string | null = null;
  let gap = false;
  for (const c of chars) {
    if (c === ' ') {
      gap = true;
      continue;
    }
    if (previous !== null) out += gap ? ' ?' : LATIN.test(previous) && LATIN.test(c) ? '' : ' ?';
    out += escapeChar(c);
    previous = c;
    gap = false;
  }
  // Only a name of one Latin word needs to stand alone: longer names are specific enough anywhere.
  if (!LATIN_WORD.test(chars.join(''))) return out;
  return String.raw`(?<!\p{Script=Latin})${out}(?!\p{Script=Latin})`;
}

/** A name found in a raw text: where (UTF-16 offsets, end exclusive) and which of the names it is. */
export interface Found {
  start: number;
  end: number;
  name: number;
}

/** Every name found in a raw text, left to right, the longest first where two begin at one place. */
export function findNames(raw: string, names: readonly string[]): Found[] {
  const patterns = names
    .map((n, i) => ({ i, pattern: namePattern(n), length: normaliseText(n).length }))
    .filter((p): p is { i: number; pattern: string; length: number } => p.pattern !== null)
    .sort((a, b) => b.length - a.length);
  if (patterns.length === 0) return [];
  const all = new RegExp(patterns.map((p) => `(${p.pattern})`).join('|'), 'gu');
  const mapped = normaliseMapped(raw);
  const found: Found[] = [];
  for (const m of mapped.text.matchAll(all)) {
    const at = m.index ?? 0;
    const end = at + m[0].length;
    if (end === at) continue;
    const group = m.slice(1).findIndex((g) => g !== undefined);
    found.push({
      start: mapped.from[at] as number,
      end: mapped.to[end - 1] as number,
      name: patterns[group]?.i ?? 0,
    });
  }
  return found;
}

/** Whether a text names any of the names. */
export const mentionsAny = (raw: string, names: readonly string[]): boolean =>
  findNames(raw, names).length > 0;

/** A raw text with every name found replaced by what `replacement` says for it. */
export function replaceNames(
  raw: string,
  names: readonly string[],
  replacement: (name: number) => string,
): { text: string; count: number } {
  const found = findNames(raw, names);
  let text = raw;
  for (const f of [...found].reverse())
    text = text.slice(0, f.start) + replacement(f.name) + text.slice(f.end);
  return { text, count: found.length };
}
