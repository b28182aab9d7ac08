import { deleteInChunks } from '../../platform/db/chunks.js';
import type { Tx } from '../../platform/db/database.js';

/** Erases the assessments of these (exercise) incidents: the exercise purge, in its transaction. */
export async function purgeIncidentAssessments(
  tx: Tx,
  incidentIds: readonly string[],
): Promise<Record<string, number>> {
  const n = await deleteInChunks(incidentIds, (chunk) =>
    tx.deleteFrom('incident_assessments').where('incident_id', 'in', chunk).executeTakeFirst(),
  );
  return { incident_assessments: n };
}
