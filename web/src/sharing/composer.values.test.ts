import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contentWithin } from '../../../src/features/sharing/sharing.strictness.js';
import { INDICATOR_TYPES, TLPS, type Tlp } from '../../../src/features/sharing/sharing.terms.js';
import {
  type AudienceKind,
  audienceOf,
  type ComposerValues,
  composerOf,
  contentOf,
  emptyComposer,
  emptyIndicator,
  kindOf,
  lines,
  redactOf,
  rowKey,
  termsOf,
  withAudience,
  withTlp,
} from './composer.values.js';
import { buildRedShare, buildShare } from './share.fixture.js';

const values = (over: Partial<ComposerValues> = {}): ComposerValues => ({ ...emptyComposer(), ...over });

describe('a new share', () => {
  it('starts as an advisory-or-share to every ministry under TLP:AMBER, redacting by default', () => {
    const v = emptyComposer();
    expect(v).toMatchObject({ kind: '', audience: 'ministries', tlp: 'TLP:AMBER', anonymiseSource: true });
    expect(termsOf(v)).toEqual({
      content: { title: '', body: '', indicators: [], mitigations: [] },
      audience: { kind: 'ministries' },
      tlp: 'TLP:AMBER',
      redact: { anonymiseSource: true, terms: [], internalAddresses: true, personalData: true },
    });
  });

  it('gives every new row its own key', () => {
    const keys = [rowKey(), emptyIndicator().key, emptyIndicator().key];
    expect(new Set(keys).size).toBe(3);
  });

  it('follows the sources for its kind unless one is chosen', () => {
    const source = {
      id: 'i1',
      title: '事案',
      org: { slug: 'm1', kind: 'ministry', nameJa: 'm1', nameEn: 'm1' },
    };
    expect(kindOf(values())).toBe('advisory');
    expect(kindOf(values({ sources: [source] }))).toBe('share');
    expect(kindOf(values({ kind: 'advisory', sources: [source] }))).toBe('advisory');
  });
});

describe('TLP and audience pull each other', () => {
  it('brings named people with TLP:RED, and chosen bodies when leaving it', () => {
    expect(withTlp(values(), 'TLP:RED')).toEqual([
      values({ tlp: 'TLP:RED', audience: 'users' }),
      'compose.switched.toUsers',
    ]);
    expect(withTlp(values({ tlp: 'TLP:RED', audience: 'users' }), 'TLP:GREEN')).toEqual([
      values({ tlp: 'TLP:GREEN', audience: 'orgs' }),
      'compose.switched.toOrgs',
    ]);
    expect(withTlp(values(), 'TLP:GREEN')).toEqual([values({ tlp: 'TLP:GREEN' }), null]);
  });

  it('brings TLP:RED with named people, and TLP:AMBER when leaving them', () => {
    expect(withAudience(values(), 'users')[0]).toMatchObject({ audience: 'users', tlp: 'TLP:RED' });
    expect(withAudience(values({ tlp: 'TLP:RED', audience: 'users' }), 'all')).toEqual([
      values({ tlp: 'TLP:AMBER', audience: 'all' }),
      'compose.switched.toAmber',
    ]);
    expect(withAudience(values(), 'orgs')).toEqual([values({ audience: 'orgs' }), null]);
  });

  it('never leaves TLP:RED without named people, nor named people without TLP:RED', () => {
    const choice = fc.oneof(
      fc.constantFrom<Tlp>(...TLPS).map((tlp) => (v: ComposerValues) => withTlp(v, tlp)[0]),
      fc
        .constantFrom<AudienceKind>('all', 'ministries', 'orgs', 'users')
        .map((a) => (v: ComposerValues) => withAudience(v, a)[0]),
    );
    fc.assert(
      fc.property(fc.array(choice, { maxLength: 20 }), (choices) => {
        const v = choices.reduce((acc, choose) => choose(acc), emptyComposer());
        expect(v.tlp === 'TLP:RED').toBe(v.audience === 'users');
      }),
    );
  });
});

