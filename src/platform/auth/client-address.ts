import ipaddr from 'ipaddr.js';

/**
 * The network a client address stands for, as throttling counts it: an IPv4 address alone (IPv4-mapped and
 * IPv4-compatible IPv6 forms are the same address), an IPv6 address by its /64 — one subscriber, one LAN or
 * one host gets a whole /64, so counting single IPv6 addresses would give an attacker 2^64 of them.
 */
export function addressGroup(address: string): string {
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    parsed = ipaddr.process(address.replace(/%.*$/, ''));
  } catch {
    return `other:${address.slice(0, 100)}`;
  }
  if (parsed.kind() === 'ipv4') return parsed.toString();
  const v6 = parsed as ipaddr.IPv6;
  const parts = v6.parts;
  // ::a.b.c.d (deprecated IPv4-compatible form), apart from :: and ::1.
  if (parts.slice(0, 6).every((p) => p === 0) && ((parts[6] ?? 0) !== 0 || (parts[7] ?? 0) > 1))
    return ipaddr.fromByteArray(v6.toByteArray().slice(12)).toString();
  const prefix = ipaddr.IPv6.networkAddressFromCIDR(`${v6.toNormalizedString()}/64`);
  return `${prefix.toString()}/64`;
}
