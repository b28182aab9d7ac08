import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { everyNameOf, namesOf } from './sharing.canonical.js';
import { findNames, mentionsAny, replaceNames } from './sharing.names.js';
import { redactContent } from './sharing.redaction.js';

// A body's names, abbreviations and slug, found however a text spells them, and nothing that merely looks
// like one.

const METI = {
  kind: 'ministry',
  nameJa: '経済産業省',
  nameEn: 'Ministry of Economy, Trade and Industry',
  slug: 'meti',
  aliases: ['METI', '経産省'],
};
const IPA = {
  kind: 'agency',
  nameJa: '独立行政法人情報処理推進機構',
  nameEn: 'Information-technology Promotion Agency (IPA)',
  slug: 'ipa',
  aliases: ['IPA', '情報処理推進機構'],
};
const names = [...everyNameOf(METI), ...everyNameOf(IPA)];

describe('finding names', () => {
  it.each([
    '経産省の職員',
    '経済 産業省から',
    '経済\u200b産業省',
    '経済\u3000\u3000産業省',
    'ＭＥＴＩ',
    'M\u200bETI reported',
    'per meti.',
    'ipa2024',
    'IPAの調査',
    'ministry  of economy, trade and industry',
    '情報処理推進機構',
    'ｼﾞｮｳﾎｳ',
  ])('finds a name in %j', (text) => {
    if (text === 'ｼﾞｮｳﾎｳ') expect(mentionsAny(text, names)).toBe(false);
    else expect(mentionsAny(text, names)).toBe(true);
  });

  it.each(['PIPA', 'an IP address', 'the iPad', 'Microsoft', 'metis', '産業'])(
    'finds no name in %j',
    (text) => {
      expect(mentionsAny(text, names)).toBe(false);
    },
  );

  it('replaces each name, its invisible characters included, in the raw text', () => {
    expect(
      replaceNames('経済\u200b産業省とＭＥＴＩ、IPA', ['経済産業省', 'METI', 'IPA'], () => '■').text,
    ).toBe('■と■、■');
  });

  it('anonymises every spelling of every name of a source body, and leaves none behind', () => {
    const spelling = fc.record({
      name: fc.constantFrom(...names),
      invisible: fc.constantFrom('', '\u200b', '\u2060', '\ufeff', '\u00ad'),
      wide: fc.boolean(),
      upper: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(spelling, { minLength: 1, maxLength: 4 }), (parts) => {
        const written = parts.map(({ name, invisible, wide, upper }) =>
          Array.from(upper ? name.toUpperCase() : name)
            .map((c) => {
              const code = c.codePointAt(0) ?? 0;
              return wide && code >= 0x21 && code <= 0x7e ? String.fromCodePoint(code + 0xfee0) : c;
            })
            .join(invisible),
        );
        const body = written.join('、そして');
        const out = redactContent(
          { title: 'x', body, indicators: [], mitigations: [] },
          { sourceNames: namesOf([METI, IPA]) },
        ).content.body;
        expect(mentionsAny(out, names), out).toBe(false);
        expect(findNames(out, names)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
