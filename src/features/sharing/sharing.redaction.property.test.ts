import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anonymousName, type Redaction, redactContent, type SourceName } from './sharing.redaction.js';
import { INDICATOR_TYPES, REDACTION_MARK, type ShareContent } from './sharing.terms.js';

// Random reports in Japanese and English, strewn with the things redaction looks for and with look-alikes that
// it must leave alone, under random options.

const INTERNAL = [
  '10.1.2.3',
  '172.20.0.9',
  '192.168.10.1',
  '127.0.0.1',
  'fd00::1',
  'fe80::1',
  'fs01.corp',
  'nas.local',
];
const PERSONAL = ['taro@example.jp', '03-1234-5678', '09012345678', '+81 3 1234 5678', '123456789012'];
const LOOKALIKES = [
  '203.0.113.5',
  '8.8.8.8',
  '1.2.3',
  '2001:db8::1',
  'corp.example.com',
  '2026-11-25',
  'CVE-2024-1234',
];
const NAMES: SourceName[] = [
  { text: 'デジタル庁', replacement: anonymousName('ministry', 'ja') },
  { text: 'Digital Agency', replacement: anonymousName('ministry', 'en') },
  { text: '情報処理推進機構', replacement: anonymousName('agency', 'ja') },
  { text: 'Information-technology Promotion Agency', replacement: anonymousName('agency', 'en') },
];

/** Characters where case and width matter, regex syntax, marks, and Japanese (one outside the BMP). */
const CHARS = [...'aAbBkKsSzZ019 .-:@/()[]{}*+?^$|\\\n攻撃者山田太郎のサーバを確認ｶﾅＡａ１■𠮷'];
const char = fc.constantFrom(...CHARS);
const noise = fc.string({ unit: char, maxLength: 12 });
const fragment = fc.oneof(
  { weight: 4, arbitrary: noise },
  { weight: 1, arbitrary: fc.constantFrom(...INTERNAL, ...PERSONAL, ...LOOKALIKES) },
  { weight: 1, arbitrary: fc.constantFrom(...NAMES.map((n) => n.text), REDACTION_MARK) },
);
const text = fc.array(fragment, { maxLength: 8 }).map((parts) => parts.join(''));

const content: fc.Arbitrary<ShareContent> = fc.record({
  title: text,
  body: text,
  indicators: fc.array(
    fc.record(
      {
        type: fc.constantFrom(...INDICATOR_TYPES),
        value: fc.oneof(fc.constantFrom(...INTERNAL, ...LOOKALIKES, 'evil.example', 'x@evil.example'), noise),
        description: text,
      },
      { requiredKeys: ['type', 'value'] },
    ),
    { maxLength: 4 },
  ),
  mitigations: fc.array(text, { maxLength: 3 }),
});

const fieldsOf = (c: ShareContent) => [
  c.title,
  c.body,
  ...c.mitigations,
  ...c.indicators.flatMap((i) => [i.value, i.description ?? '']),
];

/** Terms cut from the content itself (sometimes in another case), plus random ones. */
const withTerms = content.chain((c) => {
  const all = fieldsOf(c).join('\n');
  const cut = fc
    .tuple(fc.nat(all.length), fc.integer({ min: 1, max: 6 }), fc.boolean())
    .map(([at, length, upper]) => {
      const piece = all.slice(at, at + length);
      return upper ? piece.toUpperCase() : piece;
    });
  return fc.tuple(fc.constant(c), fc.array(fc.oneof(cut, noise), { maxLength: 4 }));
});

const options = (terms: string[]): fc.Arbitrary<Redaction> =>
  fc.record({
    sourceNames: fc.constantFrom([], NAMES),
    terms: fc.constant(terms),
    internalAddresses: fc.boolean(),
    personalData: fc.boolean(),
  });

const scenario = withTerms.chain(([c, terms]) => fc.tuple(fc.constant(c), options(terms)));

/** A term the redaction must have removed: it holds something besides marks, spacing and halves of characters. */
const findable = (term: string) => /[^\s■\p{Cs}]/u.test(term);

