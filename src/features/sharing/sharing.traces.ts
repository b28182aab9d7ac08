import { domainToASCII } from 'node:url';
import ipaddr from 'ipaddr.js';
import { parse as parseDomain } from 'tldts';
import { canonicalIndicator } from '../indicators/indicators.canonical.js';
import type { IndicatorType as ReportKind } from '../indicators/indicators.types.js';
import { kindOf } from './sharing.kinds.js';
import type { Indicator } from './sharing.terms.js';
import { normaliseText } from './sharing.text.js';

// The indicators a text holds, in one canonical form each, so that a share and a report that name the same
// address, host, mailbox or file match however each spelled it: defanged (hxxp, [.]), full-width, IPv4 as
// IPv4-mapped or -compatible IPv6, a URL for its host. Keys (strings) are what the report index stores:
//
//   4:<8 hex>           an IPv4 address (also one written as IPv6 that embeds it)
//   4n:<8 hex>/<len>    an IPv4 network a report names (CIDR)
//   6:<32 hex>          an IPv6 address;  6n:<32 hex>/<len> an IPv6 network
//   h:<host>            a host name (of a domain, a URL, or written alone), IDN as punycode
//   r:<domain>          the registrable domain of a host (tldts, with the private section of the list)
//   m:<address>         an e-mail address;  mh:<domain>, mr:<domain> its domain and registrable domain
//   x:<value>           a file hash, or any other value matched only as a whole (a file name, an AS, a CVE id,
//                       a user agent, a free observable): in its canonical form, normalised as text

/** Network prefixes shorter than these say too little of an address to reveal it: no containment below. */
export const MIN_PREFIX = { 4: 16, 6: 48 } as const;

// Hashes of the empty file: in countless reports and tools, they identify nothing.
const EMPTY_HASHES = new Set([
  'd41d8cd98f00b204e9800998ecf8427e',
  'da39a3ee5e6b4b0d3255bfef95601890afd80709',
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
]);
// Addresses that appear everywhere and belong to nobody: "this network" 0/8, loopback, multicast, and the
// reserved 240/4 with the broadcast address (where netmasks such as 255.255.255.0 fall); for IPv6 ::, ::1 and
// multicast. Documentation ranges (203.0.113.0/24, 2001:db8::/32) stay: examples and tests use them.
const NOBODYS = new Set(['unspecified', 'multicast', 'loopback']);
// Reserved for documentation and tests (RFC 2606, RFC 6761): real hosts in examples and in the tests.
const RESERVED_TLDS = new Set(['example', 'test', 'invalid', 'localhost']);

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

/** Undoes the usual defanging of threat reports: hxxp, [.], (.), [dot], [@], [at], [:]. */
export function refang(text: string): string {
  return text
    .replace(/h(?:xx|\*\*)p(s?)/giu, 'http$1')
    .replace(/f[x]p/giu, 'ftp')
    .replace(/\[\s*(?:\.|dot)\s*\]|\(\s*(?:\.|dot)\s*\)|\{\s*(?:\.|dot)\s*\}/giu, '.')
    .replace(/\[\s*(?:@|at)\s*\]|\(\s*(?:@|at)\s*\)/giu, '@')
    .replace(/\[\s*:\s*\]/gu, ':')
    .replace(/\[:\/\/\]/gu, '://');
}

/** An IPv4 address as 32 bits, or null. */
function ipv4Bits(text: string): number | null {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p))) return null;
  const octets = parts.map(Number);
  if (octets.some((o) => o > 255)) return null;
  return octets.reduce((n, o) => n * 256 + o, 0);
}

const v4Text = (bits: number) => [bits >>> 24, (bits >>> 16) & 255, (bits >>> 8) & 255, bits & 255].join('.');
const v4Key = (bits: number) => `4:${hex(bits, 8)}`;
const v4Net = (bits: number, len: number) => {
  const mask = len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0;
  return (bits & mask) >>> 0;
};

function v4Usable(bits: number): boolean {
  const first = bits >>> 24;
  return first !== 0 && first !== 127 && first < 224;
}

