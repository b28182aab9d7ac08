import { describe, expect, it } from 'vitest';
import { canonicalIndicator } from '../indicators/indicators.canonical.js';
import type { IndicatorType } from '../indicators/indicators.types.js';
import {
  containedIn,
  containedRangeOf,
  containersOf,
  type MatchKind,
  matchKeyOf,
  type TypedValue,
} from './correlation.keys.js';

// The matching rules, table-driven, in both directions: how a newly reported value meets a stored one, by the
// same two lookups the engine makes (containers by equality; a container's range of keys, then confirmed).

const canonical = (type: IndicatorType, raw: string): TypedValue => {
  const c = canonicalIndicator(type, raw);
  if (!c.ok) throw new Error(`${type} ${raw}: ${c.problem.message}`);
  return c.indicator;
};

/** How the new value meets the stored one, as the engine would find it, or null. */
function meeting(fresh: TypedValue, stored: TypedValue): MatchKind | null {
  if (fresh.type === stored.type && fresh.value === stored.value) return 'equal';
  if (containersOf(fresh.type, fresh.value).some((c) => c.type === stored.type && c.value === stored.value))
    return 'within';
  const range = containedRangeOf(fresh.type, fresh.value);
  const key = matchKeyOf(stored.type, stored.value);
  if (range && key !== null && key >= range.from && key <= range.to && containedIn(stored, fresh))
    return 'contains';
  return null;
}

type Row = [IndicatorType, string, IndicatorType, string, MatchKind | null];
const flip = (k: MatchKind | null) => (k === 'within' ? 'contains' : k === 'contains' ? 'within' : k);

