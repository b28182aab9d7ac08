// The terms of a share (what, to whom, under which TLP) and their order of strictness. Pure: the web app
// imports this file too, so it must not import anything of Node.

export const TLPS = ['TLP:CLEAR', 'TLP:GREEN', 'TLP:AMBER', 'TLP:AMBER+STRICT', 'TLP:RED'] as const;
/** A TLP 2.0 label; its index in TLPS is its strictness (higher is stricter). */
export type Tlp = (typeof TLPS)[number];

export const tlpRank = (tlp: Tlp): number => TLPS.indexOf(tlp);

export const INDICATOR_TYPES = [
  'ipv4-addr',
  'ipv6-addr',
  'domain-name',
  'url',
  'email-addr',
  'file-md5',
  'file-sha1',
  'file-sha256',
  'file-sha512',
  'file-name',
  'autonomous-system',
  'vulnerability',
  'user-agent',
  'observable',
] as const;
export type IndicatorType = (typeof INDICATOR_TYPES)[number];

export interface Indicator {
  type: IndicatorType;
  value: string;
  description?: string;
}

/** What recipients read, exactly as stored after redaction. */
export interface ShareContent {
  title: string;
  body: string;
  indicators: Indicator[];
  mitigations: string[];
}

export type AudienceSpec =
  | { kind: 'all' }
  | { kind: 'ministries' }
  | { kind: 'orgs'; orgs: string[]; includeAgencies?: boolean }
  | { kind: 'users'; users: string[] };

/** Who exactly receives a share: bodies, or (TLP:RED) named users and their bodies. */
export interface Recipients {
  orgIds: string[];
  users: { id: string; orgId: string }[];
}

export interface Terms {
  content: ShareContent;
  tlp: Tlp;
  recipients: Recipients;
}

/** The mark that stands where text was removed. */
export const REDACTION_MARK = '■■■';

/**
 * The whole body of an "indicators only" share (what a standing consent of that scope covers): this fixed
 * sentence, in either language or both, and nothing else.
 */
export const INDICATORS_ONLY_BODY = {
  ja: '以下の指標を観測しました。',
  en: 'The following indicators were observed.',
} as const;
