import { isIPv4, isIPv6 } from 'node:net';
import { canonicalIndicator } from '../indicators/indicators.canonical.js';
import type { IndicatorType as ReportKind } from '../indicators/indicators.types.js';
import { canonicalIndicators } from './sharing.canonical.js';
import { shareErrors } from './sharing.errors.js';
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
  // The reports' own rules for the kinds shares gained later (a file name without folders, AS and a number).
  'file-name': (v) => canonicalIndicator('filename', v).ok,
  'autonomous-system': (v) => canonicalIndicator('asn', v).ok,
  // And those of the kinds shares carry since issue 14's CVE ids, user agents and free observables: the same
  // length limits, and a value with invisible or control characters refused rather than stored as another.
  vulnerability: (v) => canonicalIndicator('cve', v).ok,
  'user-agent': (v) => canonicalIndicator('user-agent', v).ok,
  observable: (v) => canonicalIndicator('other', v).ok,
};

// The share types whose stored form is the reports' own (indicators.canonical): a CVE id in upper case without
// padding beyond four digits, a user agent or a free observable as typed in NFC. So a share and a report of the
// same value store the same text, and the guard, exports and sightings meet on it.
const REPORT_FORM: Partial<Record<IndicatorType, ReportKind>> = {
  vulnerability: 'cve',
  'user-agent': 'user-agent',
  observable: 'other',
};

function inReportForm(ind: Indicator): Indicator {
  const kind = REPORT_FORM[ind.type];
  const canonical = kind ? canonicalIndicator(kind, ind.value) : null;
  return canonical?.ok ? { ...ind, value: canonical.indicator.value } : ind;
}

/** Checks every indicator against its type and writes it in its one stored form. */
export function normaliseIndicators(list: Indicator[]): Indicator[] {
  list.forEach((ind, i) => {
    if (!valid[ind.type](ind.value.trim())) throw shareErrors.invalidIndicator(i, ind.type);
  });
  return canonicalIndicators(list.map(inReportForm));
}
