import type { Tx } from '../db/database.js';

/** Erases the outbox items of these notices (sent or not): the purge of an exercise's data. */
export async function purgeOutboxOf(tx: Tx, notificationIds: readonly string[]): Promise<number> {
  let n = 0;
  for (let i = 0; i < notificationIds.length; i += 300)
    n += Number(
      (
        await tx
          .deleteFrom('outbox')
          .where('notification_id', 'in', notificationIds.slice(i, i + 300))
          .executeTakeFirst()
      ).numDeletedRows,
    );
  return n;
}
