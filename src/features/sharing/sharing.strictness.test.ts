import { describe, expect, it } from 'vitest';
import { contentWithin, recipientsWithin, termsWithin, textWithin } from './sharing.strictness.js';
import {
  type Indicator,
  REDACTION_MARK as M,
  type Recipients,
  type ShareContent,
  type Terms,
} from './sharing.terms.js';

const asked: ShareContent = {
  title: '標的型メールによる侵害 at ministry',
  body: 'The attacker used 203.0.113.5 and evil.example.\nVictim: 山田太郎.',
  indicators: [
    { type: 'ipv4-addr', value: '203.0.113.5', description: 'C2 server of the attacker' },
    { type: 'domain-name', value: 'evil.example' },
    { type: 'file-sha256', value: 'ab'.repeat(32), description: 'dropper' },
    { type: 'url', value: 'http://evil.example/Payload' },
  ],
  mitigations: [
    'Block 203.0.113.5 at the gateway',
    'Reset the passwords of every user',
    'Report to the center',
  ],
};

describe('text within', () => {
  it.each([
    ['', 'anything'],
    ['abc', 'abc'],
    ['ac', 'abc'],
    [`a${M}c`, 'abc'],
    [`${M}${M}`, ''],
    ['山田', '山田太郎'],
    ['𠮷', 'a𠮷b'],
    ['ab', `a${M}b`],
  ])('%j is within %j', (candidate, text) => {
    expect(textWithin(candidate, text)).toBe(true);
  });

  it.each([
    ['abcd', 'abc'],
    ['ba', 'abc'],
    ['aa', 'abc'],
    ['A', 'abc'],
    ['x', ''],
    ['\ud842', '𠮷'],
    ['\udfb7', '𠮷'],
    ['太郎山田', '山田太郎'],
  ])('%j is not within %j', (candidate, text) => {
    expect(textWithin(candidate, text)).toBe(false);
  });

  it('decides 20,000 characters against 20,000 in linear time', () => {
    const text = '攻撃者は標的型メールを送信した。'.repeat(1_250);
    const deleted = Array.from(text)
      .filter((_, i) => i % 3 !== 0)
      .join('');
    const started = performance.now();
    for (let i = 0; i < 20; i++) {
      expect(textWithin(deleted, text)).toBe(true);
      expect(textWithin(`${deleted}x`, text)).toBe(false);
    }
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});

describe('content within', () => {
  it('takes the asked content itself, and less of it', () => {
    expect(contentWithin(asked, asked)).toEqual({ ok: true, fields: [] });
    const less: ShareContent = {
      title: `標的型メールによる侵害 at ${M}`,
      body: `The attacker used ${M} and evil.example.`,
      indicators: [
        { type: 'domain-name', value: 'EVIL.example' },
        { type: 'ipv4-addr', value: '203.0.113.5', description: `C2 server${M}` },
        { type: 'file-sha256', value: 'AB'.repeat(32) },
      ],
      mitigations: ['Block 203.0.113.5', 'Report'],
    };
    expect(contentWithin(less, asked)).toEqual({ ok: true, fields: [] });
    expect(contentWithin({ title: '', body: '', indicators: [], mitigations: [] }, asked).ok).toBe(true);
  });

  it('names each looser field', () => {
    const looser: ShareContent = {
      title: '標的型メールによる侵害 at the ministry',
      body: 'The attacker used 203.0.113.6.',
      indicators: [{ type: 'ipv4-addr', value: '198.51.100.1' }],
      mitigations: ['Block everything'],
    };
    expect(contentWithin(looser, asked)).toEqual({
      ok: false,
      fields: ['title', 'body', 'indicators', 'mitigations'],
    });
  });

  it('matches an indicator by type and value: caseless only for names, addresses and hashes', () => {
    const only = (i: Indicator) => contentWithin({ ...asked, indicators: [i] }, asked).ok;
    expect(only({ type: 'domain-name', value: 'Evil.Example' })).toBe(true);
    expect(only({ type: 'url', value: 'http://evil.example/Payload' })).toBe(true);
    expect(only({ type: 'url', value: 'http://evil.example/payload' })).toBe(false);
    expect(only({ type: 'url', value: 'evil.example' })).toBe(false);
    expect(only({ type: 'file-sha256', value: 'AB'.repeat(32), description: 'drop' })).toBe(true);
  });

  it('takes a description only within the asked one', () => {
    const only = (i: Indicator) => contentWithin({ ...asked, indicators: [i] }, asked).ok;
    expect(only({ type: 'ipv4-addr', value: '203.0.113.5', description: 'C2 server' })).toBe(true);
    expect(only({ type: 'ipv4-addr', value: '203.0.113.5', description: 'C2 server of our ministry' })).toBe(
      false,
    );
    expect(only({ type: 'domain-name', value: 'evil.example', description: M })).toBe(true);
    expect(only({ type: 'domain-name', value: 'evil.example', description: 'phishing' })).toBe(false);
  });

  it('maps mitigations in order onto asked ones, each within its match', () => {
    const mitigations = (m: string[]) => contentWithin({ ...asked, mitigations: m }, asked).ok;
    expect(mitigations(['Block', 'Report'])).toBe(true);
    expect(mitigations(['Report', 'Block'])).toBe(false);
    // Greedy matching must not waste an asked mitigation a later candidate needs.
    expect(mitigations(['Re', 'Report'])).toBe(true);
    expect(mitigations(['Block', 'Block'])).toBe(false);
    expect(mitigations(['Block the gateway and report'])).toBe(false);
  });
});

describe('recipients within', () => {
  const orgs = (...orgIds: string[]): Recipients => ({ orgIds, users: [] });
  const users = (...list: [string, string][]): Recipients => ({
    orgIds: [...new Set(list.map(([, o]) => o))],
    users: list.map(([id, orgId]) => ({ id, orgId })),
  });

  it.each([
    ['the same bodies', orgs('a', 'b'), orgs('a', 'b'), true],
    ['fewer bodies', orgs('b'), orgs('a', 'b'), true],
    ['another body', orgs('a', 'c'), orgs('a', 'b'), false],
    ['nobody', orgs(), orgs('a'), false],
    ['nobody of nobody', orgs(), orgs(), false],
    ['bodies instead of named users', orgs('a'), users(['u1', 'a']), false],
    ['the same named users', users(['u1', 'a'], ['u2', 'b']), users(['u1', 'a'], ['u2', 'b']), true],
    ['fewer named users', users(['u2', 'b']), users(['u1', 'a'], ['u2', 'b']), true],
    ['another named user', users(['u3', 'a']), users(['u1', 'a']), false],
    ['a named user claimed for another body', users(['u1', 'b']), users(['u1', 'a'], ['u2', 'b']), false],
    ['named users of the asked bodies', users(['u1', 'a'], ['u9', 'b']), orgs('a', 'b'), true],
    ['a named user of another body', users(['u1', 'c']), orgs('a', 'b'), false],
    [
      'named users and an extra body',
      { orgIds: ['a', 'c'], users: [{ id: 'u1', orgId: 'a' }] },
      users(['u1', 'a']),
      false,
    ],
  ])('%s', (_name, candidate, askedRecipients, within) => {
    expect(recipientsWithin(candidate, askedRecipients)).toBe(within);
  });
});

describe('terms within', () => {
  const terms: Terms = { content: asked, tlp: 'TLP:AMBER', recipients: { orgIds: ['a', 'b'], users: [] } };

  it('takes the same terms and stricter ones', () => {
    expect(termsWithin(terms, terms)).toEqual({ ok: true, fields: [] });
    expect(termsWithin({ ...terms, tlp: 'TLP:AMBER+STRICT' }, terms).ok).toBe(true);
    expect(
      termsWithin(
        { ...terms, tlp: 'TLP:RED', recipients: { orgIds: ['a'], users: [{ id: 'u1', orgId: 'a' }] } },
        terms,
      ).ok,
    ).toBe(true);
  });

  it('names every looser term', () => {
    const looser: Terms = {
      tlp: 'TLP:GREEN',
      recipients: { orgIds: ['a', 'c'], users: [] },
      content: { ...asked, title: `${asked.title}!`, mitigations: ['Do nothing'] },
    };
    expect(termsWithin(looser, terms)).toEqual({
      ok: false,
      fields: ['tlp', 'audience', 'title', 'mitigations'],
    });
  });
});
