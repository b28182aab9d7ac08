import { describe, expect, it } from 'vitest';
import { addressKey, streamSlots } from './stream-slots.js';

describe('stream slots', () => {
  it('counts an IPv4 address however it is written, and an IPv6 client by its /64', () => {
    expect(addressKey('::ffff:203.0.113.7')).toBe(addressKey('203.0.113.7'));
    expect(addressKey('::ffff:cb00:7107')).toBe('203.0.113.7');
    expect(addressKey('2001:db8:1:2::1')).toBe(addressKey('2001:db8:1:2:ffff:ffff:ffff:ffff'));
    expect(addressKey('2001:db8:1:2::1')).not.toBe(addressKey('2001:db8:1:3::1'));
    expect(addressKey('2001:DB8:1:2::1')).toBe(addressKey('2001:db8:1:2::2'));
  });

  it('refuses past either limit and gives a slot back once, however often it is released', () => {
    const slots = streamSlots({ perCredential: 2, perAddress: 3 });
    const a = slots.take('token-a', '192.0.2.1');
    const b = slots.take('token-a', '::ffff:192.0.2.1');
    expect(a && b).toBeTruthy();
    expect(slots.take('token-a', '198.51.100.1')).toBeNull();
    expect(slots.take('token-b', '192.0.2.1')).not.toBeNull();
    expect(slots.take('token-c', '192.0.2.1')).toBeNull();
    a?.();
    a?.();
    expect(slots.take('token-c', '192.0.2.1')).not.toBeNull();
    expect(slots.take('token-d', '192.0.2.1')).toBeNull();
    expect(slots.take('token-a', '198.51.100.1')).not.toBeNull();
  });
});
