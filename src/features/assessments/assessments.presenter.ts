import type { Executor } from '../../platform/db/database.js';
import { usersReads } from '../users/users.reads.js';
import type { AssessmentRow } from './assessments.repository.js';

// The explicit allow-list of what leaves the server about an assessment.

/** Presents versions of an assessment with the names of who recorded them. */
export async function presentAssessments(db: Executor, rows: AssessmentRow[]) {
  const people = await usersReads.byIds(db, [...new Set(rows.map((r) => r.recorded_by))]);
  return rows.map((r) => ({
    incidentId: r.incident_id,
    version: r.version,
    reportSeq: r.report_seq,
    persons: r.persons,
    categories: JSON.parse(r.categories) as string[],
    sensitive: r.sensitive === 1,
    rightsInfringed: r.rights_infringed === 1,
    seriousImpediment: r.serious_impediment === 1,
    publicServicesAffected: r.public_services_affected === 1,
    malicious: r.malicious === 1,
    publicExplanationCalledFor: r.public_explanation === 1,
    note: r.note,
    recordedAt: r.recorded_at,
    recordedBy: { displayName: people.get(r.recorded_by)?.displayName ?? '' },
  }));
}
