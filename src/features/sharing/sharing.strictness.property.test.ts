import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { redactContent } from './sharing.redaction.js';
import { contentWithin, recipientsWithin, termsWithin, textWithin } from './sharing.strictness.js';
import {
  INDICATOR_TYPES,
  type Indicator,
  REDACTION_MARK,
  type Recipients,
  type ShareContent,
  type Terms,
  TLPS,
  tlpRank,
} from './sharing.terms.js';

// The order "at least as strict as" over random terms: what it must contain, what it must refuse, and that it
// agrees with plain reference definitions on small inputs.

const CHARS = [...'abcAB 1.-攻撃者のメール山田■𠮷\n'];
const text = fc.string({ unit: fc.constantFrom(...CHARS), maxLength: 40 });
const indicator: fc.Arbitrary<Indicator> = fc.record(
  {
    type: fc.constantFrom(...INDICATOR_TYPES),
    value: fc.constantFrom(
      '203.0.113.5',
      '10.0.0.1',
      'evil.example',
      'EVIL.example',
      'http://x.example/A',
      'ab',
    ),
    description: text,
  },
  { requiredKeys: ['type', 'value'] },
);
const content: fc.Arbitrary<ShareContent> = fc.record({
  title: text,
  body: text,
  indicators: fc.array(indicator, { maxLength: 4 }),
  mitigations: fc.array(text, { maxLength: 4 }),
});
const recipients: fc.Arbitrary<Recipients> = fc.oneof(
  fc.record({
    orgIds: fc.uniqueArray(fc.constantFrom('a', 'b', 'c', 'd'), { minLength: 1 }),
    users: fc.constant<Recipients['users']>([]),
  }),
  fc
    .uniqueArray(fc.constantFrom('u1', 'u2', 'u3', 'u4'), { minLength: 1 })
    .map((ids) => ids.map((id) => ({ id, orgId: id === 'u1' || id === 'u2' ? 'a' : 'b' })))
    .map((users) => ({ orgIds: [...new Set(users.map((u) => u.orgId))], users })),
);
const terms: fc.Arbitrary<Terms> = fc.record({ content, tlp: fc.constantFrom(...TLPS), recipients });

/** Random choices that delete some characters of a text and replace some runs with the mark. */
const edits = fc.array(fc.constantFrom('keep', 'keep', 'delete', 'mark'), { maxLength: 60 });
function tighten(t: string, choices: string[]): string {
  return Array.from(t)
    .map((ch, i) => {
      const choice = choices[i % Math.max(1, choices.length)] ?? 'keep';
      return choice === 'keep' ? ch : choice === 'mark' ? REDACTION_MARK : '';
    })
    .join('');
}

/** A stricter version of some content: fewer indicators and mitigations, each text cut down. */
const stricterContent = (c: ShareContent): fc.Arbitrary<ShareContent> =>
  fc
    .record({
      title: edits,
      body: edits,
      keepIndicators: fc.array(fc.boolean(), {
        minLength: c.indicators.length,
        maxLength: c.indicators.length,
      }),
      dropDescription: fc.array(fc.boolean(), {
        minLength: c.indicators.length,
        maxLength: c.indicators.length,
      }),
      keepMitigations: fc.array(fc.boolean(), {
        minLength: c.mitigations.length,
        maxLength: c.mitigations.length,
      }),
      text: edits,
    })
    .map((e) => ({
      title: tighten(c.title, e.title),
      body: tighten(c.body, e.body),
      indicators: c.indicators.flatMap((i, k) => {
        if (!e.keepIndicators[k]) return [];
        if (e.dropDescription[k] || i.description === undefined) return [{ type: i.type, value: i.value }];
        return [{ ...i, description: tighten(i.description, e.text) }];
      }),
      mitigations: c.mitigations.filter((_, k) => e.keepMitigations[k]).map((m) => tighten(m, e.text)),
    }));

const stricterRecipients = (r: Recipients): fc.Arbitrary<Recipients> => {
  if (r.users.length > 0)
    return fc
      .subarray(r.users, { minLength: 1 })
      .map((users) => ({ orgIds: [...new Set(users.map((u) => u.orgId))], users }));
  return fc.subarray(r.orgIds, { minLength: 1 }).map((orgIds) => ({ orgIds, users: [] }));
};

const stricterTerms = (t: Terms): fc.Arbitrary<Terms> =>
  fc.record({
    content: stricterContent(t.content),
    tlp: fc.constantFrom(...TLPS.filter((x) => tlpRank(x) >= tlpRank(t.tlp))),
    recipients: stricterRecipients(t.recipients),
  });

/** Reference: the longest common subsequence, by code points, of the texts without marks. */
function withinByLcs(candidate: string, asked: string): boolean {
  const c = Array.from(candidate).filter((ch) => ch !== '■');
  const a = Array.from(asked).filter((ch) => ch !== '■');
  let row = Array<number>(a.length + 1).fill(0);
  for (const ch of c) {
    const next = [0];
    for (let j = 1; j <= a.length; j++)
      next[j] = a[j - 1] === ch ? (row[j - 1] ?? 0) + 1 : Math.max(row[j] ?? 0, next[j - 1] ?? 0);
    row = next;
  }
  return row[a.length] === c.length;
}

