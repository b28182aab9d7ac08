import { deleteInChunks } from '../../platform/db/chunks.js';
import type { Tx } from '../../platform/db/database.js';
import { requestsReads } from '../situations/requests.reads.js';

/**
 * Erases the notices about these (exercise) situations (and their requests) and incidents, with their chains' steps: the exercise
 * purge, in its transaction. Returns the notices' ids, whose outbox items go with them.
 */
export async function purgeExerciseNotices(
  tx: Tx,
  about: { situationIds: readonly string[]; incidentIds: readonly string[] },
): Promise<{ counts: Record<string, number>; notificationIds: string[] }> {
  const { situationIds, incidentIds } = about;
  if (situationIds.length === 0 && incidentIds.length === 0)
    return { counts: { notifications: 0, notification_steps: 0 }, notificationIds: [] };
  // The notices of the situations' requests (要請) go with them.
  const requestIds: string[] = [];
  for (const id of situationIds) requestIds.push(...(await requestsReads.idsOf(tx, id)));
  const rows = await tx
    .selectFrom('notifications')
    .select(['id', 'chain_id'])
    .where((eb) =>
      eb.or([
        ...(situationIds.length
          ? [eb.and([eb('subject_type', '=', 'situation'), eb('subject_id', 'in', [...situationIds])])]
          : []),
        ...(requestIds.length
          ? [eb.and([eb('subject_type', '=', 'situation_request'), eb('subject_id', 'in', requestIds)])]
          : []),
        ...(incidentIds.length
          ? [eb('incident_id', 'in', [...incidentIds]), eb('subject_id', 'in', [...incidentIds])]
          : []),
      ]),
    )
    .execute();
  const ids = rows.map((r) => r.id);
  const chains = [...new Set(rows.map((r) => r.chain_id))];
  let steps = await deleteInChunks(chains, (chunk) =>
    tx.deleteFrom('notification_steps').where('chain_id', 'in', chunk).executeTakeFirst(),
  );
  steps += await deleteInChunks(incidentIds, (chunk) =>
    tx.deleteFrom('notification_steps').where('incident_id', 'in', chunk).executeTakeFirst(),
  );
  const notices = await deleteInChunks(ids, (chunk) =>
    tx.deleteFrom('notifications').where('id', 'in', chunk).executeTakeFirst(),
  );
  return { counts: { notifications: notices, notification_steps: steps }, notificationIds: ids };
}
