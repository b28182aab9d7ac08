import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

// Where Renraku may send requests on a body's behalf (webhooks): global unicast addresses only, never this
// machine or a private network (SSRF), however the address is spelled. Checked when a URL is registered and,
// since a name can resolve differently later, again on the resolved address at every send.

const ranges = <T extends string>(list: readonly T[]) => list.map((c) => ipaddr.parseCIDR(c));

// The IANA IPv4 special-purpose address registry, multicast and the limited broadcast.
const IPV4_NOT_GLOBAL = ranges([
  '0.0.0.0/8',
  '10.0.0.0/8',
  '100.64.0.0/10',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '172.16.0.0/12',
  '192.0.0.0/24',
  '192.0.2.0/24',
  '192.31.196.0/24',
  '192.52.193.0/24',
  '192.88.99.0/24',
  '192.168.0.0/16',
  '192.175.48.0/24',
  '198.18.0.0/15',
  '198.51.100.0/24',
  '203.0.113.0/24',
  '224.0.0.0/4',
  '240.0.0.0/4',
]);

// IPv6 global unicast is allocated from 2000::/3 only: everything outside it is refused at once (the
// unspecified and loopback addresses, IPv4-compatible ::a.b.c.d, NAT64, site-local fec0::/10, unique-local,
// link-local, multicast…); inside it, the IANA IPv6 special-purpose registry's ranges are refused too.
const IPV6_GLOBAL = ipaddr.parseCIDR('2000::/3');
const IPV6_NOT_GLOBAL = ranges(['2001::/23', '2001:db8::/32', '2002::/16', '2620:4f:8000::/48', '3fff::/20']);

// Names that by definition never leave the machine or the local network.
const LOCAL_NAME = /(^|\.)(localhost|local|internal|home\.arpa)$/;

/** A URL's host without IPv6 brackets or the trailing dot of a fully qualified name, in lower case. */
export const bareHost = (hostname: string): string =>
  hostname
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '')
    .toLowerCase();

/** Whether an IP address (v4 or v6; an IPv4-mapped one as the IPv4 address it maps) is global unicast. */
export function isPublicAddress(ip: string): boolean {
  if (isIP(ip) === 0) return false;
  const address = ipaddr.parse(ip);
  if (address.kind() === 'ipv6') {
    const v6 = address as ipaddr.IPv6;
    if (!v6.isIPv4MappedAddress())
      return v6.match(IPV6_GLOBAL) && !IPV6_NOT_GLOBAL.some((range) => v6.match(range));
    return isPublicV4(v6.toIPv4Address());
  }
  return isPublicV4(address as ipaddr.IPv4);
}

const isPublicV4 = (v4: ipaddr.IPv4) => !IPV4_NOT_GLOBAL.some((range) => v4.match(range));

/** The port a URL connects to. */
export const portOf = (url: URL): number =>
  url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);

/** Whether a host (an address or a name) is this machine: 127.0.0.0/8, ::1, localhost. */
export function isLoopbackHost(hostname: string): boolean {
  const host = bareHost(hostname);
  if (isIP(host) === 4) return host.startsWith('127.');
  if (isIP(host) === 6) return host === '::1';
  return host === 'localhost' || host.endsWith('.localhost');
}

/**
 * Whether a host may be the target of an outbound request: a public address, or a name with a dot that is not
 * reserved for local use (a single label resolves through local search domains).
 */
export function isPublicHost(hostname: string): boolean {
  const host = bareHost(hostname);
  if (isIP(host) !== 0) return isPublicAddress(host);
  return host.includes('.') && !LOCAL_NAME.test(host);
}