/** The IPv4 address an IPv6 address stands for (mapped, compatible, SIIT, NAT64), or null. */
function embeddedV4(addr: ipaddr.IPv6): number | null {
  const p = addr.parts;
  const tail = ((p[6] ?? 0) * 65536 + (p[7] ?? 0)) >>> 0;
  const zeros = (n: number) => p.slice(0, n).every((x) => x === 0);
  const mapped = zeros(5) && p[5] === 0xffff; // ::ffff:0:0/96
  const siit = zeros(4) && p[4] === 0xffff && p[5] === 0; // ::ffff:0:0:0/96
  const compatible = zeros(6) && tail > 1; // ::/96, not :: nor ::1
  const nat64 = p[0] === 0x64 && p[1] === 0xff9b && p.slice(2, 6).every((x) => x === 0); // 64:ff9b::/96
  return mapped || siit || compatible || nat64 ? tail : null;
}

const v6Hex = (addr: ipaddr.IPv6) => addr.parts.map((x) => hex(x, 4)).join('');

/** Keys of one address or network written in text or as an indicator value. */
function addressKeys(value: string, out: Set<string>, networks: boolean) {
  const [host = '', prefix] = value.split('/');
  const len = prefix === undefined ? null : /^\d{1,3}$/.test(prefix) ? Number(prefix) : Number.NaN;
  if (Number.isNaN(len)) return;
  const v4 = ipv4Bits(host);
  if (v4 !== null) {
    if (len === null || len === 32) {
      if (v4Usable(v4)) out.add(v4Key(v4));
    } else if (networks && len <= 32 && len >= 8) out.add(`4n:${hex(v4Net(v4, len), 8)}/${len}`);
    return;
  }
  if (!ipaddr.IPv6.isValid(host)) return;
  const addr = ipaddr.IPv6.parse(host);
  const inner = embeddedV4(addr);
  if (inner !== null) {
    if (len === null || len >= 96) addressKeys(v4Text(inner), out, networks);
    return;
  }
  if (len === null || len === 128) {
    if (!NOBODYS.has(addr.range())) out.add(`6:${v6Hex(addr)}`);
  } else if (networks && len <= 128 && len >= 16) {
    const net = ipaddr.IPv6.networkAddressFromCIDR(`${host}/${len}`);
    out.add(`6n:${v6Hex(net)}/${len}`);
  }
}

/** A host name in its one form (punycode, lower case, no trailing dot), or null if it is none. */
function canonicalHost(raw: string): string | null {
  const trimmed = raw.replace(/\.$/, '');
  if (!trimmed.includes('.')) return null;
  const ascii = domainToASCII(trimmed);
  if (!ascii || ascii.length > 253) return null;
  const tld = ascii.slice(ascii.lastIndexOf('.') + 1);
  if (!/^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/.test(tld)) return null;
  return ascii;
}

/** Whether a host ends in a real public suffix (or a reserved one): how a host is told from a file name. */
function knownSuffix(host: string): boolean {
  const p = parseDomain(host, { allowPrivateDomains: true });
  return (
    p.isIcann === true || p.isPrivate === true || RESERVED_TLDS.has(host.slice(host.lastIndexOf('.') + 1))
  );
}

/** The registrable domain of a host, or null (the host is a public suffix itself, or unknown). */
export function registrableOf(host: string): string | null {
  return parseDomain(host, { allowPrivateDomains: true }).domain ?? null;
}

function hostKeys(host: string, out: Set<string>, kind: 'h' | 'mh') {
  out.add(`${kind}:${host}`);
  const domain = registrableOf(host);
  if (domain) out.add(`${kind === 'h' ? 'r' : 'mr'}:${domain}`);
}

// Texts are normalised first (full width is ASCII, case folded): a host is ASCII, its Unicode labels written
// as punycode. Japanese text glues words to a host without a space ("evil.example.comと通信"), so a label is
// ASCII letters and digits only; a host written in Unicode (例え.jp) is not read from text.
const LABEL = '[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?';
const HOSTISH = `(?:${LABEL}\\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})`;
const URL_RE = new RegExp(
  `\\b(?:https?|ftps?|sftp|wss?)://(?:[^\\s/?#@]*@)?(\\[[0-9a-f:.]+\\]|${HOSTISH}|\\d{1,3}(?:\\.\\d{1,3}){3})`,
  'gu',
);
const EMAIL_RE = new RegExp(`[a-z0-9._%+-]+@(${HOSTISH})`, 'gu');
const HOST_RE = new RegExp(`(?<![a-z0-9_@.-])(${HOSTISH})(?![a-z0-9_-]|\\.[a-z0-9])`, 'gu');
const V4_RE = /(?<![\d.])(\d{1,3}(?:\.\d{1,3}){3})(\/\d{1,2})?(?![\d]|\.\d)/gu;
const V6_RE =
  /(?<![0-9a-f:.])((?:[0-9a-f]{0,4}:){2,7}(?:[0-9a-f]{0,4}|\d{1,3}(?:\.\d{1,3}){3}))(\/\d{1,3})?(?![0-9a-f:])/giu;
