import { isIPv4, isIPv6 } from 'node:net';
import { canonicalIndicator } from '../indicators/indicators.canonical.js';
import { canonicalIndicators } from './sharing.canonical.js';
import { shareErrors } from './sharing.errors.js';
import { kindOf } from './sharing.kinds.js';
import type { Indicator, IndicatorType } from './sharing.terms.js';

const DOMAIN = /^(?=.{1,253}$)(?:(?!-)[\p{L}\p{N}_-]{1,63}(?<!-)\.)+(?:[\p{L}]{2,63}|xn--[a-z0-9-]{1,59})$/iu;
const EMAIL = /^[^\s@<>()[\]\\,;:"]{1,64}@(?=.{1,253}$)(?:[\p{L}\p{N}-]{1,63}\.)+[\p{L}]{2,63}$/u;
const hex = (length: number) => (v: string) => v.length === length && /^[0-9a-f]+$/i.test(v);

const isUrl = (v: string) => {
  try {
    return new URL(v).hostname.length > 0;
  } catch {
    return false;
  }
};

/** An address, or a network in CIDR notation (STIX allows both in an address's value). */
const address = (isAddress: (v: string) => boolean, bits: number) => (v: string) => {
  const [host = '', prefix, ...rest] = v.split('/');
  if (rest.length > 0 || !isAddress(host)) return false;
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= bits);
};

/** The reports' check of the kind a share type stands for (sharing.kinds). */
const reportRule = (type: IndicatorType) => (v: string) => canonicalIndicator(kindOf(type, v), v).ok;

const valid: Record<IndicatorType, (v: string) => boolean> = {
  'ipv4-addr': address(isIPv4, 32),
  'ipv6-addr': address(isIPv6, 128),
  'domain-name': (v) => DOMAIN.test(v),
  url: isUrl,
  'email-addr': (v) => EMAIL.test(v),
  'file-md5': hex(32),
  'file-sha1': hex(40),
  'file-sha256': hex(64),
  'file-sha512': hex(128),
  // The reports' own rules for the kinds shares gained later (a file name without folders, AS and a number), and
  // for issue 14's CVE ids, user agents and free observables: the same length limits, and a value with invisible
  // or control characters refused rather than stored as another.
  'file-name': reportRule('file-name'),
  'autonomous-system': reportRule('autonomous-system'),
  vulnerability: reportRule('vulnerability'),
  'user-agent': reportRule('user-agent'),
  observable: reportRule('observable'),
};

// The share types whose stored form is the reports' own (indicators.canonical): a CVE id in upper case without
// padding beyond four digits, a user agent or a free observable as typed in NFC. So a share and a report of the
// same value store the same text, and the guard, exports and sightings meet on it.
const REPORT_FORM: ReadonlySet<IndicatorType> = new Set(['vulnerability', 'user-agent', 'observable']);

function inReportForm(ind: Indicator): Indicator {
  if (!REPORT_FORM.has(ind.type)) return ind;
  const canonical = canonicalIndicator(kindOf(ind.type, ind.value), ind.value);
  return canonical.ok ? { ...ind, value: canonical.indicator.value } : ind;
}

/** Checks every indicator against its type and writes it in its one stored form. */
export function normaliseIndicators(list: Indicator[]): Indicator[] {
  list.forEach((ind, i) => {
    if (!valid[ind.type](ind.value.trim())) throw shareErrors.invalidIndicator(i, ind.type);
  });
  return canonicalIndicators(list.map(inReportForm));
}
