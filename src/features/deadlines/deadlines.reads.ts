import { deadlinesRepository, unpackOutcomes } from './deadlines.repository.js';

/** What other features may read of deadlines: the recorded clock outcomes, aggregated (the annual report). */
export const deadlinesReads = {
  /**
   * Per body, the clocks due in the period on the incidents of a subquery the caller built from the visibility
   * rules (the annual report: the real incidents the center reads): on time, late, not met; late minutes by value.
   */
  outcomesDue: deadlinesRepository.outcomesDue,
  /** SQLite: an incident's clocks due in the period as one integer column of a pass over incidents. */
  outcomesPacked: deadlinesRepository.outcomesPacked,
  /** PostgreSQL: every incident's `outcomesPacked` as a grouped subquery to join, and its value per incident. */
  outcomesPackedByIncident: deadlinesRepository.outcomesPackedByIncident,
  packedFor: deadlinesRepository.packedFor,
  unpackOutcomes,
};
