import type { AssessmentRow } from './assessments.repository.js';

// What an assessment decides by itself: whether the body must decide on public explanation (seed 2013 §3).

/** Persons above which a leak of personal data counts as serious (APPI's threshold for administrative bodies). */
export const SERIOUS_LEAK_PERSONS = 100;

/**
 * Whether a public-explanation decision is called for: citizens' rights infringed, administrative work seriously
 * impeded, or a serious leak of personal data (sensitive data, or more than SERIOUS_LEAK_PERSONS persons).
 */
export const callsForPublicExplanation = (a: {
  rightsInfringed: boolean;
  seriousImpediment: boolean;
  sensitive: boolean;
  persons: number;
}): boolean => a.rightsInfringed || a.seriousImpediment || a.sensitive || a.persons > SERIOUS_LEAK_PERSONS;

/** The facts of a stored version, as triggers read them. */
export const factsOf = (r: AssessmentRow) => ({
  persons: r.persons,
  categories: JSON.parse(r.categories) as string[],
  sensitive: r.sensitive === 1,
  rightsInfringed: r.rights_infringed === 1,
  seriousImpediment: r.serious_impediment === 1,
  publicServicesAffected: r.public_services_affected === 1,
  malicious: r.malicious === 1,
});
