import { deleteInChunks } from '../../platform/db/chunks.js';
import type { Tx } from '../../platform/db/database.js';

/**
 * Erases the guard's fingerprints of these (exercise) incidents' reports: the exercise purge. Exercise incidents
 * are never a share's source (no one outside their chain reads them), so no share is touched.
 */
export async function purgeIncidentFingerprints(
  tx: Tx,
  incidentIds: readonly string[],
): Promise<Record<string, number>> {
  const n = await deleteInChunks(incidentIds, (chunk) =>
    tx.deleteFrom('report_fingerprints').where('incident_id', 'in', chunk).executeTakeFirst(),
  );
  return { report_fingerprints: n };
}
