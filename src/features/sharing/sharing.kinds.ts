import type { IndicatorType as ReportKind } from '../indicators/indicators.types.js';
import type { IndicatorType } from './sharing.terms.js';

// The one mapping between a share's indicator types (STIX-ish, sharing.terms) and the kinds of the indicators
// feature that reports carry: used by imports, drafts from a cluster, the guard's keys and the STIX and MISP
// exports alike. Every report kind has a share type: a CVE id is a `vulnerability`, a free observable (`other`)
// an `observable`.

/** The share type of each report kind; a CIDR is the address type of its family. */
const SHARE_TYPE: Record<Exclude<ReportKind, 'cidr'>, IndicatorType> = {
  ipv4: 'ipv4-addr',
  ipv6: 'ipv6-addr',
  domain: 'domain-name',
  url: 'url',
  email: 'email-addr',
  md5: 'file-md5',
  sha1: 'file-sha1',
  sha256: 'file-sha256',
  sha512: 'file-sha512',
  filename: 'file-name',
  asn: 'autonomous-system',
  cve: 'vulnerability',
  'user-agent': 'user-agent',
  other: 'observable',
};

/** The share type a report's indicator of this kind and value is carried as. */
export const shareTypeOf = (kind: ReportKind, value: string): IndicatorType =>
  kind === 'cidr' ? (value.includes(':') ? 'ipv6-addr' : 'ipv4-addr') : SHARE_TYPE[kind];

/** The report kind a share's indicator stands for (an address with a prefix is a CIDR). */
export const kindOf = (type: IndicatorType, value: string): ReportKind => {
  switch (type) {
    case 'ipv4-addr':
      return value.includes('/') ? 'cidr' : 'ipv4';
    case 'ipv6-addr':
      return value.includes('/') ? 'cidr' : 'ipv6';
    case 'domain-name':
      return 'domain';
    case 'email-addr':
      return 'email';
    case 'file-md5':
      return 'md5';
    case 'file-sha1':
      return 'sha1';
    case 'file-sha256':
      return 'sha256';
    case 'url':
      return 'url';
    case 'file-sha512':
      return 'sha512';
    case 'file-name':
      return 'filename';
    case 'autonomous-system':
      return 'asn';
    case 'vulnerability':
      return 'cve';
    case 'user-agent':
      return 'user-agent';
    case 'observable':
      return 'other';
  }
};
