import { deleteInChunks } from '../db/chunks.js';
import type { Tx } from '../db/database.js';

/** Erases the outbox items of these notices (sent or not): the purge of an exercise's data. */
export async function purgeOutboxOf(tx: Tx, notificationIds: readonly string[]): Promise<number> {
  const n = await deleteInChunks(notificationIds, (chunk) =>
    tx.deleteFrom('outbox').where('notification_id', 'in', chunk).executeTakeFirst(),
  );
  return n;
}
