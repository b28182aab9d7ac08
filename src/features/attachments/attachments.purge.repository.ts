import type { Tx } from '../../platform/db/database.js';

/** Erases the files of these (exercise) incidents, bytes and records: the exercise purge, in its transaction. */
export async function purgeIncidentAttachments(
  tx: Tx,
  incidentIds: readonly string[],
): Promise<Record<string, number>> {
  let n = 0;
  for (let i = 0; i < incidentIds.length; i += 300)
    n += Number(
      (
        await tx
          .deleteFrom('attachments')
          .where('incident_id', 'in', incidentIds.slice(i, i + 300))
          .executeTakeFirst()
      ).numDeletedRows,
    );
  return { attachments: n };
}
