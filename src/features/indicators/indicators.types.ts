/** The kinds of indicator a report carries (issue 14). `other` is a free observable that no rule checks. */
export const INDICATOR_TYPES = [
  'ipv4',
  'ipv6',
  'cidr',
  'domain',
  'url',
  'email',
  'md5',
  'sha1',
  'sha256',
  'sha512',
  'filename',
  'cve',
  'asn',
  'user-agent',
  'other',
] as const;
export type IndicatorType = (typeof INDICATOR_TYPES)[number];

/** Indicators in an incident's own answer; the others come page by page (a bulk import gives one 100,000). */
export const DETAIL_INDICATORS = 200;

/** An indicator in its one stored form, with the form people read (a Unicode domain, for one). */
export interface CanonicalIndicator {
  type: IndicatorType;
  value: string;
  display: string;
}

/** Why a value is not an indicator of its type: a stable code (`indicators.<reason>`) and a sentence. */
export interface IndicatorProblem {
  code: string;
  message: string;
}

export type Canonical =
  | { ok: true; indicator: CanonicalIndicator }
  | { ok: false; problem: IndicatorProblem };
