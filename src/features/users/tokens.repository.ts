import type { Executor, Tx } from '../../platform/db/database.js';
import type { ApiTokensTable } from './users.table.js';

// API tokens: only their hash is kept. What authentication reads of them stays in usersRepository (liveToken).

export const tokensRepository = {
  insert: (tx: Tx, row: ApiTokensTable) => tx.insertInto('api_tokens').values(row).execute(),
  byId: (db: Executor, id: string) =>
    db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst(),
  revoke: (tx: Tx, id: string, at: string) =>
    tx.updateTable('api_tokens').set({ revoked_at: at }).where('id', '=', id).execute(),
  /** The user's tokens, newest first. */
  listOf: (db: Executor, userId: string) =>
    db
      .selectFrom('api_tokens')
      .selectAll()
      .where('user_id', '=', userId)
      .orderBy('created_at', 'desc')
      .execute(),
};
