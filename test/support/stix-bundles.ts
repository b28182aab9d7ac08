import { randomUUID } from 'node:crypto';

// STIX 2.1 bundles of many indicators for the bulk import's tests: one value of each kind in turn, all different.

const TS = '2026-11-20T01:02:03.000Z';

/** The n-th value: an address, a network, a domain, a URL, an e-mail address or a SHA-256, in turn. */
export function valueAt(n: number): { type: string; value: string; pattern: string } {
  const a = `${10 + (n % 200)}.${(n >>> 8) & 255}.${(n >>> 16) & 255}.${n & 255}`;
  switch (n % 6) {
    case 0:
      return { type: 'ipv4', value: a, pattern: `[ipv4-addr:value = '${a}']` };
    case 1: {
      const net = `${11 + ((n >>> 16) % 200)}.${(n >>> 8) & 255}.${n & 255}.0/24`;
      return { type: 'cidr', value: net, pattern: `[ipv4-addr:value = '${net}']` };
    }
    case 2:
      return {
        type: 'domain',
        value: `h${n}.example.jp`,
        pattern: `[domain-name:value = 'h${n}.example.jp']`,
      };
    case 3:
      return {
        type: 'url',
        value: `https://h${n}.example.jp/login`,
        pattern: `[url:value = 'https://h${n}.example.jp/login']`,
      };
    case 4:
      return { type: 'email', value: `u${n}@example.jp`, pattern: `[email-addr:value = 'u${n}@example.jp']` };
    default: {
      const h = n.toString(16).padStart(64, '0');
      return { type: 'sha256', value: h, pattern: `[file:hashes.'SHA-256' = '${h}']` };
    }
  }
}

/** An indicator object of a pattern. */
export const stixIndicator = (pattern: string, extra: Record<string, unknown> = {}) => ({
  type: 'indicator',
  spec_version: '2.1',
  id: `indicator--${randomUUID()}`,
  created: TS,
  modified: TS,
  pattern,
  pattern_type: 'stix',
  valid_from: TS,
  ...extra,
});

/** A bundle of these objects. */
export const stixBundle = (objects: unknown[], id = `bundle--${randomUUID()}`) => ({
  type: 'bundle',
  id,
  objects,
});

/** A bundle of the indicators `from` … `from + count - 1` (valueAt). */
export const bundleOfValues = (from: number, count: number) =>
  stixBundle(Array.from({ length: count }, (_, k) => stixIndicator(valueAt(from + k).pattern)));
