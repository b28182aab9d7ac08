import { describe, expect, it } from 'vitest';
import { textWithin } from '../../../src/features/sharing/sharing.strictness.js';
import { buildRedShare, buildShare } from './share.fixture.js';
import {
  approvalOf,
  blackOut,
  isStricter,
  keepsSomeone,
  recipientsOf,
  revisedContent,
  stricterOf,
  stricterTlps,
} from './stricter.js';
import { approvalWithin } from './stricter.oracle.js';

describe('approving as asked', () => {
  it('keeps every term and sends only the decision and the revision read', () => {
    const share = buildShare();
    const s = stricterOf(share);
    expect(s.kept).toEqual(['m1', 'm2']);
    expect(approvalOf(share, s)).toEqual({ decision: 'approve', revision: 3 });
    expect(isStricter(share, s)).toBe(false);
    expect(revisedContent(share, s)).toEqual({
      title: share.title,
      body: share.body,
      indicators: share.indicators,
      mitigations: share.mitigations,
    });
  });

  it('sends no revision when the share carries none', () => {
    const share = buildShare({ revision: undefined });
    expect(approvalOf(share, stricterOf(share))).toEqual({ decision: 'approve' });
  });

  it('works for a share without indicators or mitigations', () => {
    const share = buildShare({ indicators: [], mitigations: [] });
    const s = stricterOf(share);
    expect(s.indicators).toEqual([]);
    expect(s.mitigations).toEqual([]);
    expect(isStricter(share, s)).toBe(false);
  });
});

describe('the TLPs a body may choose', () => {
  it('offers only as strict or stricter, and TLP:RED only where people are named already', () => {
    expect(stricterTlps(buildShare({ tlp: 'TLP:GREEN' }))).toEqual([
      'TLP:GREEN',
      'TLP:AMBER',
      'TLP:AMBER+STRICT',
    ]);
    expect(stricterTlps(buildShare({ tlp: 'TLP:AMBER' }))).toEqual(['TLP:AMBER', 'TLP:AMBER+STRICT']);
    expect(stricterTlps(buildShare({ tlp: 'TLP:AMBER+STRICT' }))).toEqual(['TLP:AMBER+STRICT']);
    expect(stricterTlps(buildRedShare({ 'a@m1.test': 'm1' }))).toEqual(['TLP:RED']);
  });
});

describe('approving on stricter terms', () => {
  it('sends a stricter TLP alone when only the TLP changed', () => {
    const share = buildShare();
    const decision = approvalOf(share, { ...stricterOf(share), tlp: 'TLP:AMBER+STRICT' });
    expect(decision).toEqual({ decision: 'approve', revision: 3, tlp: 'TLP:AMBER+STRICT' });
    expect(approvalWithin(share, decision).ok).toBe(true);
  });

  it('names the bodies kept, whatever the audience asked was', () => {
    const share = buildShare({ audience: { kind: 'ministries' } });
    const decision = approvalOf(share, { ...stricterOf(share), kept: ['m2'] });
    expect(decision.audience).toEqual({ kind: 'orgs', orgs: ['m2'] });
    expect(approvalWithin(share, decision).ok).toBe(true);
  });

  it('names the people kept under TLP:RED', () => {
    const share = buildRedShare({ 'a@m1.test': 'm1', 'b@m1.test': 'm1', 'c@m2.test': 'm2' });
    expect(recipientsOf(share)).toEqual(['a@m1.test', 'b@m1.test', 'c@m2.test']);
    const decision = approvalOf(share, { ...stricterOf(share), kept: ['c@m2.test'] });
    expect(decision.audience).toEqual({ kind: 'users', users: ['c@m2.test'] });
    expect(decision.tlp).toBeUndefined();
    expect(approvalWithin(share, decision).ok).toBe(true);
  });

  it('sends the whole content when any of it changed, indicators and mitigations in their asked order', () => {
    const share = buildShare();
    const s = { ...stricterOf(share), indicators: [false, true], mitigations: [true, false] };
    const decision = approvalOf(share, s);
    expect(decision.content).toEqual({
      title: share.title,
      body: share.body,
      indicators: [{ type: 'domain-name', value: 'evil.example' }],
      mitigations: ['203.0.113.10 との通信を遮断する。'],
    });
    expect(approvalWithin(share, decision).ok).toBe(true);
  });

  it('does not approve to nobody: that is a rejection', () => {
    const share = buildShare();
    expect(keepsSomeone({ ...stricterOf(share), kept: [] })).toBe(false);
    expect(keepsSomeone(stricterOf(share))).toBe(true);
  });

  it('gives the asked text back on undo', () => {
    const share = buildShare();
    const dark = blackOut(share.body, 2, 6);
    expect(dark?.text).toBe('職員■■■の端末が 203.0.113.10 と通信した。');
    const s = { ...stricterOf(share), body: dark?.text ?? '' };
    expect(approvalOf(share, s).content?.body).toBe(dark?.text);
    expect(approvalWithin(share, approvalOf(share, s)).ok).toBe(true);
    const undone = { ...s, body: share.body };
    expect(approvalOf(share, undone)).toEqual({ decision: 'approve', revision: 3 });
  });
});

describe('blacking out a selection', () => {
  it('replaces the selection in Japanese text by the mark, and says where the mark is', () => {
    expect(blackOut('職員山田太郎の端末', 2, 6)).toEqual({ text: '職員■■■の端末', from: 2, to: 5 });
  });

  it('takes a selection made backwards, and one beyond the text, as it is meant', () => {
    expect(blackOut('山田太郎', 4, 2)?.text).toBe('山田■■■');
    expect(blackOut('山田太郎', -3, 99)?.text).toBe('■■■');
  });

  it('does nothing without a selection, and nothing in an empty text', () => {
    expect(blackOut('山田太郎', 2, 2)).toBeNull();
    expect(blackOut('', 0, 0)).toBeNull();
    expect(blackOut('', 0, 5)).toBeNull();
  });

  it('merges a selection that spans or touches an earlier mark into one mark', () => {
    // 被害者■■■は東京都: from inside "被害者" across the mark into "は".
    expect(blackOut('被害者■■■は東京都', 2, 7)?.text).toBe('被害■■■東京都');
    // Right after a mark: no ■■■■■■.
    expect(blackOut('■■■の端末', 3, 4)?.text).toBe('■■■端末');
    // Right before one.
    expect(blackOut('端末の■■■', 2, 3)?.text).toBe('端末■■■');
    // Half of a mark selected.
    expect(blackOut('端末■■■です', 3, 5)?.text).toBe('端末■■■です');
  });

  it('leaves a mark that is selected as it is', () => {
    expect(blackOut('端末■■■です', 2, 5)).toEqual({ text: '端末■■■です', from: 2, to: 5 });
  });

  it('never leaves half of a character outside the BMP (𠮷 is two UTF-16 units)', () => {
    const text = '𠮷野家の店長';
    const dark = blackOut(text, 1, 3);
    expect(dark?.text).toBe('■■■家の店長');
    expect(dark?.text.isWellFormed()).toBe(true);
    expect(textWithin(dark?.text ?? '', text)).toBe(true);
    expect(blackOut('店長の𠮷田', 4, 5)?.text).toBe('店長の■■■田');
  });
});
