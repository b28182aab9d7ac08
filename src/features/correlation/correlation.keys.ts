import ipaddr from 'ipaddr.js';
import { isFourPartDecimal } from '../indicators/indicators.ip.js';

// How stored indicator values meet (issue 14, point 3), as pure functions over canonical values
// (indicators.canonical: IPv4-mapped addresses are already IPv4, domains punycode, CIDRs without host bits).
//
// - equal: the same type and canonical value.
// - containment, looked up by equality, never by scanning: a value's *containers* (the 33 IPv4 / 129 IPv6
//   networks covering an address, the wider networks of a CIDR, a host's domain and its parent domains, a URL's
//   IP host) are enumerated and found by equality on stored values;
// - and the reverse, by a bounded range scan: a newly reported container (a CIDR, a domain, an address as a
//   URL's host) finds the stored values inside it through a sortable key — an address as fixed-width hex
//   (`4c0000201` for 192.0.2.1, `6…` for IPv6), a host as its labels reversed (`djp.example.www.`).
// Values of `other`, `filename`, `user-agent` (and hashes, CVEs, ASNs) match by equality only. Families do
// not mix: an IPv6 network does not contain an IPv4 address.

/** How a value of one incident meets a value of another: the same, inside it, or containing it. */
export type MatchKind = 'equal' | 'within' | 'contains';

/** A typed canonical value. */
export interface TypedValue {
  type: string;
  value: string;
}

type Host = { kind: 'ip'; family: 4 | 6; parts: number[] } | { kind: 'domain'; ascii: string };

const hex = (parts: readonly number[], width: number) =>
  parts.map((p) => p.toString(16).padStart(width, '0')).join('');

function ipOf(text: string): { family: 4 | 6; parts: number[] } | null {
  if (isFourPartDecimal(text)) return { family: 4, parts: ipaddr.IPv4.parse(text).octets };
  if (!ipaddr.IPv6.isValid(text)) return null;
  const v6 = ipaddr.IPv6.parse(text);
  if (v6.isIPv4MappedAddress()) return { family: 4, parts: v6.toIPv4Address().octets };
  return { family: 6, parts: v6.parts };
}

const ipKey = (ip: { family: 4 | 6; parts: readonly number[] }) =>
  `${ip.family}${hex(ip.parts, ip.family === 4 ? 2 : 4)}`;

/** The reversed labels of a host with a final dot: `www.example.jp` → `jp.example.www.`. */
const reversed = (ascii: string) => `${ascii.split('.').reverse().join('.')}.`;

function cidrOf(value: string): { family: 4 | 6; parts: number[]; prefix: number } | null {
  const slash = value.lastIndexOf('/');
  const ip = slash > 0 ? ipOf(value.slice(0, slash)) : null;
  return ip ? { ...ip, prefix: Number(value.slice(slash + 1)) } : null;
}

/** The host a URL or an e-mail address names (a URL's may be an address). */
function hostOf(type: string, value: string): Host | null {
  if (type === 'email') {
    const at = value.lastIndexOf('@');
    return at < 0 ? null : { kind: 'domain', ascii: value.slice(at + 1) };
  }
  if (type !== 'url') return null;
  let hostname: string;
  try {
    hostname = new URL(value).hostname;
  } catch {
    return null;
  }
  const ip = ipOf(hostname.replace(/^\[(.*)\]$/, '$1'));
  if (ip) return { kind: 'ip', ...ip };
  return hostname === '' ? null : { kind: 'domain', ascii: hostname };
}

const BITS = { 4: 8, 6: 16 } as const;

/** The address with every bit from `prefix` on set to `fill` (0: the network, 1: its last address). */
function masked(family: 4 | 6, parts: readonly number[], prefix: number, fill: 0 | 1): number[] {
  const width = BITS[family];
  return parts.map((p, i) => {
    const keep = Math.min(width, Math.max(0, prefix - i * width));
    const low = (1 << (width - keep)) - 1;
    return fill === 1 ? p | low : p & ~low & ((1 << width) - 1);
  });
}

const show = (family: 4 | 6, parts: number[]) =>
  family === 4 ? parts.join('.') : new ipaddr.IPv6(parts).toRFC5952String();

/**
 * The prefix lengths of the networks that may be stored, per family (correlation_prefixes): an address is looked
 * up only in networks of these lengths. Absent: every length.
 */
export interface StoredPrefixes {
  4: ReadonlySet<number>;
  6: ReadonlySet<number>;
}

/**
 * The networks covering an address or a network, narrowest first, below `prefix` bits (canonical CIDRs), of the
 * stored lengths only when they are given.
 */
function coveringNetworks(
  family: 4 | 6,
  parts: readonly number[],
  below: number,
  prefixes: StoredPrefixes | undefined,
): string[] {
  const out: string[] = [];
  const only = prefixes?.[family];
  for (let p = below - 1; p >= 0; p--)
    if (!only || only.has(p)) out.push(`${show(family, masked(family, parts, p, 0))}/${p}`);
  return out;
}

