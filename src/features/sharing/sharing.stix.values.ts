// How an indicator becomes a STIX 2.1 comparison that the standard accepts. People store and read values as
// typed (パス, 例え.jp); STIX demands ASCII where its observables do: a url's value is an RFC 3986 URI, a
// domain-name is written in punycode here (A-labels are what DNS and every consumer compare), an email-addr is
// an RFC 5321 address. The one stored form of the indicators feature (indicators.canonical.ts) gives most of it.

import { domainToASCII } from 'node:url';
import { canonicalIndicator } from '../indicators/indicators.canonical.js';
import type { IndicatorType as KindOfIndicator } from '../indicators/indicators.types.js';
import { kindOf } from './sharing.kinds.js';
import type { IndicatorType } from './sharing.terms.js';

/** A STIX patterning string literal: the grammar knows only the escapes \' and \\. */
export const stixString = (value: string): string => `'${value.replace(/[\\']/g, (c) => `\\${c}`)}'`;

// Keys of hashing-algorithm-ov; a key with a hyphen must be quoted in an object path.
export const HASH_PATHS = {
  md5: 'file:hashes.MD5',
  sha1: "file:hashes.'SHA-1'",
  sha256: "file:hashes.'SHA-256'",
  sha512: "file:hashes.'SHA-512'",
} as const;

// What RFC 3986 allows in a URI outside its host: unreserved, reserved and percent-encodings. WHATWG parsing
// leaves some other characters as typed (`[`, `]`, `|`, `^`, `{`, `}`, a stray `%`, a second `#`).
const URI_CHAR = /[A-Za-z0-9\-._~!$&'()*+,;=:@/?]/;
const encodeUtf8 = (c: string) =>
  [...Buffer.from(c)].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');

/** A URL as an RFC 3986 URI: what WHATWG parsing left outside the URI character set, percent-encoded. */
export function asciiUri(href: string): string {
  const u = new URL(href);
  const head = `${u.protocol}//${u.username ? `${u.username}${u.password ? `:${u.password}` : ''}@` : ''}${u.host}`;
  const rest = u.href.slice(head.length);
  const hash = rest.indexOf('#');
  const encode = (part: string) =>
    Array.from(part)
      .map((c, i) =>
        URI_CHAR.test(c) || (c === '%' && /^%[0-9A-Fa-f]{2}/.test(part.slice(i))) ? c : encodeUtf8(c),
      )
      .join('');
  return hash < 0
    ? head + encode(rest)
    : `${head}${encode(rest.slice(0, hash))}#${encode(rest.slice(hash + 1)).replaceAll('#', '%23')}`;
}

// RFC 5321 §4.1.2 Mailbox with a Dot-string local part (atext of RFC 5322 §3.2.3) and a host name: what an
// email-addr's value may be. Anything else reported (a non-ASCII or a dotted-oddly local part) is matched as text.
const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?';
const HOST_NAME = new RegExp(`^${LABEL}(?:\\.${LABEL})+$`);
const ATEXT = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+";
const RFC_5321_ADDRESS = new RegExp(`^${ATEXT}(?:\\.${ATEXT})*@${LABEL}(?:\\.${LABEL})+$`);

/**
 * The custom observable a free observable is compared on. Of what STIX 2.1 offers for a value that is none of
 * its cyber-observable types (a maintenance account's name, an internal ticket, a registry key written as
 * prose), an indicator on a custom SCO pattern is the most standard that still works as an indicator: the
 * patterning grammar accepts any object type (§9.1), custom SCO types are named `x-…` (§11.1), a consumer that
 * does not know the type matches nothing rather than something wrong, and the value stays structured — it is
 * revoked, versioned and sighted as every other indicator is, and an import reads it back. A `note` would carry
 * it as prose only (no pattern, nothing to sight); `observed-data` states that we observed it at some time and
 * place, which a share does not say; `artifact`/`x509` and the like would claim a type it is not.
 */
export const OBSERVABLE_TYPE = 'x-renraku-observable';

/** A regular expression (RFC 9485 I-Regexp subset, as STIX MATCHES takes) matching exactly this text. */
const exactly = (text: string) => `^${text.replace(/[\\^$.*+?()[\]{}|]/g, (c) => `\\${c}`)}$`;

/** The STIX value of a stored share indicator, and its kind once canonical; falls back on the typed value. */
function stixValueOf(type: IndicatorType, value: string): { kind: KindOfIndicator; value: string } {
  const kind = kindOf(type, value);
  const canonical = canonicalIndicator(kind, value);
  if (canonical.ok) {
    const { type: stored, value: text } = canonical.indicator;
    return { kind: stored, value: stored === 'url' ? asciiUri(text) : text };
  }
  // Older shares were checked by a looser rule; their values still leave as the nearest ASCII form.
  if (kind === 'url') {
    try {
      return { kind, value: asciiUri(value.trim()) };
    } catch {
      return { kind, value: value.trim() };
    }
  }
  if (kind === 'domain') return { kind, value: domainToASCII(value.trim()) || value.trim() };
  return { kind, value: value.trim() };
}

/**
 * The STIX pattern that matches an indicator: an equality on the observable's value in its ASCII form. An
 * address whose local part is not ASCII (担当者@例え.jp, RFC 6531) has no RFC 5321 form an email-addr may hold,
 * (nor has `.x@y.jp`), so it is matched by MATCHES on exactly that text (the domain in punycode) instead.
 */
export function indicatorPattern(i: { type: IndicatorType; value: string }): string {
  const { kind, value } = stixValueOf(i.type, i.value);
  switch (kind) {
    case 'ipv4':
    case 'ipv6':
      return `[${kind}-addr:value = ${stixString(value)}]`;
    case 'cidr':
      return `[${value.includes(':') ? 'ipv6' : 'ipv4'}-addr:value = ${stixString(value)}]`;
    case 'domain':
      // A DNS name that is no host name (_dmarc.example.jp) is not what a domain-name's value may hold.
      return HOST_NAME.test(value)
        ? `[domain-name:value = ${stixString(value)}]`
        : `[domain-name:value MATCHES ${stixString(exactly(value))}]`;
    case 'url':
      return `[url:value = ${stixString(value)}]`;
    case 'email':
      return RFC_5321_ADDRESS.test(value)
        ? `[email-addr:value = ${stixString(value)}]`
        : `[email-addr:value MATCHES ${stixString(exactly(value))}]`;
    case 'md5':
    case 'sha1':
    case 'sha256':
    case 'sha512':
      return `[${HASH_PATHS[kind]} = ${stixString(value)}]`;
    case 'filename':
      return `[file:name = ${stixString(value)}]`;
    case 'asn':
      return `[autonomous-system:number = ${Number(value.replace(/^AS/i, ''))}]`;
    case 'user-agent':
      // The header of an HTTP request (the http-request-ext of network-traffic), as STIX 2.1 §6.12.2 puts it.
      return `[network-traffic:extensions.'http-request-ext'.request_header.'User-Agent' = ${stixString(value)}]`;
    case 'other':
      return `[${OBSERVABLE_TYPE}:value = ${stixString(value)}]`;
    default:
      // A CVE id is no pattern but a vulnerability object (sharing.stix.ts).
      throw new RangeError(`A share holds no ${kind} indicator`);
  }
}
