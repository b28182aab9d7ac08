import { requestsRepository } from './requests.repository.js';

export type { RequestFacts } from './requests.repository.js';

/**
 * What other features may know of a situation's requests (notifications: what a notice is about and who is
 * addressed). The requests' tables stay private to this feature.
 */
export const requestsReads = {
  /** These requests as facts, keyed by id (a missing id has none). */
  factsOf: requestsRepository.factsOf,
  /** The ids of a situation's requests. */
  idsOf: requestsRepository.idsOf,
};
