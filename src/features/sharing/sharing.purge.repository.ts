import type { Tx } from '../../platform/db/database.js';

/**
 * Erases the guard's fingerprints of these (exercise) incidents' reports: the exercise purge. Exercise incidents
 * are never a share's source (no one outside their chain reads them), so no share is touched.
 */
export async function purgeIncidentFingerprints(
  tx: Tx,
  incidentIds: readonly string[],
): Promise<Record<string, number>> {
  let n = 0;
  for (let i = 0; i < incidentIds.length; i += 300)
    n += Number(
      (
        await tx
          .deleteFrom('report_fingerprints')
          .where('incident_id', 'in', incidentIds.slice(i, i + 300))
          .executeTakeFirst()
      ).numDeletedRows,
    );
  return { report_fingerprints: n };
}