const HASH_RE = /(?<![0-9a-f])([0-9a-f]{64}|[0-9a-f]{40}|[0-9a-f]{32})(?![0-9a-f])/giu;

/**
 * The keys of every indicator a text holds: addresses, networks, hosts (of URLs and written alone, when
 * they end in a real public suffix), e-mail addresses and hashes. The text is normalised (full width, zero
 * width, case) and refanged first.
 */
export function textKeys(text: string, out = new Set<string>()): Set<string> {
  const t = refang(normaliseText(text));
  for (const m of t.matchAll(URL_RE)) {
    const authority = m[1] ?? '';
    const host = authority.startsWith('[') ? authority.slice(1, -1) : authority;
    addressKeys(host, out, true);
    const h = canonicalHost(host);
    if (h) hostKeys(h, out, 'h');
  }
  for (const m of t.matchAll(EMAIL_RE)) {
    const address = m[0];
    const domain = canonicalHost(m[1] ?? '');
    if (!domain) continue;
    out.add(`m:${address.slice(0, address.lastIndexOf('@') + 1)}${domain}`);
    hostKeys(domain, out, 'mh');
  }
  for (const m of t.matchAll(HOST_RE)) {
    const h = canonicalHost(m[1] ?? '');
    // Written alone, a dotted word is a host only under a real suffix: "node.js" or "report.pdf" is not.
    if (h && knownSuffix(h)) hostKeys(h, out, 'h');
  }
  for (const m of t.matchAll(V4_RE)) addressKeys(`${m[1]}${m[2] ?? ''}`, out, true);
  for (const m of t.matchAll(V6_RE)) addressKeys(`${m[1]}${m[2] ?? ''}`, out, true);
  for (const m of t.matchAll(HASH_RE)) {
    const h = (m[1] ?? '').toLowerCase();
    if (!EMPTY_HASHES.has(h)) out.add(`x:${h}`);
  }
  return out;
}

/** How a kind of value is keyed: as an address or network, a host, a mailbox, a URL (its host), or whole. */
const TRACE_OF_KIND: Record<ReportKind, 'address' | 'host' | 'email' | 'url' | 'whole'> = {
  ipv4: 'address',
  ipv6: 'address',
  cidr: 'address',
  domain: 'host',
  url: 'url',
  email: 'email',
  md5: 'whole',
  sha1: 'whole',
  sha256: 'whole',
  sha512: 'whole',
  filename: 'whole',
  cve: 'whole',
  asn: 'whole',
  'user-agent': 'whole',
  other: 'whole',
};

/**
 * The keys of a value of this kind (as the indicators feature names kinds): a report's typed indicator, or a
 * share's. The value is put in its canonical form first (when it has one), so that another spelling of it — an
 * AS without its "AS", a hash in upper case, IPv4 written as mapped IPv6, a Unicode domain — has the same keys.
 */
export function valueKeys(
  kind: ReportKind,
  raw: string,
  out = new Set<string>(),
  /** The value is stored canonical already (a report's typed indicator): not checked again. */
  stored = false,
): Set<string> {
  const canonical = stored ? null : canonicalIndicator(kind, raw);
  const value = refang(normaliseText(canonical?.ok ? canonical.indicator.value : raw));
  switch (TRACE_OF_KIND[kind]) {
    case 'address':
      addressKeys(value, out, true);
      break;
    case 'host': {
      const h = canonicalHost(value);
      if (h) hostKeys(h, out, 'h');
      break;
    }
    case 'email': {
      const at = value.lastIndexOf('@');
      const domain = canonicalHost(value.slice(at + 1));
      if (at > 0 && domain) {
        out.add(`m:${value.slice(0, at + 1)}${domain}`);
        hostKeys(domain, out, 'mh');
      }
      break;
    }
    case 'url':
      textKeys(value, out);
      break;
    case 'whole':
      if (value !== '' && !EMPTY_HASHES.has(value)) out.add(`x:${value}`);
  }
  return out;
}

