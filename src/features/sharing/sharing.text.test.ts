import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  coveredBy,
  fingerprintsOfKey,
  normaliseMapped,
  normaliseText,
  QUOTE_MIN_LENGTH,
  QUOTE_WEIGHT,
  quoteFingerprints,
  quoteKey,
  quotes,
  quotesBeyond,
  SHORT_GRAM,
  shortValueKey,
  weightOf,
} from './sharing.text.js';

// The one normaliser and the one quote detector: what obfuscation they see through, what they must not find,
// and the promise of the fingerprints (every quote shares one).

const INVISIBLE = ['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad', '\ufe0f', '\u{e0041}'];
const SPACES = [' ', '  ', '\u3000', '\t', '\n', '\u00a0', '\u2003', ' \u3000 '];
const RED =
  '経済産業省の職員端末がランサムウェアに感染し、暗号化されたファイルサーバには機密情報が含まれていた。';
const RED_EN = 'The attacker used a stolen VPN account of the payroll office to reach the file server.';

/** Hides a text the ways an analyst might: invisible characters, full width, case, spaces. */
const obfuscation = fc.record({
  invisible: fc.constantFrom(...INVISIBLE),
  every: fc.integer({ min: 1, max: 5 }),
  wide: fc.boolean(),
  upper: fc.boolean(),
  space: fc.constantFrom(...SPACES),
});
function obfuscate(
  text: string,
  o: { invisible: string; every: number; wide: boolean; upper: boolean; space: string },
) {
  const chars = Array.from(o.upper ? text.toUpperCase() : text).map((c) => {
    const code = c.codePointAt(0) ?? 0;
    if (c === ' ') return o.space;
    return o.wide && code >= 0x21 && code <= 0x7e ? String.fromCodePoint(code + 0xfee0) : c;
  });
  return chars.map((c, i) => (i % o.every === 0 ? `${o.invisible}${c}` : c)).join('');
}

