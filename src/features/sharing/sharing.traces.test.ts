import { describe, expect, it } from 'vitest';
import { reportFingerprints } from './sharing.fingerprints.js';
import type { Indicator } from './sharing.terms.js';
import { indicatorKeys, lookupKeys, textKeys } from './sharing.traces.js';

// Indicators in their canonical and containing forms: a share's indicator matches a report's when one of the
// share's look-up keys is one of the report's keys.

const REPORT =
  'C2 は hxxp://evil-c2[.]example[.]com/gate.php 。攻撃元 203.0.113.77、198.51.100.0/24 から走査。' +
  '送信元 phisher@Mail-Evil.example 、検体 0123456789ABCDEF0123456789ABCDEF、IPv6 2001:db8:1::7。';
const reported = textKeys(REPORT);
const matches = (i: Indicator) => {
  const { exact, ranges } = lookupKeys(indicatorKeys(i));
  return (
    [...exact].some((k) => reported.has(k)) ||
    ranges.some(([lo, hi]) => [...reported].some((k) => k >= lo && k <= hi))
  );
};

describe('indicator keys', () => {
  it.each<Indicator>([
    { type: 'domain-name', value: 'evil-c2.example.com' },
    { type: 'domain-name', value: 'EVIL-C2.EXAMPLE.COM' },
    { type: 'domain-name', value: 'a.evil-c2.example.com' },
    { type: 'domain-name', value: 'example.com' },
    { type: 'url', value: 'http://evil-c2.example.com/' },
    { type: 'url', value: 'https://login.evil-c2.example.com:8443/x?y' },
    { type: 'ipv4-addr', value: '203.0.113.77' },
    { type: 'ipv6-addr', value: '::ffff:203.0.113.77' },
    { type: 'ipv6-addr', value: '::ffff:cb00:714d' },
    { type: 'ipv6-addr', value: '64:ff9b::203.0.113.77' },
    { type: 'ipv4-addr', value: '203.0.113.0/24' },
    { type: 'ipv4-addr', value: '203.0.0.0/16' },
    { type: 'ipv4-addr', value: '198.51.100.9' },
    { type: 'ipv6-addr', value: '2001:DB8:1:0:0:0:0:7' },
    { type: 'email-addr', value: 'Phisher@mail-evil.example' },
    { type: 'domain-name', value: 'mail-evil.example' },
    { type: 'file-md5', value: '0123456789abcdef0123456789abcdef' },
    { type: 'url', value: 'http://8.8.4.4/', description: '転送先は evil-c2[.]example[.]com' },
  ])('match a report that names it another way: %j', (i) => {
    expect(matches(i)).toBe(true);
  });

  it.each<Indicator>([
    // A sibling on a shared registrable domain names neither host.
    { type: 'domain-name', value: 'other.example.com' },
    { type: 'domain-name', value: 'com' },
    // Another mailbox of the same provider is not the same indicator.
    { type: 'email-addr', value: 'someone@mail-evil.example' },
    { type: 'ipv4-addr', value: '203.0.113.78' },
    // Too wide to reveal an address.
    { type: 'ipv4-addr', value: '203.0.0.0/8' },
    { type: 'ipv6-addr', value: '2001:db8:2::7' },
    { type: 'file-sha256', value: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' },
  ])('do not match what the report does not reveal: %j', (i) => {
    expect(matches(i)).toBe(false);
  });

  it('read a host glued to Japanese text, defanged or not', () => {
    expect([...textKeys('通信先はhxxp://c2[.]evil[.]example[.]jpから、evil.example.comと通信した')]).toEqual([
      'h:c2.evil.example.jp',
      'r:example.jp',
      'h:evil.example.com',
      'r:example.com',
    ]);
  });

  it('leave out file names, common addresses and the empty file', () => {
    const keys = textKeys(
      'node.js と report.pdf、127.0.0.1、255.255.255.0、0.0.0.0、d41d8cd98f00b204e9800998ecf8427e',
    );
    expect([...keys]).toEqual([]);
  });

  it('index a report by its quotes and its indicators', () => {
    const prints = reportFingerprints(REPORT);
    expect([...prints].some((p) => p.startsWith('q:'))).toBe(true);
    expect(prints.has('h:evil-c2.example.com')).toBe(true);
    expect(prints.has('4:cb00714d')).toBe(true);
  });
});