describe('what the composer sends', () => {
  it('reads multi-line fields line by line, Japanese spaces and Windows line ends included', () => {
    expect(lines('山田太郎\r\n\r\n　鈴木花子　\n  ')).toEqual(['山田太郎', '鈴木花子']);
    expect(lines('')).toEqual([]);
  });

  it('trims the title, keeps the body as typed, and leaves blank rows out', () => {
    const v = values({
      title: '  不審な通信  ',
      body: '一行目\n\n  二行目  ',
      indicators: [
        { key: 1, type: 'ipv4-addr', value: ' 203.0.113.10 ', description: '  ' },
        { key: 2, type: 'domain-name', value: '   ', description: '' },
        { key: 3, type: 'url', value: 'http://x.example/', description: ' 配布元 ' },
      ],
      mitigations: [
        { key: 4, text: '  遮断する。 ' },
        { key: 5, text: '　' },
      ],
    });
    expect(contentOf(v)).toEqual({
      title: '不審な通信',
      body: '一行目\n\n  二行目  ',
      indicators: [
        { type: 'ipv4-addr', value: '203.0.113.10' },
        { type: 'url', value: 'http://x.example/', description: '配布元' },
      ],
      mitigations: ['遮断する。'],
    });
  });

  it('names the audience as the API takes it', () => {
    expect(audienceOf(values({ audience: 'orgs', orgs: ['m1'] }))).toEqual({ kind: 'orgs', orgs: ['m1'] });
    expect(audienceOf(values({ audience: 'orgs', orgs: ['m1'], includeAgencies: true }))).toEqual({
      kind: 'orgs',
      orgs: ['m1'],
      includeAgencies: true,
    });
    expect(audienceOf(values({ audience: 'users', users: 'a@x.test\n\nb@x.test ' }))).toEqual({
      kind: 'users',
      users: ['a@x.test', 'b@x.test'],
    });
    expect(audienceOf(values({ audience: 'all', orgs: ['m1'] }))).toEqual({ kind: 'all' });
  });

  it('sends the words to black out line by line, and the due date only when one is given', () => {
    expect(redactOf(values({ terms: '山田太郎\n\n東京都' })).terms).toEqual(['山田太郎', '東京都']);
    expect(termsOf(values())).not.toHaveProperty('consentDueAt');
    expect(termsOf(values({ consentDueAt: '2026-11-26T09:00' })).consentDueAt).toMatch(
      /^2026-11-2\dT\d\d:00:00\.000Z$/,
    );
  });
});

describe('editing a stored share', () => {
  it('fills the composer with the stored terms and does not redact its already redacted text again', () => {
    const v = composerOf(buildShare({ audience: { kind: 'orgs', orgs: ['m1'], includeAgencies: true } }));
    expect(v).toMatchObject({ kind: 'share', audience: 'orgs', orgs: ['m1'], includeAgencies: true });
    expect(redactOf(v)).toEqual({
      anonymiseSource: false,
      terms: [],
      internalAddresses: false,
      personalData: false,
    });
    const red = composerOf(buildRedShare({ 'a@m1.test': 'm1', 'b@m2.test': 'm2' }));
    expect(red).toMatchObject({ tlp: 'TLP:RED', audience: 'users', users: 'a@m1.test\nb@m2.test' });
  });

  it('sends back no more than what is stored, when nothing is typed', () => {
    const text = fc.string({ unit: fc.constantFrom(...' ab攻撃■𠮷\n　'), maxLength: 20 });
    const stored = fc.record({
      title: text,
      body: text,
      indicators: fc.array(
        fc.record(
          {
            type: fc.constantFrom(...INDICATOR_TYPES),
            value: fc.constantFrom('203.0.113.5', ' evil.example'),
            description: text,
          },
          { requiredKeys: ['type', 'value'] },
        ),
        { maxLength: 3 },
      ),
      mitigations: fc.array(text, { maxLength: 3 }),
    });
    fc.assert(
      fc.property(stored, (content) => {
        const sent = contentOf(composerOf(buildShare(content)));
        expect(contentWithin(sent, content)).toEqual({ ok: true, fields: [] });
      }),
    );
  });
});
