/**
 * The Reference Security Incident Taxonomy (RSIT, ENISA / TF-CSIRT): 11 categories and their types, written
 * `category/type` as in MISP's rsit taxonomy. A deployment may pass its own list.
 */
export const RSIT: Record<string, readonly string[]> = {
  'abusive-content': ['spam', 'harmful-speech', 'violence'],
  'malicious-code': ['infected-system', 'c2-server', 'malware-distribution', 'malware-configuration'],
  'information-gathering': ['scanner', 'sniffing', 'social-engineering'],
  'intrusion-attempts': ['ids-alert', 'brute-force', 'exploit'],
  intrusions: [
    'privileged-account-compromise',
    'unprivileged-account-compromise',
    'application-compromise',
    'system-compromise',
    'burglary',
  ],
  availability: ['dos', 'ddos', 'misconfiguration', 'sabotage', 'outage'],
  'information-content-security': [
    'unauthorised-information-access',
    'unauthorised-information-modification',
    'data-loss',
    'data-leak',
  ],
  fraud: ['unauthorised-use-of-resources', 'copyright', 'masquerade', 'phishing'],
  vulnerable: [
    'weak-crypto',
    'ddos-amplifier',
    'potentially-unwanted-accessible',
    'information-disclosure',
    'vulnerable-system',
  ],
  other: ['other', 'undetermined'],
  test: ['test'],
};

export type Taxonomy = Record<string, readonly string[]>;

export const categoryCodes = (taxonomy: Taxonomy): Set<string> =>
  new Set(Object.entries(taxonomy).flatMap(([c, types]) => types.map((t) => `${c}/${t}`)));

/** One category of a deployment's profile: its stored code, its names, and the RSIT type it counts as. */
export interface ProfileCategory {
  code: string;
  nameJa: string;
  nameEn: string;
  /** The RSIT `category/type` it stands for in STIX exports and statistics. */
  rsit: string;
}

/**
 * The categories Japanese government bodies use in their reports, each mapped to its RSIT type. Codes carry no
 * `/`, so that they never meet an RSIT code: incidents filed under either profile keep their meaning.
 */
export const JP_GOVERNMENT: readonly ProfileCategory[] = [
  {
    code: 'ransomware',
    nameJa: 'ランサムウェア',
    nameEn: 'Ransomware',
    rsit: 'malicious-code/infected-system',
  },
  {
    code: 'targeted-email',
    nameJa: '標的型攻撃（メール）',
    nameEn: 'Targeted attack (e-mail)',
    rsit: 'fraud/phishing',
  },
  {
    code: 'unauthorized-access',
    nameJa: '不正アクセス',
    nameEn: 'Unauthorised access',
    rsit: 'intrusions/system-compromise',
  },
  {
    code: 'web-defacement',
    nameJa: 'Webサイト改ざん',
    nameEn: 'Website defacement',
    rsit: 'information-content-security/unauthorised-information-modification',
  },
  { code: 'ddos', nameJa: 'DDoS攻撃', nameEn: 'DDoS attack', rsit: 'availability/ddos' },
  {
    code: 'malware-infection',
    nameJa: 'マルウェア感染',
    nameEn: 'Malware infection',
    rsit: 'malicious-code/infected-system',
  },
  {
    code: 'information-leak',
    nameJa: '情報漏えい',
    nameEn: 'Information leak',
    rsit: 'information-content-security/data-leak',
  },
  {
    code: 'suspicious-email',
    nameJa: '不審メール',
    nameEn: 'Suspicious e-mail',
    rsit: 'abusive-content/spam',
  },
  {
    code: 'vulnerability-exploit',
    nameJa: '脆弱性の悪用',
    nameEn: 'Exploited vulnerability',
    rsit: 'intrusion-attempts/exploit',
  },
  { code: 'other', nameJa: 'その他', nameEn: 'Other', rsit: 'other/other' },
];

/** The taxonomy profiles a deployment chooses from (RENRAKU_TAXONOMY). */
export const TAXONOMY_PROFILES = ['jp-government', 'rsit'] as const;
export type TaxonomyProfile = (typeof TAXONOMY_PROFILES)[number];

/** The categories a profile offers, as stored codes with their RSIT type (an RSIT code is its own). */
export function profileCategories(profile: TaxonomyProfile): { code: string; rsit: string }[] {
  if (profile === 'jp-government') return JP_GOVERNMENT.map(({ code, rsit }) => ({ code, rsit }));
  return [...RSIT_CODES].map((code) => ({ code, rsit: code }));
}

const RSIT_CODES = categoryCodes(RSIT);
const JP_BY_CODE = new Map(JP_GOVERNMENT.map((c) => [c.code, c]));

/** The RSIT type a stored category stands for, whichever profile filed it; null for a code of neither. */
export function rsitOf(code: string): string | null {
  const jp = JP_BY_CODE.get(code);
  if (jp) return jp.rsit;
  return RSIT_CODES.has(code) ? code : null;
}

/** The Japanese government profile's category of a code, if it is one. */
export const jpCategory = (code: string): ProfileCategory | undefined => JP_BY_CODE.get(code);

/**
 * The codes a report may give: the profile's own, and always RSIT's, the exchange standard an API client may
 * speak whatever the profile (every profile category counts as an RSIT type anyway).
 */
export function acceptedCategories(profile: TaxonomyProfile): Set<string> {
  return new Set([...profileCategories(profile).map((c) => c.code), ...RSIT_CODES]);
}
