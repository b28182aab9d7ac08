import { describe, expect, it } from 'vitest';
import {
  buildMatcher,
  entryForm,
  type ListForMatching,
} from '../../src/features/warninglists/warninglists.match.js';
import type { MatchType } from '../../src/features/warninglists/warninglists.types.js';

// Matching on canonical forms (issue 14, point 2): whatever spelling an indicator arrives in, it meets the
// entry; a value merely resembling one is not flagged.

const list = (matchType: MatchType, entries: string[], appliesTo: string[] = []): ListForMatching => ({
  matchType,
  appliesTo,
  entries: entries.map((e) => {
    const f = entryForm(matchType, e);
    if (!f.ok) throw new Error(`${e}: ${f.message}`);
    return f.value;
  }),
});

const LISTS = [
  list('cidr', ['10.0.0.0/8', '192.168.0.0/16', 'fc00::/7', '8.8.8.8', '2001:4860:4860::8888']),
  list('hostname', ['google.com', '.example.go.jp', '例え.jp']),
  list('string', ['d41d8cd98f00b204e9800998ecf8427e', '2001:DB8:0:0:0:0:0:1']),
  list('substring', ['mozilla/5.0 (windows nt']),
  list('hostname', ['github.com'], ['domain']),
];
const NAMES = ['private', 'top', 'known', 'agents', 'github-domains-only'];
const matcher = buildMatcher(LISTS);
const flags = (type: string, value: string) => matcher.matches({ type, value }).map((n) => NAMES[n]);

// [type, value as typed, lists it matches]
const CASES: [string, string, string[]][] = [
  ['ipv4', '10.1.2.3', ['private']],
  ['ipv4', '１０．１．２．３', ['private']],
  ['ipv4', '10[.]1[.]2[.]3', ['private']],
  ['ipv6', '::ffff:10.1.2.3', ['private']],
  ['ipv6', '::FFFF:0a01:0203', ['private']],
  ['ipv4', '11.1.2.3', []],
  ['ipv4', '192.169.0.1', []],
  ['cidr', '10.20.0.0/16', ['private']],
  ['cidr', '10.0.0.0/7', []],
  ['cidr', '::ffff:10.0.0.0/104', ['private']],
  ['ipv6', 'FD12:3456::1', ['private']],
  ['ipv6', 'fe80::1', []],
  ['ipv4', '8.8.8.8', ['private']],
  ['ipv4', '8.8.8.9', []],
  ['ipv6', '2001:4860:4860:0:0:0:0:8888', ['private']],
  ['url', 'http://10.0.0.5/login', ['private']],
  ['url', 'http://[fd00::5]:8080/x', ['private']],
  ['domain', 'google.com', ['top']],
  ['domain', 'WWW.Google.COM.', ['top']],
  ['domain', 'ｗｗｗ．ｇｏｏｇｌｅ．ｃｏｍ', ['top']],
  ['domain', 'www[.]google[.]com', ['top']],
  ['domain', 'google.com.evil.example', []],
  ['domain', 'notgoogle.com', []],
  ['domain', 'xn--r8jz45g.jp', ['top']],
  ['domain', 'www.例え.jp', ['top']],
  ['domain', 'mail.example.go.jp', ['top']],
  ['url', 'https://docs.google.com/a/b?c=d', ['top']],
  ['url', 'hxxps://WWW.GOOGLE.COM/', ['top']],
  ['url', 'https://google.com.evil.example/', []],
  ['url', 'https://evil.example/google.com', []],
  ['email', 'someone@Google.com', ['top']],
  ['md5', 'D41D8CD98F00B204E9800998ECF8427E', ['known']],
  ['ipv6', '2001:db8::1', ['known']],
  ['user-agent', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64)', ['agents']],
  ['user-agent', 'curl/8.0', []],
  ['domain', 'github.com', ['github-domains-only']],
  ['url', 'https://github.com/x', []],
  // Hostile: invisible characters make a value that is not an indicator at all; nothing is flagged.
  ['domain', 'goo\u200Bgle.com', []],
  ['domain', 'google\u202Ecom', []],
  ['ipv4', '010.1.2.3', []],
  ['nonsense', 'google.com', []],
  ['domain', '', []],
];

describe('warning list matching', () => {
  it.each(CASES)('%s %j matches %j', (type, value, expected) => {
    expect(flags(type, value)).toEqual(expected);
  });

  it('stores entries in the form matching compares, and names what is wrong with a bad one', () => {
    expect(entryForm('cidr', '::ffff:192.168.0.0/112')).toEqual({ ok: true, value: '192.168.0.0/16' });
    expect(entryForm('cidr', '10.1.2.3/8')).toEqual({ ok: true, value: '10.0.0.0/8' });
    expect(entryForm('cidr', '::ffff:0:0/96')).toEqual({ ok: true, value: '::ffff:0:0/96' });
    expect(entryForm('cidr', '2001:DB8::1/128')).toEqual({ ok: true, value: '2001:db8::1' });
    expect(entryForm('hostname', '*.WWW.Example.COM.')).toEqual({ ok: true, value: 'www.example.com' });
    expect(entryForm('cidr', '300.1.1.1')).toMatchObject({ ok: false });
    expect(entryForm('cidr', '10.0.0.0/33')).toMatchObject({ ok: false });
    expect(entryForm('hostname', 'exa mple.com')).toMatchObject({ ok: false });
    expect(entryForm('hostname', 'e\u200Bxample.com')).toMatchObject({ ok: false });
    expect(entryForm('substring', 'ab')).toMatchObject({ ok: false });
    expect(entryForm('string', '   ')).toMatchObject({ ok: false });
  });

  it('answers the same for a large list as for a linear scan (correctness, not timing)', () => {
    const nets = Array.from({ length: 2000 }, (_, i) => `${(i * 37) % 223}.${(i * 11) % 256}.0.0/16`);
    const big = buildMatcher([list('cidr', nets)]);
    const inside = (a: number, b: number) => nets.some((n) => n === `${a}.${b}.0.0/16`);
    for (let i = 0; i < 3000; i++) {
      const a = (i * 7) % 223;
      const b = (i * 13) % 256;
      expect(big.matches({ type: 'ipv4', value: `${a}.${b}.${i % 256}.1` }).length > 0).toBe(inside(a, b));
    }
  });

  it('answers the same for a large host list as a suffix check (correctness, not timing)', () => {
    const hosts = Array.from({ length: 3000 }, (_, i) => `h${i % 97}.d${i}.example`);
    const big = buildMatcher([list('hostname', hosts)]);
    const listed = new Set(hosts);
    let flagged = 0;
    for (let i = 0; i < 3000; i++) {
      const host = `w${i % 5}.h${(i * 3) % 101}.d${(i * 7) % 3500}.example`;
      const labels = host.split('.');
      const expected = labels.some((_, n) => listed.has(labels.slice(n).join('.')));
      expect(big.matches({ type: 'domain', value: host }).length > 0, host).toBe(expected);
      if (expected) flagged++;
    }
    // Both answers occur: the check is not vacuous.
    expect(flagged).toBeGreaterThan(0);
    expect(flagged).toBeLessThan(3000);
  });
});
