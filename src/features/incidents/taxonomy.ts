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
