import type { Executor, Tx } from '../../platform/db/database.js';
import type { KnownDevicesTable, SessionsTable } from './users.table.js';

// Browser sessions and the browsers that logged in before (known devices): the users feature's tables of them.
// The sessions authentication reads (by hash, marked seen, expired) stay in usersRepository beside the holder.

export const sessionsRepository = {
  insert: (tx: Tx, row: SessionsTable) => tx.insertInto('sessions').values(row).execute(),
  /** Ends the session with this hash, at whatever step. */
  deleteByHash: (tx: Tx, idHash: string) => tx.deleteFrom('sessions').where('id_hash', '=', idHash).execute(),
  /** The CSRF token and expiry of the session with this hash. */
  csrfOf: (db: Executor, idHash: string) =>
    db
      .selectFrom('sessions')
      .select(['csrf_token', 'expires_at'])
      .where('id_hash', '=', idHash)
      .executeTakeFirst(),
  /** The user's sessions that have not expired by `at`, newest first. */
  liveOf: (db: Executor, userId: string, at: string) =>
    db
      .selectFrom('sessions')
      .selectAll()
      .where('user_id', '=', userId)
      .where('expires_at', '>', at)
      .orderBy('created_at', 'desc')
      .execute(),
  /** Ends one session of the user's; true when there was one to end. */
  endOne: async (tx: Tx, id: string, userId: string) =>
    Number(
      (await tx.deleteFrom('sessions').where('id', '=', id).where('user_id', '=', userId).executeTakeFirst())
        .numDeletedRows,
    ) === 1,
  /** Ends one session of the user's and says how it began; undefined when it was gone already. */
  takeStep: (tx: Tx, id: string, userId: string) =>
    tx
      .deleteFrom('sessions')
      .where('id', '=', id)
      .where('user_id', '=', userId)
      .returning('first_factor')
      .executeTakeFirst(),
  /** Ends every session of the user but `keep` (none kept when it is empty); returns how many went. */
  endOthers: async (tx: Tx, userId: string, keep: string) =>
    Number(
      (
        await tx
          .deleteFrom('sessions')
          .where('user_id', '=', userId)
          .where('id', '!=', keep)
          .executeTakeFirst()
      ).numDeletedRows,
    ),

  /** Whether this device hash stands for a browser that logged in to the user before `at`'s expiry. */
  deviceKnown: async (db: Executor, idHash: string, userId: string, at: string) =>
    (await db
      .selectFrom('known_devices')
      .select('id_hash')
      .where('id_hash', '=', idHash)
      .where('user_id', '=', userId)
      .where('expires_at', '>', at)
      .executeTakeFirst()) !== undefined,
  insertDevice: (tx: Tx, row: KnownDevicesTable) => tx.insertInto('known_devices').values(row).execute(),
  /** Forgets the user's browsers beyond the newest `kept` (a thousand at a time). */
  async trimDevices(tx: Tx, userId: string, kept: number) {
    const old = await tx
      .selectFrom('known_devices')
      .select('id_hash')
      .where('user_id', '=', userId)
      .orderBy('created_at', 'desc')
      .offset(kept)
      .limit(1000)
      .execute();
    if (old.length > 0)
      await tx
        .deleteFrom('known_devices')
        .where(
          'id_hash',
          'in',
          old.map((o) => o.id_hash),
        )
        .execute();
  },
  forgetDevices: (tx: Tx, userId: string) =>
    tx.deleteFrom('known_devices').where('user_id', '=', userId).execute(),
};
