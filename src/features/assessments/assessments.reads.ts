import type { Executor } from '../../platform/db/database.js';
import { assessmentsRepository } from './assessments.repository.js';
import { factsOf } from './assessments.rules.js';

// What other features may ask of impact assessments (deadline clocks, the accountability track), without
// reaching into this feature's repository. Callers have checked that the caller reads the incident.

export const assessmentsReads = {
  /**
   * Whether the incident's current assessment calls for a public-explanation decision (seed 2013 §3): false
   * while it has none. The `assessment.recorded` event carries the same flag with each version.
   */
  async publicExplanationCalledFor(db: Executor, incidentId: string): Promise<boolean> {
    return (await assessmentsRepository.current(db, incidentId))?.public_explanation === 1;
  },
  /** Every version's facts and when it was recorded, the oldest first (when a trigger was first met). */
  async versionsOf(db: Executor, incidentId: string) {
    const rows = await assessmentsRepository.versions(db, incidentId);
    return rows.map((r) => ({ version: r.version, recordedAt: new Date(r.recorded_at), facts: factsOf(r) }));
  },
  /** The incidents that have an assessment (the deadline reminders look at these). */
  assessedIncidentIds: (db: Executor) => assessmentsRepository.assessedIncidentIds(db),
};
