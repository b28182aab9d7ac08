import type { Clock } from './clock.js';
import type { DatabaseHandle } from './db/database.js';

/**
 * Removes what has outlived its use: idempotency records older than their retention (a retry comes within
 * minutes, not days) and browser sessions that have expired. Returns how many rows of each went.
 */
export async function sweepExpired(
  handle: DatabaseHandle,
  clock: Clock,
  idempotencyTtlHours: number,
): Promise<{ idempotencyKeys: number; sessions: number }> {
  const now = clock.now();
  const cutoff = new Date(now.getTime() - idempotencyTtlHours * 3_600_000).toISOString();
  const keys = await handle.db
    .deleteFrom('idempotency_keys')
    .where('created_at', '<', cutoff)
    .executeTakeFirst();
  const sessions = await handle.db
    .deleteFrom('sessions')
    .where('expires_at', '<=', now.toISOString())
    .executeTakeFirst();
  return { idempotencyKeys: Number(keys.numDeletedRows), sessions: Number(sessions.numDeletedRows) };
}
