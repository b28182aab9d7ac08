import { describe, expect, it } from 'vitest';
import { isPublicAddress, isPublicHost } from './addresses.js';

// Webhooks may go to global unicast addresses only: every other range of the IANA special-purpose registries,
// however it is spelled, is refused.

describe('isPublicAddress', () => {
  it.each([
    // IPv4 special-purpose registry, multicast, broadcast
    '0.0.0.0',
    '10.1.2.3',
    '100.64.0.1',
    '127.0.0.1',
    '127.255.255.254',
    '169.254.169.254',
    '172.16.0.1',
    '172.31.255.255',
    '192.0.0.170',
    '192.0.2.10',
    '192.31.196.1',
    '192.52.193.1',
    '192.88.99.1',
    '192.168.1.1',
    '192.175.48.1',
    '198.18.0.1',
    '198.51.100.7',
    '203.0.113.77',
    '224.0.0.1',
    '240.0.0.1',
    '255.255.255.255',
    // IPv6: unspecified, loopback, and this machine or a private network under another spelling
    '::',
    '::1',
    '::7f00:1',
    '::127.0.0.1',
    '::a00:1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:10.0.0.1',
    '::ffff:169.254.169.254',
    '0:0:0:0:0:ffff:c0a8:0101',
    '64:ff9b::a00:1',
    '64:ff9b:1::1',
    '100::1',
    '2001::1',
    '2001:1::1',
    '2001:db8::1',
    '2002:a00:1::1',
    '2002:7f00:1::',
    '2620:4f:8000::1',
    '3fff::1',
    'fc00::1',
    'fd12:3456::1',
    'fe80::1',
    'fe80::1%eth0',
    'fec0::1',
    'feff::1',
    'ff02::1',
    '4000::1',
    '5f00::1',
  ])('refuses %s', (ip) => {
    expect(isPublicAddress(ip)).toBe(false);
  });

  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '133.242.0.1',
    '::ffff:8.8.8.8',
    '2001:4860:4860::8888',
    '2606:4700:4700::1111',
    '2400:cb00::1',
  ])('accepts the global unicast address %s', (ip) => {
    expect(isPublicAddress(ip)).toBe(true);
  });

  it.each(['', 'localhost', '0x7f.1', '2130706433', '1.2.3', '[::1]', '::1::'])(
    'refuses %j, not an address',
    (ip) => {
      expect(isPublicAddress(ip)).toBe(false);
    },
  );
});

describe('isPublicHost', () => {
  it.each([
    ['hooks.example.jp', true],
    ['[2606:4700::1111]', true],
    ['[::7f00:1]', false],
    ['[::ffff:7f00:1]', false],
    ['[fec0::1]', false],
    ['intranet', false],
    ['siem.corp.internal', false],
    ['printer.local', false],
  ] as const)('%s: %s', (host, expected) => {
    expect(isPublicHost(host)).toBe(expected);
  });
});
