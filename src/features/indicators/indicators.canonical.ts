import { domainToASCII, domainToUnicode } from 'node:url';
import ipaddr from 'ipaddr.js';
import { isFourPartDecimal } from './indicators.ip.js';
import type { Canonical, CanonicalIndicator, IndicatorProblem, IndicatorType } from './indicators.types.js';

// One stored form per value (issue 14): two reports of the same address, domain or URL must meet on the same
// text, whatever the reporter typed. Typed kinds are NFKC-normalised first (full-width digits, dots and letters
// become ASCII); free kinds (file name, user agent, other) keep what was typed, NFC only.

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/;
// Bidirectional controls and other invisible format characters (zero-width spaces and joiners, BOM): a value
// holding them reads otherwise than it is stored, so it is refused rather than silently made another value.
const INVISIBLE = /\p{Cf}/u;
// Printable ASCII: unchanged by every Unicode normalisation form, and holds no format (Cf) character — the
// common case, for which the two checks above and NFKC are skipped (they cost a bulk import a tenth of its
// reading). test/unit/indicators-canonical.test.ts checks the premise over every ASCII character.
const PRINTABLE_ASCII = /^[\x20-\x7E]*$/;
const MAY_BE_DEFANGED = /[[({]|hxxp|fxp/i;
const FREE_KINDS = new Set<IndicatorType>(['filename', 'user-agent', 'other']);
// The kinds advisories write defanged (hxxp://, [.], [@]): accepted so, stored live.
const DEFANGED_KINDS = new Set<IndicatorType>(['ipv4', 'ipv6', 'cidr', 'domain', 'url', 'email']);
const MAX: Record<IndicatorType, number> = {
  ipv4: 15,
  ipv6: 64,
  cidr: 64,
  domain: 253,
  url: 2048,
  email: 320,
  md5: 32,
  sha1: 40,
  sha256: 64,
  sha512: 128,
  filename: 255,
  cve: 30,
  asn: 20,
  'user-agent': 1024,
  other: 1024,
};
/** The longest value read at all, before normalisation (NFKC may lengthen it). */
export const INDICATOR_VALUE_MAX = 4096;
const HASH_LENGTH = { md5: 32, sha1: 40, sha256: 64, sha512: 128 } as const;
const URL_SCHEMES = new Set(['http:', 'https:', 'ftp:', 'ws:', 'wss:']);

const problem = (code: string, message: string): Canonical => ({
  ok: false,
  problem: { code: `indicators.${code}`, message },
});
const found = (type: IndicatorType, value: string, display = value): Canonical => ({
  ok: true,
  indicator: { type, value, display },
});
const invalid = (type: IndicatorType, why: string) =>
  problem('invalid_value', `Not a valid ${type}: ${why}.`);

/**
 * Defanged writing made live again: `hxxp://`, `[.]`, `(.)`, `(dot)`, `[dot]`, `[@]`, `[at]`, `[:]`, `[/]`
 * (as advisories write indicators so that nobody clicks them).
 */
export function refang(text: string): string {
  // Each replacement below needs one of these: most values hold none (a bulk import reads 100,000).
  if (!MAY_BE_DEFANGED.test(text)) return text;
  return text
    .replace(/\bhxxp(s?)(?=\[?:)/gi, (_, s: string) => `http${s.toLowerCase()}`)
    .replace(/\bfxp(?=\[?:)/gi, 'ftp')
    .replace(/\[:\/\/\]/g, '://')
    .replace(/\[:\]/g, ':')
    .replace(/\[\/\]/g, '/')
    .replace(/ ?[[({] ?(?:\.|dot) ?[\])}] ?/gi, '.')
    .replace(/ ?[[({] ?(?:@|at) ?[\])}] ?/gi, '@');
}

/** A domain name as stored (punycode, lower-case, no trailing dot) and as read (Unicode), or why it is not one. */
export function canonicalDomain(text: string): { ascii: string; unicode: string } | IndicatorProblem {
  const bad = (why: string) => ({ code: 'indicators.invalid_value', message: `Not a valid domain: ${why}.` });
  let ascii = domainToASCII(text);
  if (ascii === '') return bad('it does not convert to an internationalised domain name');
  if (ascii.endsWith('.')) ascii = ascii.slice(0, -1);
  if (ascii.length > 253) return bad('longer than 253 characters');
  const labels = ascii.split('.');
  const tld = labels[labels.length - 1] ?? '';
  if (labels.length < 2) return bad('it needs at least two labels (name.tld)');
  if (!/^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/.test(tld)) return bad(`'${tld}' is not a top-level domain`);
  for (const label of labels)
    if (label.length > 63 || !/^[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?$/.test(label))
      return bad(`the label '${label}' is not a host name label`);
  return { ascii, unicode: domainToUnicode(ascii) || ascii };
}
const isProblem = (x: object): x is IndicatorProblem => 'code' in x;

function address(text: string, type: IndicatorType): Canonical {
  const s = text.replace(/^\[(.*)\]$/, '$1');
  if (isFourPartDecimal(s)) return found('ipv4', ipaddr.IPv4.parse(s).toString());
  if (/^\d+(\.\d+){3}$/.test(s))
    return invalid(type, 'each part of an IPv4 address is 0–255, written without leading zeros');
  if (s.includes('%')) return invalid(type, 'a zone (%…) is local to one machine, not an indicator');
  if (!ipaddr.IPv6.isValid(s)) return invalid(type, 'not an IPv4 or IPv6 address');
  const v6 = ipaddr.IPv6.parse(s);
  // ::ffff:a.b.c.d is a.b.c.d reached over IPv6: one address, stored as the IPv4 one.
  if (v6.isIPv4MappedAddress()) return found('ipv4', v6.toIPv4Address().toString());
  return found('ipv6', v6.toRFC5952String());
}

// A CIDR with host bits set (10.0.0.5/24) is refused, not masked: the reporter may have meant the host or the
// network, and guessing would store a value nobody reported. The refusal names the network.
function cidr(text: string): Canonical {
  const m = /^(.+)\/(0|[1-9]\d{0,2})$/.exec(text);
  if (!m) return invalid('cidr', 'write it as address/prefix length, e.g. 192.0.2.0/24');
  const addr = (m[1] ?? '').replace(/^\[(.*)\]$/, '$1');
  let prefix = Number(m[2]);
  let ip: ipaddr.IPv4 | ipaddr.IPv6;
  if (isFourPartDecimal(addr)) ip = ipaddr.IPv4.parse(addr);
  else if (!addr.includes('%') && ipaddr.IPv6.isValid(addr)) ip = ipaddr.IPv6.parse(addr);
  else return invalid('cidr', `'${addr}' is not an IPv4 or IPv6 address`);
  if (ip instanceof ipaddr.IPv6 && ip.isIPv4MappedAddress() && prefix >= 96) {
    ip = ip.toIPv4Address();
    prefix -= 96;
  }
  const bits = ip.kind() === 'ipv4' ? 32 : 128;
  if (prefix > bits) return invalid('cidr', `an ${ip.kind()} prefix length is at most ${bits}`);
  const net =
    ip instanceof ipaddr.IPv4
      ? ipaddr.IPv4.networkAddressFromCIDR(`${ip}/${prefix}`)
      : ipaddr.IPv6.networkAddressFromCIDR(`${ip}/${prefix}`);
  const show = (a: ipaddr.IPv4 | ipaddr.IPv6) =>
    a instanceof ipaddr.IPv6 ? a.toRFC5952String() : a.toString();
  if (show(net) !== show(ip))
    return problem(
      'cidr_host_bits',
      `${text} has host bits set: the network is ${show(net)}/${prefix} (give that, or the single address).`,
    );
  // A one-address network is that address: one value, one form.
  if (prefix === bits) return found(ip.kind(), show(ip));
  return found('cidr', `${show(ip)}/${prefix}`);
}

// RFC 3986 §6.2.2: percent-encodings in upper case, unreserved characters never encoded.
const normalisePercent = (s: string) =>
  s.replace(/%([0-9a-fA-F]{2})/g, (_, hex: string) => {
    const c = String.fromCharCode(Number.parseInt(hex, 16));
    return /[A-Za-z0-9\-._~]/.test(c) ? c : `%${hex.toUpperCase()}`;
  });

// The path as people read it (パス, not %E3%83%91…): percent-encodings decoded, except where they stand for a
// delimiter, a space or something invisible, which stay encoded.
const KEEP_ENCODED = /[\s\p{Cc}\p{Cf}/?#[\]@!$&'()*+,;=%:]/gu;
const encodeChar = (c: string) =>
  [...Buffer.from(c)].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
const readable = (encoded: string) =>
  encoded.replace(/(?:%[0-9A-F]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run).replace(KEEP_ENCODED, encodeChar);
    } catch {
      return run;
    }
  });

function url(text: string): Canonical {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) return invalid('url', 'it needs its scheme, e.g. https://');
  let u: URL;
  try {
    // WHATWG parsing does most of RFC 3986's normalisation: scheme and host lower-cased, host punycoded,
    // default port dropped, dot-segments removed, non-ASCII percent-encoded.
    // A `%` that begins no percent-encoding is a `%` (RFC 3986 §2.4 allows it only encoded; WHATWG keeps it
    // bare): written %25, so that 100%_done and 100%25_done are one value, and a valid URI.
    u = new URL(normalisePercent(text.replace(/%(?![0-9A-Fa-f]{2})/g, '%25')));
  } catch {
    return invalid('url', 'it does not parse as a URL');
  }
  if (!URL_SCHEMES.has(u.protocol))
    return invalid('url', `the scheme ${u.protocol} is not http(s), ftp or ws(s)`);
  let host = u.hostname;
  if (!host.startsWith('[') && !isFourPartDecimal(host)) {
    const d = canonicalDomain(host);
    if (isProblem(d)) return invalid('url', `the host ${d.message.replace(/^Not a valid domain: /, '')}`);
    host = d.unicode;
  }
  const value = normalisePercent(u.href);
  if (value.length > MAX.url) return problem('too_long', `A URL holds at most ${MAX.url} characters.`);
  const auth = u.username ? `${u.username}${u.password ? `:${u.password}` : ''}@` : '';
  const rest = value.slice(`${u.protocol}//${auth}${u.host}`.length);
  return found('url', value, `${u.protocol}//${auth}${host}${u.port ? `:${u.port}` : ''}${readable(rest)}`);
}

function email(text: string): Canonical {
  const s = text.replace(/＠/g, '@');
  const at = s.lastIndexOf('@');
  if (at < 1 || at === s.length - 1) return invalid('email', 'write it as local-part@domain');
  // The local part is the receiving server's to interpret (it may be case-sensitive): kept as typed.
  const local = s.slice(0, at);
  if (/[\s@"\\<>(),;:[\]]/.test(local) || Buffer.byteLength(local) > 64)
    return invalid('email', 'the part before @ is not a plain local part of at most 64 bytes');
  const d = canonicalDomain(s.slice(at + 1).normalize('NFKC'));
  if (isProblem(d)) return invalid('email', `the domain ${d.message.replace(/^Not a valid domain: /, '')}`);
  return found('email', `${local}@${d.ascii}`, `${local}@${d.unicode}`);
}

function hash(type: keyof typeof HASH_LENGTH, text: string): Canonical {
  const s = text.toLowerCase();
  if (!/^[0-9a-f]+$/.test(s)) return invalid(type, 'a hash is hexadecimal digits only');
  if (s.length !== HASH_LENGTH[type]) {
    const fits = Object.entries(HASH_LENGTH).find(([, n]) => n === s.length)?.[0];
    return problem(
      'hash_length',
      `An ${type} hash has ${HASH_LENGTH[type]} hexadecimal digits, not ${s.length}${fits ? ` (that is ${fits})` : ''}.`,
    );
  }
  return found(type, s);
}

function cve(text: string): Canonical {
  const m = /^CVE-(\d{4})-(\d{4,19})$/.exec(text.toUpperCase());
  if (!m || Number(m[1]) < 1999) return invalid('cve', 'write it as CVE-YYYY-NNNN (four or more digits)');
  // CVE-2024-0001234 and CVE-2024-1234 are one id: zeros pad the number to four digits and no further.
  return found('cve', `CVE-${m[1]}-${(m[2] ?? '').replace(/^0+(?=\d{4})/, '')}`);
}

const AS_MAX = 4_294_967_295;
function asn(text: string): Canonical {
  const m = /^(?:AS)?(\d{1,10})(?:\.(\d{1,5}))?$/i.exec(text);
  if (!m) return invalid('asn', 'write it as AS and the number, e.g. AS64496');
  const high = Number(m[1]);
  const low = m[2] === undefined ? undefined : Number(m[2]);
  // asdot (RFC 5396): 1.10 is 65546.
  const n = low === undefined ? high : high <= 65535 && low <= 65535 ? high * 65536 + low : -1;
  if (n < 0 || n > AS_MAX) return invalid('asn', `an AS number lies between 0 and ${AS_MAX}`);
  return found('asn', `AS${n}`);
}

function fileName(text: string): Canonical {
  if (/[/\\]/.test(text)) return invalid('filename', 'give the file name without its folder');
  if (text === '.' || text === '..') return invalid('filename', 'not a file name');
  return found('filename', text);
}

/**
 * The one stored form of an indicator of the given type, or why it is not one. The type of the answer may
 * differ from the one asked (::ffff:192.0.2.1 is stored as the IPv4 address, 192.0.2.1/32 as the address).
 * canonicalIndicator(t, canonical.value) gives the same value again.
 */
export function canonicalIndicator(type: IndicatorType, raw: string): Canonical {
  if (raw.length > INDICATOR_VALUE_MAX)
    return problem('too_long', `A value holds at most ${INDICATOR_VALUE_MAX} characters.`);
  const ascii = PRINTABLE_ASCII.test(raw);
  if (!ascii && CONTROL.test(raw))
    return problem('control_characters', 'The value contains control characters.');
  if (!ascii && INVISIBLE.test(raw))
    return problem(
      'invisible_characters',
      'The value contains invisible characters (zero-width or bidirectional controls), which change how it reads.',
    );
  const free = FREE_KINDS.has(type);
  const normal = (ascii ? raw : raw.normalize(free ? 'NFC' : 'NFKC')).trim();
  const text = DEFANGED_KINDS.has(type) ? refang(normal) : normal;
  if (text === '') return problem('empty', 'The value is empty.');
  // A URL may hold a space (its parser percent-encodes it); no other typed value does.
  if (!free && type !== 'url' && /\s/u.test(text)) return invalid(type, 'it contains white space');
  if (text.length > INDICATOR_VALUE_MAX) return problem('too_long', 'The value is too long once normalised.');
  const result = canonicalOf(type, text);
  if (result.ok && result.indicator.value.length > MAX[result.indicator.type])
    return problem('too_long', `A ${type} holds at most ${MAX[result.indicator.type]} characters.`);
  return result;
}

function canonicalOf(type: IndicatorType, text: string): Canonical {
  switch (type) {
    case 'ipv4':
    case 'ipv6':
      return address(text, type);
    case 'cidr':
      return cidr(text);
    case 'domain': {
      const d = canonicalDomain(text);
      return isProblem(d) ? { ok: false, problem: d } : found('domain', d.ascii, d.unicode);
    }
    case 'url':
      return url(text);
    case 'email':
      return email(text);
    case 'md5':
    case 'sha1':
    case 'sha256':
    case 'sha512':
      return hash(type, text);
    case 'cve':
      return cve(text);
    case 'asn':
      return asn(text);
    case 'filename':
      return fileName(text);
    case 'user-agent':
    case 'other':
      return found(type, text);
  }
}

export type { CanonicalIndicator };
