import { noticesRepository } from './notices.repository.js';

// What other features may ask of accountability tracks and notices, without reaching into the repository.

export const noticesReads = {
  /** Per incident body, the decisions due in a period on the incidents a subquery selects, and those on time. */
  decisionsOnTime: noticesRepository.decisionsOnTime,
  /** Whether any accountability decision is due in the period. */
  anyDecisionDue: noticesRepository.anyDue,
};