/** The family and prefix length of a canonical CIDR (null for any other value). */
export function prefixOf(type: string, value: string): { family: 4 | 6; prefix: number } | null {
  if (type !== 'cidr') return null;
  const net = cidrOf(value);
  return net ? { family: net.family, prefix: net.prefix } : null;
}

/** A domain's parent domains of two labels or more: `a.b.example.jp` → `b.example.jp`, `example.jp`. */
function parentDomains(ascii: string): string[] {
  const labels = ascii.split('.');
  const out: string[] = [];
  for (let i = 1; i <= labels.length - 2; i++) out.push(labels.slice(i).join('.'));
  return out;
}

/** The sortable key of a stored value (null: nothing contains it). */
export function matchKeyOf(type: string, value: string): string | null {
  if (type === 'ipv4' || type === 'ipv6') {
    const ip = ipOf(value);
    return ip ? ipKey(ip) : null;
  }
  if (type === 'cidr') {
    const net = cidrOf(value);
    return net ? ipKey(net) : null;
  }
  if (type === 'domain') return `d${reversed(value)}`;
  const host = hostOf(type, value);
  if (!host) return null;
  return host.kind === 'ip' ? ipKey(host) : `d${reversed(host.ascii)}`;
}

/**
 * The stored values that would contain this one (the forward direction of containment), found by equality:
 * the networks covering an address or a CIDR; the parent domains of a domain; the host of a URL or an e-mail
 * address and what contains it.
 */
export function containersOf(type: string, value: string, prefixes?: StoredPrefixes): TypedValue[] {
  if (type === 'ipv4' || type === 'ipv6') {
    const ip = ipOf(value);
    if (!ip) return [];
    return coveringNetworks(ip.family, ip.parts, ip.family === 4 ? 32 : 128, prefixes).map((v) => ({
      type: 'cidr',
      value: v,
    }));
  }
  if (type === 'cidr') {
    const net = cidrOf(value);
    return net
      ? coveringNetworks(net.family, net.parts, net.prefix, prefixes).map((v) => ({ type: 'cidr', value: v }))
      : [];
  }
  if (type === 'domain') return parentDomains(value).map((v) => ({ type: 'domain', value: v }));
  const host = hostOf(type, value);
  if (!host) return [];
  if (host.kind === 'domain')
    return [host.ascii, ...parentDomains(host.ascii)].map((v) => ({ type: 'domain', value: v }));
  const address = show(host.family, host.parts);
  return [
    { type: host.family === 4 ? 'ipv4' : 'ipv6', value: address },
    ...containersOf(`ipv${host.family}`, address, prefixes),
  ];
}

/**
 * The range of keys holding the stored values this one may contain (the reverse direction), or null when it
 * contains nothing: a CIDR's addresses, a domain's subdomains and the URLs and e-mail addresses on it, an
 * address's URLs. A row in the range is then confirmed by `containedIn`.
 */
export function containedRangeOf(type: string, value: string): { from: string; to: string } | null {
  if (type === 'cidr') {
    const net = cidrOf(value);
    if (!net) return null;
    const last = masked(net.family, net.parts, net.prefix, 1);
    return { from: ipKey(net), to: ipKey({ family: net.family, parts: last }) };
  }
  if (type === 'ipv4' || type === 'ipv6') {
    const key = matchKeyOf(type, value);
    return key ? { from: key, to: key } : null;
  }
  if (type === 'domain') {
    const from = `d${reversed(value)}`;
    // Every key that begins with `djp.example.`: '/' is the character after '.'.
    return { from, to: `${from.slice(0, -1)}/` };
  }
  return null;
}

/**
 * Whether the stored value `inner`, found in the key range of the container `outer`, lies strictly inside it
 * (not equal to it, and not a wider value that happens to share its first key).
 */
export function containedIn(inner: TypedValue, outer: TypedValue): boolean {
  if (inner.type === outer.type && inner.value === outer.value) return false;
  // A URL or an e-mail address is in the range of its host's key: on that host or one of its subdomains.
  if (inner.type === 'url' || inner.type === 'email') return true;
  if (outer.type === 'cidr') {
    if (inner.type === 'ipv4' || inner.type === 'ipv6') return true;
    const a = cidrOf(inner.value);
    const b = cidrOf(outer.value);
    return inner.type === 'cidr' && a !== null && b !== null && a.prefix > b.prefix;
  }
  if (outer.type === 'domain') return inner.type === 'domain';
  return false;
}

/** Whether values of this type are ever matched by containment (the others match by equality only). */
export const hasContainment = (type: string): boolean =>
  type === 'ipv4' ||
  type === 'ipv6' ||
  type === 'cidr' ||
  type === 'domain' ||
  type === 'url' ||
  type === 'email';