describe('the normal form of printable ASCII', () => {
  it('is what the character walk gives, for any printable ASCII text', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...' \x20  aZ09.-_@[]()/:;,!~', ...'AbCxYz') }),
        (raw) => {
          expect(normaliseText(raw)).toBe(normaliseMapped(raw).text);
        },
      ),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-ascii', maxLength: 80 }), (raw) => {
        expect(normaliseText(raw)).toBe(normaliseMapped(raw).text);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('normaliseText', () => {
  it('sees through width, case, invisible characters and whitespace', () => {
    expect(normaliseText('  Ｅｖｉｌ\u200b－Ｃ２\u3000\u3000Ｅｘａｍｐｌｅ ')).toBe('evil-c2 example');
    expect(normaliseText('ｶﾞｲﾄﾞﾗｲﾝ')).toBe('ガイドライン');
    expect(normaliseText('ｶ\u200bﾞ')).toBe('ガ');
    expect(normaliseText('STRASSE Straße ſ ẞ')).toBe('strasse strasse s ss');
    expect(normaliseText('①\u00ad②')).toBe('12');
    expect(normaliseText('a\u200b\u200c\u200d\u2060\ufeffb')).toBe('ab');
    expect(normaliseText('\u3000\n\t')).toBe('');
  });

  it('is idempotent, and ignores what a reader cannot see', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), obfuscation, (s, o) => {
        const once = normaliseText(s);
        expect(normaliseText(once)).toBe(once);
        const hidden = Array.from(s)
          .map((c, i) => (i % o.every === 0 ? `${o.invisible}${c}` : c))
          .join('');
        expect(normaliseText(hidden)).toBe(once);
      }),
      { numRuns: 500 },
    );
  });

  it('maps every normalised unit back to the raw text it came from', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 30 }), (s) => {
        const m = normaliseMapped(s);
        expect(m.from.length).toBe(m.text.length);
        expect(m.to.length).toBe(m.text.length);
        for (let i = 0; i < m.text.length; i++) {
          expect(m.from[i]).toBeLessThan(m.to[i] as number);
          expect(m.to[i]).toBeLessThanOrEqual(s.length);
          if (i > 0) expect(m.from[i]).toBeGreaterThanOrEqual(m.from[i - 1] as number);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('quotes', () => {
  it('weighs a Japanese character as three Latin letters', () => {
    expect(weightOf('a')).toBe(1);
    expect(weightOf('é')).toBe(2);
    expect(weightOf('攻')).toBe(3);
    expect(weightOf('𠮷')).toBe(3);
    expect(QUOTE_MIN_LENGTH).toBe(12);
  });

  it('finds twelve Japanese characters or thirty-six Latin letters in common, and no fewer', () => {
    expect(quotes('報告: ランサムウェアに感染し、暗号化', RED)).toBe(true);
    expect(quotes('ランサムウェアに感染し', RED)).toBe(false);
    expect(quotes('used a stolen VPN account of the payroll office', RED_EN)).toBe(true);
    expect(quotes('used a stolen VPN account of the payroll', RED_EN)).toBe(false);
    expect(quotes('a stolen VPN account', RED_EN)).toBe(false);
    expect(quotes('vulnerability', 'a vulnerability was found')).toBe(false);
    expect(quotes('', '')).toBe(false);
  });

  it('sees through line breaks, punctuation, symbols and inserted marks', () => {
    expect(quotes('ランサムウェアに\n感染し・暗号化', RED)).toBe(true);
    expect(quotes('ランサム■ウェアに「感染し」、暗号化', RED)).toBe(true);
    expect(quotes('used a stolen-VPN account,of the payroll!office', RED_EN)).toBe(true);
  });

  it('finds a report copied with any obfuscation', () => {
    fc.assert(
      fc.property(obfuscation, fc.constantFrom(RED, RED_EN), (o, source) => {
        expect(quotes(obfuscate(source, o), source)).toBe(true);
        expect(quotes(source, obfuscate(source, o))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('quotes exactly when an independent search finds a heavy enough shared run', () => {
    const unit = fc.constantFrom(...'ab攻撃 、\nX');
    fc.assert(
      fc.property(
        fc.string({ unit, maxLength: 24 }),
        fc.string({ unit, maxLength: 24 }),
        fc.integer({ min: 1, max: 12 }),
        (a, b, w) => {
          const ka = quoteKey(a);
          const kb = quoteKey(b).join('');
          let found = false;
          for (let i = 0; i < ka.length; i++)
            for (let j = i + 1; j <= ka.length; j++) {
              const run = ka.slice(i, j);
              if (run.reduce((n, c) => n + weightOf(c), 0) >= w && kb.includes(run.join(''))) found = true;
            }
          expect(quotes(a, b, w)).toBe(found);
          expect(quotes(b, a, w)).toBe(found);
        },
      ),
      { numRuns: 1_000 },
    );
  });
});

describe('quotes beyond what sources cover', () => {
  it('ignores a run a declared source explains, and finds one it does not', () => {
    const source = quoteKey('端末がランサムウェアに感染した。');
    const other = quoteKey('ファイルサーバには機密情報が含まれていた。端末がランサムウェアに感染した。');
    const share = quoteKey('端末がランサムウェアに感染した。');
    expect(quotesBeyond(share, other, coveredBy(share, source))).toBe(false);
    const more = quoteKey('端末がランサムウェアに感染した。ファイルサーバには機密情報が含まれていた。');
    expect(quotesBeyond(more, other, coveredBy(more, source))).toBe(true);
    expect(quotesBeyond(more, other, coveredBy(more, []))).toBe(true);
  });
});

describe('fingerprints', () => {
  it('are shared by any two texts with a quote in common', () => {
    const unit = fc.constantFrom(...'abcdefg攻撃者のサーバ');
    fc.assert(
      fc.property(
        fc.string({ unit, maxLength: 30 }),
        fc.string({ unit, minLength: QUOTE_MIN_LENGTH, maxLength: 20 }),
        fc.string({ unit, maxLength: 30 }),
        fc.string({ unit, maxLength: 30 }),
        fc.string({ unit, maxLength: 30 }),
        (pre1, common, post1, pre2, post2) => {
          const a = fingerprintsOfKey(quoteKey(pre1 + common + post1));
          const b = fingerprintsOfKey(quoteKey(pre2 + common + post2));
          expect([...a].some((f) => b.has(f))).toBe(true);
        },
      ),
      { numRuns: 1_000 },
    );
  });

  it('see through obfuscation', () => {
    const o = { invisible: '\u200b', every: 1, wide: true, upper: true, space: '\u3000' };
    const a = quoteFingerprints(RED);
    expect([...quoteFingerprints(obfuscate(RED, o))].some((f) => a.has(f))).toBe(true);
    expect(quoteFingerprints('短い').size).toBe(0);
    expect(QUOTE_WEIGHT).toBe(36);
  });

  it('leave out what covered positions explain whole', () => {
    const key = quoteKey(RED);
    expect(
      fingerprintsOfKey(
        key,
        key.map(() => true),
      ).size,
    ).toBe(0);
  });
});

describe('short values', () => {
  it.each([
    ['KZ-7781', 'kz7781'],
    ['ｋｚ－７７８１', 'kz7781'],
    ['K\u200bZ 7781', 'kz7781'],
    ['svc_maint_7', 'svcmaint7'],
    ['QxAgent/3.2', 'qxagent32'],
    ['保守端末九号', '保守端末九号'],
    ['invoice.docm', 'invoicedocm'],
  ])('keys %s as %s', (value, key) => {
    expect(shortValueKey(value)).toBe(key);
  });

  it.each([
    ['too short', 'kz77'],
    ['a plain word', 'server'],
    ['long enough to be a quote', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) TypedBot/7.1'],
    ['only symbols', '--//..::'],
  ])('does not key %s', (_, value) => {
    expect(shortValueKey(value)).toBeNull();
  });

  it('keys only what a quote would not catch, at least SHORT_GRAM characters long', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (value) => {
        const key = shortValueKey(value);
        if (key === null) return;
        const chars = Array.from(key);
        expect(chars.length).toBeGreaterThanOrEqual(SHORT_GRAM);
        expect(chars.reduce((w, c) => w + weightOf(c), 0)).toBeLessThan(QUOTE_WEIGHT);
        // Quoted whole, it is no quote: what the short-value check is for.
        expect(quotes(value, value)).toBe(false);
      }),
    );
  });
});
