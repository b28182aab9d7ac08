import type { Executor, Tx } from '../../platform/db/database.js';
import { insertRows } from '../../platform/db/insert.js';
import type { IncidentAssessmentsTable } from './assessments.table.js';

export type AssessmentRow = IncidentAssessmentsTable;

export const assessmentsRepository = {
  insert: (tx: Tx, row: AssessmentRow) => insertRows(tx, 'incident_assessments', [row]),
  /** Every version of the incident's assessment, the oldest first. */
  versions: (db: Executor, incidentId: string) =>
    db
      .selectFrom('incident_assessments')
      .selectAll()
      .where('incident_id', '=', incidentId)
      .orderBy('version')
      .execute(),
  /** The last version, if any. */
  current: (db: Executor, incidentId: string) =>
    db
      .selectFrom('incident_assessments')
      .selectAll()
      .where('incident_id', '=', incidentId)
      .orderBy('version', 'desc')
      .limit(1)
      .executeTakeFirst(),

  /** The incidents that have an assessment (those whose profiles may start clocks past the quick report). */
  assessedIncidentIds: async (db: Executor) =>
    (
      await db
        .selectFrom('incident_assessments')
        .select('incident_id')
        .distinct()
        .orderBy('incident_id')
        .execute()
    ).map((r) => r.incident_id),
};
