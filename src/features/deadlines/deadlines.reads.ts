import { deadlinesRepository, foldOutcomes, unpackOutcomes } from './deadlines.repository.js';

/** What other features may read of deadlines: the recorded clock outcomes, aggregated (the annual report). */
export const deadlinesReads = {
  /**
   * Per body, the clocks due in the period on the incidents of a subquery the caller built from the visibility
   * rules (the annual report: the real incidents the center reads): on time, late, not met; late minutes by value.
   */
  outcomesDue: deadlinesRepository.outcomesDue,
  /** PostgreSQL: `outcomesDue` as a query to run inside another statement, and its rows summed as it answers. */
  outcomesDueRows: deadlinesRepository.outcomesDueRows,
  foldOutcomes,
  /** SQLite: an incident's clocks due in the period as one integer column of a pass over incidents. */
  outcomesPacked: deadlinesRepository.outcomesPacked,
  unpackOutcomes,
};
