import { deleteInChunks } from '../../platform/db/chunks.js';
import type { Tx } from '../../platform/db/database.js';

/** Erases the messages of these (exercise) incidents: the exercise purge, in its transaction. */
export async function purgeIncidentMessages(
  tx: Tx,
  incidentIds: readonly string[],
): Promise<Record<string, number>> {
  const n = await deleteInChunks(incidentIds, (chunk) =>
    tx.deleteFrom('incident_messages').where('incident_id', 'in', chunk).executeTakeFirst(),
  );
  return { incident_messages: n };
}