describe('redaction over random content', () => {
  it('is idempotent: a second pass changes nothing and counts nothing', () => {
    fc.assert(
      fc.property(scenario, ([c, r]) => {
        const once = redactContent(c, r).content;
        expect(redactContent(once, r)).toEqual({ content: once, applied: [] });
      }),
      { numRuns: 500 },
    );
  });

  it('is idempotent on any Unicode text', () => {
    const anyText = fc.oneof(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' }));
    fc.assert(
      fc.property(
        anyText,
        fc.array(anyText, { maxLength: 3 }),
        fc.boolean(),
        fc.boolean(),
        (body, terms, internalAddresses, personalData) => {
          const r: Redaction = { terms, internalAddresses, personalData, sourceNames: NAMES };
          const once = redactContent({ title: '', body, indicators: [], mitigations: [] }, r).content;
          expect(redactContent(once, r)).toEqual({ content: once, applied: [] });
        },
      ),
      { numRuns: 500 },
    );
  });

  it('is idempotent on text made of the pieces of addresses and numbers, glued together', () => {
    const piece = fc.oneof(
      fc.string({ unit: fc.constantFrom(...'0123456789abcdef.:-@+() [■]ー０'), maxLength: 6 }),
      fc.constantFrom(
        ...INTERNAL,
        ...PERSONAL,
        ...LOOKALIKES,
        'corp',
        'local',
        '.lan',
        'home.arpa',
        '172.',
        '+81',
      ),
    );
    const glued = fc.array(piece, { maxLength: 12 }).map((p) => p.join(''));
    fc.assert(
      fc.property(
        glued,
        fc.array(fc.string({ unit: fc.constantFrom(...'0189.:-af') }), { maxLength: 2 }),
        (body, terms) => {
          const r: Redaction = { terms, internalAddresses: true, personalData: true };
          const once = redactContent({ title: '', body, indicators: [], mitigations: [] }, r).content;
          expect(redactContent(once, r)).toEqual({ content: once, applied: [] });
        },
      ),
      { numRuns: 1_000 },
    );
  });

  it('leaves no term in any field, in any case', () => {
    fc.assert(
      fc.property(scenario, ([c, r]) => {
        const out = redactContent(c, r).content;
        for (const field of fieldsOf(out))
          for (const term of (r.terms ?? []).filter(findable))
            expect(field.toLowerCase()).not.toContain(term.trim().toLowerCase());
      }),
      { numRuns: 500 },
    );
  });

  it('leaves no source name when asked to anonymise', () => {
    fc.assert(
      fc.property(scenario, ([c, r]) => {
        const out = redactContent(c, { ...r, sourceNames: NAMES }).content;
        const texts = [
          out.title,
          out.body,
          ...out.mitigations,
          ...out.indicators.map((i) => i.description ?? ''),
        ];
        for (const t of texts)
          for (const n of NAMES) expect(t.toLowerCase()).not.toContain(n.text.toLowerCase());
      }),
    );
  });

  it('removes internal addresses and personal data, and keeps the look-alikes', () => {
    const strewn = fc.array(fc.oneof(noise, fc.constantFrom(...INTERNAL, ...PERSONAL, ...LOOKALIKES)), {
      maxLength: 10,
    });
    fc.assert(
      fc.property(strewn, (parts) => {
        // 「、」 keeps each part apart: no pattern reaches across it.
        const body = parts.map((p) => ` ${p} `).join('、');
        const out = redactContent(
          { title: '', body, indicators: [], mitigations: [] },
          { internalAddresses: true, personalData: true },
        ).content.body;
        for (const p of parts) {
          if (INTERNAL.includes(p) || PERSONAL.includes(p)) expect(out).not.toContain(p);
          if (LOOKALIKES.includes(p)) expect(out).toContain(` ${p} `);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('reports a redaction exactly when it changed something', () => {
    fc.assert(
      fc.property(scenario, ([c, r]) => {
        const out = redactContent(c, r);
        expect(out.applied.every((a) => a.count > 0)).toBe(true);
        expect(out.applied.length === 0).toBe(JSON.stringify(out.content) === JSON.stringify(c));
      }),
      { numRuns: 300 },
    );
  });
});
