import { deleteInChunks } from '../../platform/db/chunks.js';
import type { Tx } from '../../platform/db/database.js';

/** Erases the reminders and recorded outcomes of these (exercise) incidents: the exercise purge, in its transaction. */
export async function purgeIncidentReminders(
  tx: Tx,
  incidentIds: readonly string[],
): Promise<Record<string, number>> {
  const n = await deleteInChunks(incidentIds, (chunk) =>
    tx.deleteFrom('deadline_reminders').where('incident_id', 'in', chunk).executeTakeFirst(),
  );
  const outcomes = await deleteInChunks(incidentIds, (chunk) =>
    tx.deleteFrom('deadline_outcomes').where('incident_id', 'in', chunk).executeTakeFirst(),
  );
  return { deadline_reminders: n, deadline_outcomes: outcomes };
}