/** Reference: mitigations tried against every order-preserving choice of asked ones. */
function mitigationsByBruteForce(candidate: string[], asked: string[]): boolean {
  const fits = (i: number, from: number): boolean => {
    if (i === candidate.length) return true;
    for (let j = from; j < asked.length; j++)
      if (textWithin(candidate[i] ?? '', asked[j] ?? '') && fits(i + 1, j + 1)) return true;
    return false;
  };
  return fits(0, 0);
}

describe('strictness over random terms', () => {
  it('is reflexive: terms are within themselves', () => {
    fc.assert(
      fc.property(terms, (t) => {
        expect(termsWithin(t, t)).toEqual({ ok: true, fields: [] });
      }),
    );
  });

  it('takes any chain of deletions, marks and narrowing, and is transitive along it', () => {
    const chain = terms.chain((a) =>
      stricterTerms(a).chain((b) => stricterTerms(b).map((c) => [a, b, c] as const)),
    );
    fc.assert(
      fc.property(chain, ([a, b, c]) => {
        expect(termsWithin(b, a).ok).toBe(true);
        expect(termsWithin(c, b).ok).toBe(true);
        expect(termsWithin(c, a).ok).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('agrees with the longest common subsequence on short texts', () => {
    fc.assert(
      fc.property(text, text, (candidate, asked) => {
        expect(textWithin(candidate, asked)).toBe(withinByLcs(candidate, asked));
      }),
      { numRuns: 1_000 },
    );
  });

  it('maps mitigations greedily as well as any other order-preserving choice', () => {
    const short = fc.string({ unit: fc.constantFrom('a', 'b', 'c'), maxLength: 4 });
    fc.assert(
      fc.property(
        fc.array(short, { maxLength: 4 }),
        fc.array(short, { maxLength: 5 }),
        (candidate, asked) => {
          const none: ShareContent = { title: '', body: '', indicators: [], mitigations: [] };
          const ok = contentWithin({ ...none, mitigations: candidate }, { ...none, mitigations: asked }).ok;
          expect(ok).toBe(mitigationsByBruteForce(candidate, asked));
        },
      ),
      { numRuns: 1_000 },
    );
  });

  it('refuses a character that the asked text does not have', () => {
    const scenario = content.chain((asked) =>
      fc.tuple(
        fc.constant(asked),
        stricterContent(asked),
        fc.constantFrom(...'xyz新漏🙂'),
        fc.constantFrom('title', 'body'),
        fc.nat(),
      ),
    );
    fc.assert(
      fc.property(scenario, ([asked, candidate, extra, field, at]) => {
        fc.pre(!asked[field].includes(extra));
        const chars = Array.from(candidate[field]);
        const cut = at % (chars.length + 1);
        const added = {
          ...candidate,
          [field]: [...chars.slice(0, cut), extra, ...chars.slice(cut)].join(''),
        };
        expect(textWithin(added[field], asked[field])).toBe(false);
        expect(contentWithin(added, asked).fields).toEqual([field]);
      }),
      { numRuns: 300 },
    );
  });

  it('never takes a looser TLP', () => {
    fc.assert(
      fc.property(terms, fc.constantFrom(...TLPS), (t, tlp) => {
        fc.pre(tlpRank(tlp) < tlpRank(t.tlp));
        expect(termsWithin({ ...t, tlp }, t)).toEqual({ ok: false, fields: ['tlp'] });
      }),
    );
  });

  it('never takes a body the asked recipients do not have', () => {
    fc.assert(
      fc.property(recipients, fc.constantFrom('x', 'y'), (r, extra) => {
        expect(recipientsWithin({ ...r, orgIds: [...r.orgIds, extra] }, r)).toBe(false);
        expect(recipientsWithin({ ...r, users: r.users.map((u) => ({ ...u, orgId: extra })) }, r)).toBe(
          r.users.length === 0 && recipientsWithin(r, r),
        );
      }),
    );
  });

  // Source names are left out: their replacement inserts a neutral name that the asked text does not have.
  it('finds every redaction by terms, internal addresses and personal data within its input', () => {
    const words = fc.constantFrom(
      '10.0.0.1',
      'taro@example.jp',
      '03-1234-5678',
      'fs01.corp',
      'fd00::1',
      '203.0.113.5',
    );
    const strewn = fc.array(fc.oneof(text, words), { maxLength: 6 }).map((p) => p.join(''));
    const reportLike = fc.record({
      title: strewn,
      body: strewn,
      indicators: fc.array(
        fc.record({ type: fc.constantFrom(...INDICATOR_TYPES), value: words, description: strewn }),
      ),
      mitigations: fc.array(strewn, { maxLength: 3 }),
    });
    fc.assert(
      fc.property(
        reportLike,
        fc.array(text, { maxLength: 3 }),
        fc.boolean(),
        fc.boolean(),
        (c, t, internalAddresses, personalData) => {
          const out = redactContent(c, { terms: t, internalAddresses, personalData }).content;
          expect(contentWithin(out, c)).toEqual({ ok: true, fields: [] });
        },
      ),
      { numRuns: 500 },
    );
  });
});
