// How incident search compares text: the stored search text and every query term are folded the same way,
// here, in TypeScript, so that SQLite's FTS5 and PostgreSQL's pg_trgm see the same characters on both sides.
// Migration 0019 holds a frozen copy of this function for the rows written before it; a change here that
// changes what is stored needs a migration that folds the stored rows again.

const IGNORABLE = /[\p{Cf}\p{Default_Ignorable_Code_Point}]/gu;
const SPACES = /\p{White_Space}+/gu;
/** Hyphens, dashes and the minus sign typed for one another. */
const DASHES = /[\u2010-\u2015\u2212\uFE63\uFF0D]/g;
/** A hyphen or dash typed for the long vowel mark: after katakana, not before a letter or digit of another script. */
const DASH_AS_LONG_VOWEL = /(?<=[\u30A1-\u30FA\u30FC])-(?=[\u30A1-\u30FA\u30FC]|[^\p{L}\p{N}]|$)/gu;
/**
 * A word-final long vowel mark after three or more katakana (サーバー, ユーザー, コンピューター): the Japanese
 * notation rules (JIS Z 8301, the Cabinet's 外来語の表記) let writers omit it, so サーバー and サーバ are one word.
 * Shorter words keep it (カー is not カ).
 */
const OPTIONAL_LONG_VOWEL = /(?<=[\u30A1-\u30FA\u30FC]{3})\u30FC+(?![\u30A1-\u30FA\u30FC])/gu;

/**
 * Text as search compares it: zero-width and other format characters removed, NFKC (half-width ﾗﾝｻﾑ is ランサム,
 * full-width ＲＡＮＳＯＭ is RANSOM, ｰ is ー), case folded (upper then lower, so that ß and SS meet), dashes one
 * hyphen, a hyphen after katakana the long vowel mark, the optional final long vowel mark dropped, and every run
 * of white space (U+3000 included) one space.
 */
export function foldForSearch(text: string): string {
  return text
    .replace(IGNORABLE, '')
    .normalize('NFKC')
    .toUpperCase()
    .toLowerCase()
    .normalize('NFKC')
    .replace(DASHES, '-')
    .replace(/\u301C/g, '~')
    .replace(DASH_AS_LONG_VOWEL, '\u30FC')
    .replace(OPTIONAL_LONG_VOWEL, '')
    .replace(SPACES, ' ');
}

/** Splits a search string into folded terms; quoted phrases (in any width of quote) stay whole. */
export function searchTerms(q: string | undefined): string[] {
  if (!q) return [];
  const terms: string[] = [];
  for (const m of foldForSearch(q).matchAll(/"([^"]+)"|(\S+)/g)) {
    const t = (m[1] ?? m[2] ?? '').trim();
    if (t) terms.push(t);
  }
  return terms.slice(0, 10);
}
