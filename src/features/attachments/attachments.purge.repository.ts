import { deleteInChunks } from '../../platform/db/chunks.js';
import type { Tx } from '../../platform/db/database.js';

/** Erases the files of these (exercise) incidents, bytes and records: the exercise purge, in its transaction. */
export async function purgeIncidentAttachments(
  tx: Tx,
  incidentIds: readonly string[],
): Promise<Record<string, number>> {
  const n = await deleteInChunks(incidentIds, (chunk) =>
    tx.deleteFrom('attachments').where('incident_id', 'in', chunk).executeTakeFirst(),
  );
  return { attachments: n };
}
