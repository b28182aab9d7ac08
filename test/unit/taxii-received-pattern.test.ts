import { randomInt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalIndicator } from '../../src/features/indicators/indicators.canonical.js';
import type { IndicatorType } from '../../src/features/indicators/indicators.types.js';
import { shareTypeOf } from '../../src/features/sharing/sharing.kinds.js';
import { indicatorPattern } from '../../src/features/sharing/sharing.stix.js';
import { plainPattern, receivedPattern } from '../../src/features/taxii/taxii.received.js';

// "Indicators received" writes the pattern of a value plainly in its stored form from its text (plainPattern),
// and of every other value as a share exports it (indicatorPattern, which makes the value canonical again). This
// compares the two ways on random values: stored forms made by canonicalIndicator from random input (Unicode
// and punycode hosts, underscores, upper case, IPv4-mapped and IPv6 networks, odd local parts) and random
// near-miss text stored as it is (leading zeros, host bits, defanged writing, quotes, braces): wherever the
// plain way answers, it answers as the share's way does.

const pick = <T>(xs: readonly T[]): T => xs[randomInt(0, xs.length)] as T;
const shareWay = (type: IndicatorType, value: string) => {
  try {
    return indicatorPattern({ type: shareTypeOf(type, value), value });
  } catch (e) {
    return `threw ${String(e)}`;
  }
};
const ourWay = (type: IndicatorType, value: string) => {
  try {
    return receivedPattern(type, value);
  } catch (e) {
    return `threw ${String(e)}`;
  }
};

const octet = () =>
  String(pick([0, 1, 9, 10, 99, 100, 127, 192, 199, 200, 249, 250, 255, randomInt(0, 256)]));
const v4 = () => Array.from({ length: 4 }, octet).join('.');
const LABELS = [
  'example',
  'jp',
  'go',
  'co',
  'a',
  'x-y',
  'ab--cd',
  '0day',
  '_dmarc',
  'xn--wgv71a119e',
  '例え',
  'ÉVIL',
];
const TLDS = ['jp', 'com', 'xn--wgv71a119e', 'museum', 'j', 'jp1', 'COM', '日本'];
const host = () =>
  [...Array.from({ length: randomInt(1, 4) }, () => pick(LABELS)), pick(TLDS)].join(
    pick(['.', '.', '.', '[.]']),
  );
const LOCALS = [
  'u',
  'first.last',
  'a+b',
  "o'brien",
  'x{dot}y',
  'a{b',
  '.x',
  'x..y',
  'ü',
  'UPPER',
  'a|b~c',
  '"q"',
];
const NOISE = [
  '0',
  '00',
  '1',
  '9',
  '.',
  '/',
  '-',
  '_',
  'a',
  'F',
  'x',
  '{',
  '}',
  '@',
  "'",
  ':',
  ' ',
  'xn--',
  '[.]',
];
const noise = () => Array.from({ length: randomInt(1, 20) }, () => pick(NOISE)).join('');
const HEX = '0123456789abcdefABCDEF';
const hex = (n: number) => Array.from({ length: n }, () => pick([...HEX])).join('');

function rawValue(): { type: IndicatorType; value: string } {
  switch (randomInt(0, 8)) {
    case 0:
      return { type: 'ipv4', value: pick([v4(), `::ffff:${v4()}`, `0${v4()}`]) };
    case 1:
      return { type: 'cidr', value: `${pick([v4(), '2001:db8::', `::ffff:${v4()}`])}/${randomInt(0, 129)}` };
    case 2:
      return { type: 'domain', value: host() };
    case 3:
      return { type: 'email', value: `${pick(LOCALS)}@${host()}` };
    case 4:
      return {
        type: pick(['md5', 'sha1', 'sha256', 'sha512'] as const),
        value: hex(pick([32, 40, 64, 128, 33])),
      };
    case 5:
      return { type: 'url', value: `https://${pick([host(), v4()])}/${noise()}` };
    case 6:
      return { type: 'ipv6', value: pick(['2001:DB8::1', '::1', `::ffff:${v4()}`]) };
    default:
      return { type: pick(['filename', 'asn', 'user-agent', 'other'] as const), value: noise() };
  }
}

const TYPES: IndicatorType[] = ['ipv4', 'cidr', 'domain', 'email', 'md5', 'sha1', 'sha256', 'sha512', 'url'];

describe('the pattern of an indicator received', () => {
  it('is the share’s pattern for every stored form of random input', () => {
    let stored = 0;
    for (let i = 0; i < 20_000; i++) {
      const raw = rawValue();
      const c = canonicalIndicator(raw.type, raw.value);
      if (!c.ok || c.indicator.type === 'cve') continue;
      stored++;
      const { type, value } = c.indicator;
      expect(ourWay(type, value), `${type} ${value}`).toBe(shareWay(type, value));
    }
    expect(stored).toBeGreaterThan(5_000);
  });

  it('is the share’s pattern for near-miss text stored as it is', () => {
    for (let i = 0; i < 20_000; i++) {
      const type = pick(TYPES);
      const value = pick([
        noise(),
        `${noise()}@${host()}`,
        `${pick(['', '0', '00'])}${v4()}${pick(['', '/', '/0', '/07', '/32', '/33', `/${randomInt(0, 33)}`])}`,
        `${pick(LOCALS)}@${host()}`,
        host(),
        hex(pick([32, 40, 64, 128])),
      ]);
      expect(ourWay(type, value), `${type} ${value}`).toBe(shareWay(type, value));
    }
  });

  it('is read from the text for the plain forms (no canonical form made again)', () => {
    const plain: [IndicatorType, string][] = [
      ['ipv4', '203.0.113.9'],
      ['ipv4', '0.0.0.0'],
      ['cidr', '198.51.100.0/24'],
      ['cidr', '0.0.0.0/0'],
      ['domain', 'c2.evil.example'],
      ['email', 'first.last+tag@mail.example.jp'],
      ['md5', 'd41d8cd98f00b204e9800998ecf8427e'],
      ['sha256', 'a'.repeat(64)],
    ];
    for (const [type, value] of plain) {
      expect(plainPattern(type, value), value).toBeDefined();
      expect(plainPattern(type, value)).toBe(shareWay(type, value));
    }
  });
});
