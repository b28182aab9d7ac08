import type { Tx } from '../../platform/db/database.js';

/**
 * Erases the notices about these (exercise) situations and incidents, with their chains' steps: the exercise
 * purge, in its transaction. Returns the notices' ids, whose outbox items go with them.
 */
export async function purgeExerciseNotices(
  tx: Tx,
  about: { situationIds: readonly string[]; incidentIds: readonly string[] },
): Promise<{ counts: Record<string, number>; notificationIds: string[] }> {
  const { situationIds, incidentIds } = about;
  if (situationIds.length === 0 && incidentIds.length === 0)
    return { counts: { notifications: 0, notification_steps: 0 }, notificationIds: [] };
  const rows = await tx
    .selectFrom('notifications')
    .select(['id', 'chain_id'])
    .where((eb) =>
      eb.or([
        ...(situationIds.length
          ? [eb.and([eb('subject_type', '=', 'situation'), eb('subject_id', 'in', [...situationIds])])]
          : []),
        ...(incidentIds.length
          ? [eb('incident_id', 'in', [...incidentIds]), eb('subject_id', 'in', [...incidentIds])]
          : []),
      ]),
    )
    .execute();
  const ids = rows.map((r) => r.id);
  const chains = [...new Set(rows.map((r) => r.chain_id))];
  let steps = 0;
  let notices = 0;
  for (let i = 0; i < chains.length; i += 300)
    steps += Number(
      (
        await tx
          .deleteFrom('notification_steps')
          .where('chain_id', 'in', chains.slice(i, i + 300))
          .executeTakeFirst()
      ).numDeletedRows,
    );
  if (incidentIds.length)
    steps += Number(
      (
        await tx
          .deleteFrom('notification_steps')
          .where('incident_id', 'in', [...incidentIds])
          .executeTakeFirst()
      ).numDeletedRows,
    );
  for (let i = 0; i < ids.length; i += 300)
    notices += Number(
      (
        await tx
          .deleteFrom('notifications')
          .where('id', 'in', ids.slice(i, i + 300))
          .executeTakeFirst()
      ).numDeletedRows,
    );
  return { counts: { notifications: notices, notification_steps: steps }, notificationIds: ids };
}
