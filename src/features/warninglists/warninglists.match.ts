import ipaddr from 'ipaddr.js';
import { canonicalDomain, canonicalIndicator } from '../indicators/indicators.canonical.js';
import { isFourPartDecimal, isIpAddress } from '../indicators/indicators.ip.js';
import { INDICATOR_TYPES, type IndicatorType } from '../indicators/indicators.types.js';
import type { MatchType } from './warninglists.types.js';

// Matching an indicator against warning lists, on the canonical forms of both: an entry is stored in the form
// its match type compares (a network for `cidr`, a punycode host for `hostname`), and an indicator is made
// canonical before it is compared, so that WWW.Google.COM., its full-width spelling and ::ffff:10.1.2.3 meet
// the entries google.com and 10.0.0.0/8. Regular expressions are refused: JavaScript's engine backtracks, and
// one crafted pattern (or value) would stall every filed report (ReDoS); no linear-time engine is at hand.

/** The shortest substring entry: a shorter one would flag nearly every value. */
export const SUBSTRING_MIN = 3;

type EntryForm = { ok: true; value: string } | { ok: false; message: string };

const bad = (message: string): EntryForm => ({ ok: false, message });
const show = (a: ipaddr.IPv4 | ipaddr.IPv6) =>
  a instanceof ipaddr.IPv6 ? a.toRFC5952String() : a.toString();

function cidrEntry(text: string): EntryForm {
  const [addrText = '', prefixText, ...more] = text.replace(/^\[(.*)\](\/\d+)?$/, '$1$2').split('/');
  if (more.length > 0 || (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)))
    return bad('write an address or a network as address/prefix length');
  if (!isIpAddress(addrText) || addrText.includes('%')) return bad(`'${addrText}' is not an IP address`);
  let ip = ipaddr.parse(addrText);
  let prefix = prefixText === undefined ? (ip.kind() === 'ipv4' ? 32 : 128) : Number(prefixText);
  // ::ffff:a.b.c.d/n is an IPv4 network written in IPv6 (indicators store it as IPv4). The whole mapped block
  // (::ffff:0:0/96) stays IPv6: read as IPv4 it would be 0.0.0.0/0, every address.
  if (ip instanceof ipaddr.IPv6 && ip.isIPv4MappedAddress() && prefix > 96) {
    ip = ip.toIPv4Address();
    prefix -= 96;
  }
  const bits = ip.kind() === 'ipv4' ? 32 : 128;
  if (prefix > bits) return bad(`an ${ip.kind()} prefix length is at most ${bits}`);
  // A range list's network with host bits set means the network: masked, as MISP does.
  const net =
    ip instanceof ipaddr.IPv4
      ? ipaddr.IPv4.networkAddressFromCIDR(`${ip}/${prefix}`)
      : ipaddr.IPv6.networkAddressFromCIDR(`${show(ip)}/${prefix}`);
  return { ok: true, value: prefix === bits ? show(net) : `${show(net)}/${prefix}` };
}

function hostnameEntry(text: string): EntryForm {
  const d = canonicalDomain(text.replace(/^\*?\./, ''));
  return 'code' in d ? bad(d.message.replace(/\.$/, '')) : { ok: true, value: d.ascii };
}

/** A `string` entry's key: the canonical form of what it looks like (an address, URL, e-mail, domain), lower-cased. */
function stringKey(text: string): string {
  const guesses: IndicatorType[] = text.includes('://')
    ? ['url']
    : text.includes('@')
      ? ['email']
      : ['ipv4', 'cidr', 'domain'];
  for (const type of guesses) {
    const c = canonicalIndicator(type, text);
    if (c.ok) return c.indicator.value.toLowerCase();
  }
  return text.toLowerCase();
}

/** An entry of a list of this match type in the form matching compares, or why it cannot be one. */
export function entryForm(matchType: MatchType, raw: string): EntryForm {
  if (/[\p{Cc}\p{Cf}]/u.test(raw)) return bad('it contains control or invisible characters');
  const text = raw.normalize('NFKC').trim();
  if (text === '') return bad('it is empty');
  switch (matchType) {
    case 'cidr':
      return cidrEntry(text);
    case 'hostname':
      return hostnameEntry(text);
    case 'string':
      return { ok: true, value: stringKey(text) };
    case 'substring':
      return text.length < SUBSTRING_MIN
        ? bad(`a substring entry has at least ${SUBSTRING_MIN} characters`)
        : { ok: true, value: text.toLowerCase() };
  }
}

/** A list as matching needs it: its match type, the indicator types it applies to (none: all), its entries. */
export interface ListForMatching {
  matchType: MatchType;
  appliesTo: readonly string[];
  entries: readonly string[];
}

// An address or a network: IPv4 as a 32-bit number (the bulk import asks of 100,000 values: BigInt arithmetic
// was most of the check), IPv6 as a BigInt.
type Net = { v6: false; bits: number; prefix: number } | { v6: true; bits: bigint; prefix: number };

const toBig = (ip: ipaddr.IPv6) => ip.toByteArray().reduce((n, b) => (n << 8n) | BigInt(b), 0n);
const v4Number = (ip: ipaddr.IPv4) => {
  const [a = 0, b = 0, c = 0, d = 0] = ip.octets;
  return ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
};
/** The first `prefix` bits of a 32-bit address (`>>> 32` would keep them all). */
const v4Head = (bits: number, prefix: number) => (prefix === 0 ? 0 : bits >>> (32 - prefix));

