import { describe, expect, it } from 'vitest';
import { foldForSearch, searchTerms } from './incidents.search.js';

describe('search folding', () => {
  it.each([
    ['half-width katakana and its sound marks', 'ﾗﾝｻﾑｳｪｱ ｹﾞｰﾑ', 'ランサムウェア ゲーム'],
    ['full-width Latin letters and digits', 'ＲＡＮＳＯＭ ２０２６', 'ransom 2026'],
    ['case, the German sharp s', 'RansomWare STRASSE straße', 'ransomware strasse strasse'],
    ['zero-width and format characters', 'ラン\u200bサム\u2060ウェア\ufeff', 'ランサムウェア'],
    ['every run of white space, the ideographic space included', 'a\u3000\u3000b\t\nc', 'a b c'],
    ['dashes and the minus sign as a hyphen', 'evil\u2013c2 \u2212 x\uff0dy', 'evil-c2 - x-y'],
    ['a hyphen after katakana as the long vowel mark', 'ゲ-ム サ\u2010バ', 'ゲーム サーバ'],
    [
      'a hyphen after katakana before Latin or digits stays',
      'ウイルス-2 ランサム-Lock',
      'ウイルス-2 ランサム-lock',
    ],
    [
      'the optional final long vowel mark',
      'サーバー ユーザーの コンピューター',
      'サーバ ユーザの コンピュータ',
    ],
    ['short words keep their long vowel mark', 'カー ビー', 'カー ビー'],
    ['a long vowel mark inside a word stays', 'サーバールーム', 'サーバールーム'],
  ])('folds %s', (_name, raw, folded) => {
    expect(foldForSearch(raw)).toBe(folded);
  });

  it('folds the text and the query alike, so that each variant finds the other', () => {
    for (const [typed, stored] of [
      ['ﾗﾝｻﾑ', 'ランサムウェア感染'],
      ['ＲＡＮＳＯＭ', 'ransomware'],
      ['サーバー', 'ファイルサーバ停止'],
      ['サーバ', 'ファイルサーバーの停止'],
      ['ｻｰﾊﾞ', 'サーバー'],
    ] as const)
      for (const term of searchTerms(typed)) expect(foldForSearch(stored), typed).toContain(term);
  });

  it('splits the folded query into terms, full-width quotes keeping a phrase whole', () => {
    expect(searchTerms('＂ｍａｉｌ\u3000ｔｏ＂　ＰＨＩＳＨ')).toEqual(['mail to', 'phish']);
    expect(searchTerms('\u200b \u200b')).toEqual([]);
    expect(searchTerms(undefined)).toEqual([]);
    expect(searchTerms(Array.from({ length: 12 }, (_, i) => `w${i}`).join(' '))).toHaveLength(10);
  });
});
