import type { Clock } from './clock.js';
import type { DatabaseHandle } from './db/database.js';

/** One step of housekeeping: removes what has outlived its use as of `now`, and says how many rows went. */
export type HousekeepingStep = (handle: DatabaseHandle, now: Date) => Promise<number>;

/** The steps by name; the composition root lists them all, each feature's next to the platform's. */
export type HousekeepingSteps = Record<string, HousekeepingStep>;

/** Idempotency records older than their retention: a retry comes within minutes, not days. */
export const expiredIdempotencyKeys =
  (ttlHours: number): HousekeepingStep =>
  async (handle, now) => {
    const cutoff = new Date(now.getTime() - ttlHours * 3_600_000).toISOString();
    const keys = await handle.db
      .deleteFrom('idempotency_keys')
      .where('created_at', '<', cutoff)
      .executeTakeFirst();
    return Number(keys.numDeletedRows);
  };

/** Runs every step, one after the other; returns how many rows each removed. */
export async function sweepExpired<S extends HousekeepingSteps>(
  handle: DatabaseHandle,
  clock: Clock,
  steps: S,
): Promise<Record<keyof S, number>> {
  const now = clock.now();
  const removed: Partial<Record<keyof S, number>> = {};
  for (const [name, step] of Object.entries(steps)) removed[name as keyof S] = await step(handle, now);
  return removed as Record<keyof S, number>;
}
