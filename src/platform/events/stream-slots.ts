import ipaddr from 'ipaddr.js';

/** Most live streams one credential, and one client address, may hold open on this server process at once. */
export interface StreamLimits {
  perCredential: number;
  perAddress: number;
}

/**
 * The client address streams are counted by: an IPv4 address (also written IPv4-mapped, ::ffff:a.b.c.d), or
 * the /64 of an IPv6 address, which one client usually holds whole.
 */
export function addressKey(ip: string): string {
  if (!ipaddr.isValid(ip)) return ip;
  const address = ipaddr.process(ip);
  if (address.kind() === 'ipv4') return address.toString();
  const parts = (address as ipaddr.IPv6).parts.slice(0, 4);
  return `${parts.map((p) => p.toString(16)).join(':')}::/64`;
}

/**
 * Counts open streams per credential and per client address. `take` answers a function that gives the slot
 * back (once, however often it is called), or null when either limit is reached.
 */
export function streamSlots(limits: StreamLimits) {
  const open = new Map<string, number>();
  const count = (key: string) => open.get(key) ?? 0;
  const add = (key: string, delta: number) => {
    const n = count(key) + delta;
    if (n <= 0) open.delete(key);
    else open.set(key, n);
  };
  return {
    take(credential: string, address: string): (() => void) | null {
      const c = `credential:${credential}`;
      const a = `address:${addressKey(address)}`;
      if (count(c) >= limits.perCredential || count(a) >= limits.perAddress) return null;
      add(c, 1);
      add(a, 1);
      let given = false;
      return () => {
        if (given) return;
        given = true;
        add(c, -1);
        add(a, -1);
      };
    },
  };
}