// [new type, new value, stored type, stored value, expected kind]; each row is also checked the other way.
const TABLE: Row[] = [
  ['ipv4', '192.0.2.10', 'ipv4', '192.0.2.10', 'equal'],
  ['ipv4', '192.0.2.10', 'ipv6', '::ffff:192.0.2.10', 'equal'],
  ['ipv4', '192.0.2.10', 'cidr', '192.0.2.0/24', 'within'],
  ['ipv4', '192.0.2.10', 'cidr', '192.0.0.0/16', 'within'],
  ['ipv4', '192.0.2.10', 'cidr', '0.0.0.0/0', 'within'],
  ['ipv4', '192.0.2.10', 'cidr', '192.0.3.0/24', null],
  ['ipv4', '192.0.2.0', 'cidr', '192.0.2.0/24', 'within'],
  ['ipv4', '192.0.2.255', 'cidr', '192.0.2.0/24', 'within'],
  ['ipv4', '192.0.3.0', 'cidr', '192.0.2.0/24', null],
  ['ipv6', '::ffff:192.0.2.10', 'cidr', '192.0.2.0/24', 'within'],
  ['cidr', '::ffff:192.0.2.0/120', 'ipv4', '192.0.2.10', 'contains'],
  ['ipv6', '2001:db8::1', 'cidr', '2001:db8::/32', 'within'],
  ['ipv6', '2001:DB8:0:0::1', 'cidr', '2001:db8::/48', 'within'],
  ['ipv6', '2001:db9::1', 'cidr', '2001:db8::/32', null],
  ['ipv6', '2001:db8::1', 'ipv4', '32.1.13.184', null],
  ['cidr', '192.0.2.0/25', 'cidr', '192.0.2.0/24', 'within'],
  ['cidr', '192.0.2.128/25', 'cidr', '192.0.2.0/24', 'within'],
  ['cidr', '192.0.2.0/24', 'cidr', '192.0.2.0/24', 'equal'],
  ['cidr', '192.0.2.0/24', 'cidr', '192.0.3.0/24', null],
  ['cidr', '10.0.0.0/8', 'cidr', '10.1.0.0/16', 'contains'],
  ['cidr', '2001:db8::/32', 'cidr', '2001:db8:1::/48', 'contains'],
  ['domain', 'www.example.jp', 'domain', 'example.jp', 'within'],
  ['domain', 'a.b.example.jp', 'domain', 'example.jp', 'within'],
  ['domain', 'EXAMPLE.jp.', 'domain', 'example.jp', 'equal'],
  ['domain', 'evil-example.jp', 'domain', 'example.jp', null],
  ['domain', 'example.jp.evil.com', 'domain', 'example.jp', null],
  ['domain', 'sibling.jp', 'domain', 'example.jp', null],
  ['domain', 'www.example.jp', 'domain', 'mail.example.jp', null],
  ['domain', 'example0.jp', 'domain', 'example.jp', null],
  ['domain', 'www.例え.jp', 'domain', 'xn--r8jz45g.jp', 'within'],
  ['domain', '例え.jp', 'domain', 'xn--r8jz45g.jp', 'equal'],
  ['domain', 'ｅｘａｍｐｌｅ．ｊｐ', 'domain', 'example.jp', 'equal'],
  ['domain', 'example[.]jp', 'domain', 'example.jp', 'equal'],
  ['url', 'https://example.jp/login', 'domain', 'example.jp', 'within'],
  ['url', 'https://www.example.jp/login', 'domain', 'example.jp', 'within'],
  ['url', 'hxxps://cdn[.]www.example.jp/x', 'domain', 'www.example.jp', 'within'],
  ['url', 'https://evil-example.jp/login', 'domain', 'example.jp', null],
  ['url', 'https://example.jp.evil.com/', 'domain', 'example.jp', null],
  ['url', 'https://ドメイン.例え.jp/パス', 'domain', '例え.jp', 'within'],
  ['url', 'http://192.0.2.10/x', 'ipv4', '192.0.2.10', 'within'],
  ['url', 'http://192.0.2.10/x', 'cidr', '192.0.2.0/24', 'within'],
  ['url', 'http://[2001:db8::1]:8080/x', 'cidr', '2001:db8::/32', 'within'],
  ['url', 'http://192.0.3.10/x', 'cidr', '192.0.2.0/24', null],
  ['url', 'https://example.jp/a', 'url', 'https://example.jp/b', null],
  ['url', 'https://EXAMPLE.jp:443/a', 'url', 'https://example.jp/a', 'equal'],
  ['email', 'phish@mail.example.jp', 'domain', 'example.jp', 'within'],
  ['email', 'phish@evil-example.jp', 'domain', 'example.jp', null],
  ['md5', 'D41D8CD98F00B204E9800998ECF8427E', 'md5', 'd41d8cd98f00b204e9800998ecf8427e', 'equal'],
  ['sha256', 'a'.repeat(64), 'sha256', 'b'.repeat(64), null],
  ['filename', 'invoice.exe', 'filename', 'invoice.exe', 'equal'],
  ['filename', 'invoice.exe', 'filename', 'Invoice.exe', null],
  ['other', 'example.jp', 'domain', 'example.jp', null],
  ['other', 'www.example.jp', 'other', 'example.jp', null],
  ['user-agent', 'Mozilla/5.0 x', 'user-agent', 'Mozilla/5.0 x', 'equal'],
  ['cve', 'cve-2024-0001234', 'cve', 'CVE-2024-1234', 'equal'],
  ['asn', 'as64496', 'asn', 'AS64496', 'equal'],
];

describe('correlation matching', () => {
  it.each(TABLE)('%s %s meets %s %s: %s', (t1, v1, t2, v2, kind) => {
    const fresh = canonical(t1, v1);
    const stored = canonical(t2, v2);
    expect(meeting(fresh, stored)).toBe(kind);
    expect(meeting(stored, fresh)).toBe(flip(kind));
  });

  it('enumerates 32 covering networks of an IPv4 address and 128 of an IPv6 one', () => {
    expect(containersOf('ipv4', '192.0.2.10')).toHaveLength(32);
    expect(containersOf('ipv6', '2001:db8::1')).toHaveLength(128);
    expect(containersOf('ipv4', '192.0.2.10')[0]).toEqual({ type: 'cidr', value: '192.0.2.10/31' });
  });

  it('keys sort addresses by value and hosts by reversed labels', () => {
    expect(matchKeyOf('ipv4', '192.0.2.1')).toBe('4c0000201');
    expect(matchKeyOf('domain', 'www.example.jp')).toBe('djp.example.www.');
    expect(matchKeyOf('url', 'https://www.example.jp/x')).toBe('djp.example.www.');
    expect(matchKeyOf('email', 'a@example.jp')).toBe('djp.example.');
    expect(matchKeyOf('md5', 'd41d8cd98f00b204e9800998ecf8427e')).toBeNull();
  });
});
