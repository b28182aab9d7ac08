import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { textWithin } from '../../../src/features/sharing/sharing.strictness.js';
import {
  INDICATOR_TYPES,
  REDACTION_MARK,
  TLPS,
  type Tlp,
} from '../../../src/features/sharing/sharing.terms.js';
import { buildRedShare, buildShare, orgRef } from './share.fixture.js';
import type { Share } from './sharing.api.js';
import { approvalOf, blackOut, keepsSomeone, type Stricter, stricterOf, stricterTlps } from './stricter.js';
import { approvalWithin, askedTerms } from './stricter.oracle.js';

// Whatever a consenting body does in the stricter-terms form — black-outs anywhere (across earlier marks,
// through 𠮷), unticking, ticking again, a stricter TLP, undo — the approval it sends is never looser than
// what was asked, by the server's own rule.

const CHARS = [...'ab 1.攻撃者のメール山田太郎■𠮷\n'];
const text = fc.string({ unit: fc.constantFrom(...CHARS), minLength: 1, maxLength: 30 });

const share: fc.Arbitrary<Share> = fc
  .record({
    title: text,
    body: text,
    tlp: fc.constantFrom<Tlp>(...TLPS),
    indicators: fc.array(
      fc.record(
        {
          type: fc.constantFrom(...INDICATOR_TYPES),
          value: fc.constantFrom('203.0.113.5', 'evil.example'),
          description: text,
        },
        { requiredKeys: ['type', 'value'] },
      ),
      { maxLength: 3 },
    ),
    mitigations: fc.array(text, { maxLength: 3 }),
    bodies: fc.uniqueArray(fc.constantFrom('m1', 'm2', 'a1', 'a2'), { minLength: 1 }),
  })
  .map(({ bodies, tlp, ...content }) =>
    tlp === 'TLP:RED'
      ? buildRedShare(Object.fromEntries(bodies.map((b) => [`${b}@x.test`, b])), content)
      : buildShare(
          { ...content, tlp },
          bodies.map((b) => orgRef(b)),
        ),
  );

type Step =
  | { do: 'blackOut'; field: 'title' | 'body'; from: number; to: number }
  | { do: 'undo'; field: 'title' | 'body' }
  | { do: 'toggle'; list: 'kept' | 'indicators' | 'mitigations'; at: number }
  | { do: 'tlp'; at: number };
const field = fc.constantFrom<'title' | 'body'>('title', 'body');
const index = fc.integer({ min: -2, max: 40 });
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ do: fc.constant('blackOut' as const), field, from: index, to: index }),
  fc.record({ do: fc.constant('undo' as const), field }),
  fc.record({
    do: fc.constant('toggle' as const),
    list: fc.constantFrom('kept', 'indicators', 'mitigations'),
    at: fc.nat(5),
  }),
  fc.record({ do: fc.constant('tlp' as const), at: fc.nat(4) }),
);

/** What the form does for each step (StricterTerms, KeptRecipients, BlackOutText). */
function apply(asked: Share, s: Stricter, st: Step): Stricter {
  switch (st.do) {
    case 'blackOut': {
      const done = blackOut(s[st.field], st.from, st.to);
      return done ? { ...s, [st.field]: done.text } : s;
    }
    case 'undo':
      return { ...s, [st.field]: asked[st.field] };
    case 'tlp': {
      const allowed = stricterTlps(asked);
      return { ...s, tlp: allowed[st.at % allowed.length] ?? s.tlp };
    }
    case 'toggle': {
      if (st.list === 'kept') {
        const all = stricterOf(asked).kept;
        const key = all[st.at % Math.max(1, all.length)];
        if (!key) return s;
        return { ...s, kept: s.kept.includes(key) ? s.kept.filter((k) => k !== key) : [...s.kept, key] };
      }
      const list = s[st.list];
      return { ...s, [st.list]: list.map((on, i) => (i === st.at % Math.max(1, list.length) ? !on : on)) };
    }
  }
}

describe('the stricter-terms form', () => {
  it('never sends terms looser than asked', () => {
    fc.assert(
      fc.property(share, fc.array(step, { maxLength: 12 }), (asked, steps) => {
        const s = steps.reduce((acc, st) => apply(asked, acc, st), stricterOf(asked));
        // With nobody kept the form sends nothing (the button is disabled): it is a rejection.
        fc.pre(keepsSomeone(s));
        const decision = approvalOf(asked, s);
        expect(decision.decision).toBe('approve');
        expect(approvalWithin(asked, decision)).toEqual({ ok: true, fields: [] });
      }),
      { numRuns: 500 },
    );
  });

  it('sends only the terms that differ from those asked', () => {
    fc.assert(
      fc.property(share, fc.array(step, { maxLength: 8 }), (asked, steps) => {
        const s = steps.reduce((acc, st) => apply(asked, acc, st), stricterOf(asked));
        const decision = approvalOf(asked, s);
        if (decision.tlp !== undefined) expect(decision.tlp).not.toBe(asked.tlp);
        if (decision.content) expect(decision.content).not.toEqual(askedTerms(asked).content);
        if (decision.audience) expect(s.kept.length).toBeLessThan(stricterOf(asked).kept.length);
        expect(decision.revision).toBe(asked.revision);
      }),
    );
  });
});

describe('blackOut', () => {
  it('only deletes and marks, never splits a character, and leaves one mark where it blacked out', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...CHARS), maxLength: 30 }),
        index,
        index,
        (t, from, to) => {
          const done = blackOut(t, from, to);
          const lo = Math.max(0, Math.min(from, to, t.length));
          const hi = Math.min(t.length, Math.max(from, to, 0));
          if (lo >= hi) {
            expect(done).toBeNull();
            return;
          }
          if (!done) throw new Error('a selection was ignored');
          expect(textWithin(done.text, t)).toBe(true);
          expect(done.text.isWellFormed()).toBe(true);
          expect(done.text.slice(done.from, done.to)).toBe(REDACTION_MARK);
          // No ■ right next to the new mark: it merged with what it touched.
          expect(done.text[done.from - 1]).not.toBe('■');
          expect(done.text[done.to]).not.toBe('■');
        },
      ),
      { numRuns: 1000 },
    );
  });
});
