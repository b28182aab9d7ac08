import type { Tx } from '../../platform/db/database.js';

/** Erases the messages of these (exercise) incidents: the exercise purge, in its transaction. */
export async function purgeIncidentMessages(
  tx: Tx,
  incidentIds: readonly string[],
): Promise<Record<string, number>> {
  let n = 0;
  for (let i = 0; i < incidentIds.length; i += 300)
    n += Number(
      (
        await tx
          .deleteFrom('incident_messages')
          .where('incident_id', 'in', incidentIds.slice(i, i + 300))
          .executeTakeFirst()
      ).numDeletedRows,
    );
  return { incident_messages: n };
}