function netOf(text: string): Net | null {
  const [a = '', p] = text.split('/');
  if (!isIpAddress(a)) return null;
  const ip = ipaddr.parse(a);
  if (ip instanceof ipaddr.IPv4)
    return { v6: false, bits: v4Number(ip), prefix: p === undefined ? 32 : Number(p) };
  return { v6: true, bits: toBig(ip), prefix: p === undefined ? 128 : Number(p) };
}

/** Networks by family and prefix length: an address is looked up once per prefix length the list holds. */
function networkSet(entries: readonly string[]) {
  const v4 = new Map<number, Set<number>>();
  const v6 = new Map<number, Set<bigint>>();
  for (const e of entries) {
    const n = netOf(e);
    if (!n) continue;
    if (n.v6) {
      const set = v6.get(n.prefix) ?? new Set();
      set.add(n.bits >> BigInt(128 - n.prefix));
      v6.set(n.prefix, set);
    } else {
      const set = v4.get(n.prefix) ?? new Set();
      set.add(v4Head(n.bits, n.prefix));
      v4.set(n.prefix, set);
    }
  }
  return (q: Net) => {
    if (q.v6) {
      for (const [prefix, set] of v6)
        if (prefix <= q.prefix && set.has(q.bits >> BigInt(128 - prefix))) return true;
      return false;
    }
    for (const [prefix, set] of v4) if (prefix <= q.prefix && set.has(v4Head(q.bits, prefix))) return true;
    return false;
  };
}

const KNOWN = new Set<string>(INDICATOR_TYPES);

/**
 * An indicator as the tests see it, with what several lists ask of it (its network, its host, a URL's host
 * name) found once, on first use. A class rather than closures: one is made per value checked.
 */
class Subject {
  private net: Net | null | undefined;
  private hostName: string | null | undefined;
  private urlHost: string | undefined;
  constructor(
    readonly type: string,
    readonly value: string,
    readonly display: string,
  ) {}

  private urlHostname(): string {
    if (this.urlHost === undefined) this.urlHost = new URL(this.value).hostname;
    return this.urlHost;
  }

  /** The network an indicator names (an address, a CIDR, a URL's IP host), or null. */
  network(): Net | null {
    if (this.net !== undefined) return this.net;
    const { type, value } = this;
    this.net = null;
    if (type === 'ipv4' || type === 'ipv6' || type === 'cidr') this.net = netOf(value);
    else if (type === 'url') {
      const host = this.urlHostname().replace(/^\[(.*)\]$/, '$1');
      if (isIpAddress(host)) {
        const c = canonicalIndicator('ipv6', host);
        this.net = c.ok ? netOf(c.indicator.value) : null;
      }
    }
    return this.net;
  }

  /** The host an indicator names (a domain, a URL's host, an e-mail's domain), or null. */
  host(): string | null {
    if (this.hostName !== undefined) return this.hostName;
    const { type, value } = this;
    this.hostName = null;
    if (type === 'domain') this.hostName = value;
    else if (type === 'email') this.hostName = value.slice(value.lastIndexOf('@') + 1);
    else if (type === 'url') {
      const host = this.urlHostname();
      this.hostName = host.startsWith('[') || isFourPartDecimal(host) ? null : host;
    }
    return this.hostName;
  }
}

type Test = (i: Subject) => boolean;

function testOf(list: ListForMatching): Test {
  switch (list.matchType) {
    case 'cidr': {
      const contains = networkSet(list.entries);
      return (i) => {
        const n = i.network();
        return n !== null && contains(n);
      };
    }
    case 'hostname': {
      const hosts = new Set(list.entries);
      return (i) => {
        let host = i.host();
        while (host) {
          if (hosts.has(host)) return true;
          const dot = host.indexOf('.');
          host = dot < 0 ? null : host.slice(dot + 1);
        }
        return false;
      };
    }
    case 'string': {
      const keys = new Set(list.entries);
      return (i) => keys.has(i.value.toLowerCase()) || keys.has(i.display.normalize('NFKC').toLowerCase());
    }
    case 'substring': {
      const parts = list.entries;
      return (i) => {
        const value = i.value.toLowerCase();
        const display = i.display.normalize('NFKC').toLowerCase();
        return parts.some((p) => value.includes(p) || display.includes(p));
      };
    }
  }
}

/** Answers, for an indicator as typed, which of the given lists it matches (their indexes). */
export interface Matcher {
  matches(indicator: { type: string; value: string }): number[];
}

/** A matcher over these lists, built once (sets and maps of their entries) and asked many times. */
export function buildMatcher(lists: readonly ListForMatching[]): Matcher {
  const tests = lists.map((l) => ({ appliesTo: new Set(l.appliesTo), test: testOf(l) }));
  return {
    matches(indicator) {
      if (!KNOWN.has(indicator.type)) return [];
      const c = canonicalIndicator(indicator.type as IndicatorType, indicator.value);
      if (!c.ok) return [];
      const i = new Subject(c.indicator.type, c.indicator.value, c.indicator.display);
      const found: number[] = [];
      tests.forEach(({ appliesTo, test }, n) => {
        if ((appliesTo.size === 0 || appliesTo.has(i.type)) && test(i)) found.push(n);
      });
      return found;
    },
  };
}