/** The keys of a share's indicator (its value, whatever its type) and of what its description says. */
export function indicatorKeys(indicator: Indicator, out = new Set<string>()): Set<string> {
  valueKeys(kindOf(indicator.type, indicator.value.trim()), indicator.value, out);
  if (indicator.description) textKeys(indicator.description, out);
  return out;
}

/**
 * The keys to look a share's own keys up by, in the report index: what each of them reveals.
 *
 * - An address: the address, and every reported network of at least /16 (IPv6 /48) that contains it.
 * - A network of the share: reported addresses and networks inside it (a range, see `ranges`), and reported
 *   networks that contain it; wider than /16 (/48) it reveals no address and matches only an equal network.
 * - A host: the host and each parent down to its registrable domain (sharing a subdomain of a reported host
 *   reveals that host); if the host is itself a registrable domain, every reported host under it (sharing
 *   example.com reveals evil-c2.example.com's domain). A sibling (a.example.com for a reported b.example.com)
 *   reveals neither, and is not a match: on shared platforms siblings belong to strangers. Reported e-mail
 *   domains count as hosts, except against another e-mail address: two mailboxes of one provider
 *   (gmail.com) are not the same indicator.
 * - An e-mail address, a hash: itself.
 */
export function lookupKeys(shareKeys: Set<string>): { exact: Set<string>; ranges: [string, string][] } {
  const exact = new Set<string>();
  const ranges: [string, string][] = [];
  for (const key of shareKeys) {
    const [kind = '', value = ''] = splitKey(key);
    if (kind === '4') {
      exact.add(key);
      const bits = parseInt(value, 16);
      for (let len = MIN_PREFIX[4]; len < 32; len++) exact.add(`4n:${hex(v4Net(bits, len), 8)}/${len}`);
    } else if (kind === '6') {
      exact.add(key);
      const bits = BigInt(`0x${value}`);
      for (let len = MIN_PREFIX[6]; len < 128; len++) exact.add(`6n:${v6NetHex(bits, len)}/${len}`);
    } else if (kind === '4n' || kind === '6n') {
      exact.add(key);
      const [net = '', lenText = ''] = value.split('/');
      const len = Number(lenText);
      const width = kind === '4n' ? 32 : 128;
      if (len < MIN_PREFIX[kind === '4n' ? 4 : 6]) continue;
      const bits = BigInt(`0x${net}`);
      const last = bits | ((1n << BigInt(width - len)) - 1n);
      const digits = width / 4;
      const lo = bits.toString(16).padStart(digits, '0');
      const hi = last.toString(16).padStart(digits, '0');
      const v = kind === '4n' ? '4' : '6';
      // Addresses inside, and networks inside (their keys sort between the two bounds).
      ranges.push([`${v}:${lo}`, `${v}:${hi}`], [`${kind}:${lo}/`, `${kind}:${hi}/~`]);
      for (let l = MIN_PREFIX[kind === '4n' ? 4 : 6]; l < len; l++)
        exact.add(`${kind}:${v6NetHex(bits, l, width)}/${l}`);
    } else if (kind === 'h' || kind === 'mh') {
      const registrable = registrableOf(value);
      const labels = value.split('.');
      for (let i = 0; i < labels.length - 1; i++) {
        const parent = labels.slice(i).join('.');
        exact.add(`h:${parent}`);
        if (kind === 'h') exact.add(`mh:${parent}`);
        if (parent === registrable) break;
      }
      if (registrable === value) {
        exact.add(`r:${value}`);
        if (kind === 'h') exact.add(`mr:${value}`);
      }
    } else if (kind === 'm' || kind === 'x') exact.add(key);
  }
  return { exact, ranges };
}

function splitKey(key: string): [string, string] {
  const at = key.indexOf(':');
  return [key.slice(0, at), key.slice(at + 1)];
}

function v6NetHex(bits: bigint, len: number, width = 128): string {
  const mask = len === 0 ? 0n : ((1n << BigInt(len)) - 1n) << BigInt(width - len);
  return (bits & mask).toString(16).padStart(width / 4, '0');
}

/** Only the kinds of keys that stand for indicators (not quote fingerprints): what `lookupKeys` understands. */
export const isIndicatorKey = (key: string) => !key.startsWith('q:') && !key.startsWith('v:');
