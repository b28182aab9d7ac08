import { isIPv4, isIPv6 } from 'node:net';
import { shareErrors } from './sharing.errors.js';
import type { Indicator, IndicatorType } from './sharing.terms.js';

const HEX = { 'file-md5': 32, 'file-sha1': 40, 'file-sha256': 64 } as const;
const DOMAIN = /^(?=.{1,253}$)(?:(?!-)[\p{L}\p{N}_-]{1,63}(?<!-)\.)+(?:[\p{L}]{2,63}|xn--[a-z0-9-]{1,59})$/iu;
const EMAIL = /^[^\s@<>()[\]\\,;:"]{1,64}@(?=.{1,253}$)(?:[\p{L}\p{N}-]{1,63}\.)+[\p{L}]{2,63}$/u;

const isUrl = (v: string) => {
  try {
    const u = new URL(v);
    return u.hostname.length > 0;
  } catch {
    return false;
  }
};

const valid: Record<IndicatorType, (v: string) => boolean> = {
  'ipv4-addr': isIPv4,
  'ipv6-addr': isIPv6,
  'domain-name': (v) => DOMAIN.test(v),
  url: isUrl,
  'email-addr': (v) => EMAIL.test(v),
  'file-md5': (v) => v.length === HEX['file-md5'] && /^[0-9a-f]+$/i.test(v),
  'file-sha1': (v) => v.length === HEX['file-sha1'] && /^[0-9a-f]+$/i.test(v),
  'file-sha256': (v) => v.length === HEX['file-sha256'] && /^[0-9a-f]+$/i.test(v),
};

// Hashes, domains and addresses compare without case; spelling them one way lets consent checks and exports
// treat "ABC…" and "abc…" as the same indicator.
const CASELESS: readonly IndicatorType[] = [
  'domain-name',
  'email-addr',
  'file-md5',
  'file-sha1',
  'file-sha256',
];

/** Checks every indicator against its type and writes it in one canonical form. */
export function normaliseIndicators(list: Indicator[]): Indicator[] {
  const seen = new Set<string>();
  const out: Indicator[] = [];
  list.forEach((ind, i) => {
    const raw = ind.value.trim();
    const value = CASELESS.includes(ind.type) ? raw.toLowerCase() : raw;
    if (!valid[ind.type](value)) throw shareErrors.invalidIndicator(i, ind.type);
    const key = `${ind.type}\u0000${value}`;
    if (seen.has(key)) return;
    seen.add(key);
    const description = ind.description?.trim();
    out.push({ type: ind.type, value, ...(description ? { description } : {}) });
  });
  return out;
}
