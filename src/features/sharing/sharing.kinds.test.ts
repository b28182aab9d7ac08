import { describe, expect, it } from 'vitest';
import { INDICATOR_TYPES as REPORT_KINDS } from '../indicators/indicators.types.js';
import { kindOf, shareTypeOf } from './sharing.kinds.js';
import { INDICATOR_TYPES } from './sharing.terms.js';

// The one mapping between report kinds and share types: every share type stands for a kind that is carried as
// that type again, and every kind a share carries comes back as itself.

const SAMPLE: Record<string, string> = { 'ipv4-addr': '192.0.2.1', 'ipv6-addr': '2001:db8::1' };

describe('report kinds and share types', () => {
  it.each(INDICATOR_TYPES)('%s stands for a kind carried as %s again', (type) => {
    const value = SAMPLE[type] ?? 'x';
    expect(shareTypeOf(kindOf(type, value), value)).toBe(type);
  });

  it('carries a CIDR as the address type of its family, and reads it back as a CIDR', () => {
    expect(shareTypeOf('cidr', '192.0.2.0/24')).toBe('ipv4-addr');
    expect(shareTypeOf('cidr', '2001:db8::/48')).toBe('ipv6-addr');
    expect(kindOf('ipv4-addr', '192.0.2.0/24')).toBe('cidr');
    expect(kindOf('ipv6-addr', '2001:db8::/48')).toBe('cidr');
  });

  it('carries every report kind, each as itself: a CVE id, a user agent and a free observable too', () => {
    for (const k of REPORT_KINDS) {
      const value = k === 'cidr' ? '192.0.2.0/24' : 'x';
      expect(kindOf(shareTypeOf(k, value), value), k).toBe(k);
    }
    expect(shareTypeOf('cve', 'CVE-2026-1234')).toBe('vulnerability');
    expect(shareTypeOf('user-agent', 'Mozilla/5.0')).toBe('user-agent');
    expect(shareTypeOf('other', '保守用アカウント')).toBe('observable');
  });
});
