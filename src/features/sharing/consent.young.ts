import type { Executor } from '../../platform/db/database.js';
import { usersReads } from '../users/users.reads.js';

/**
 * Whether consent given now by this user comes from a young account: one created, or given its current role,
 * less than `minDays` ago. An account made for the occasion (by an administrator, say) is the classic way to
 * consent in a body's name; such consent is not refused but flagged on the share, for the center and the body
 * to see. `minDays` 0 flags nothing.
 */
export async function isYoungAccount(db: Executor, userId: string, now: Date, minDays: number) {
  if (minDays <= 0) return false;
  const since = await usersReads.roleSince(db, userId);
  return since !== undefined && Date.parse(since) > now.getTime() - minDays * 86_400_000;
}
