import type { Executor, Tx } from '../../platform/db/database.js';
import type { PasswordResetsTable } from './users.table.js';

// Password reset links: only their hash is kept.

export const passwordsRepository = {
  /** Makes the user's reset links that are still open expire at `at`. */
  expireOpen: (tx: Tx, userId: string, at: string) =>
    tx
      .updateTable('password_resets')
      .set({ expires_at: at })
      .where('user_id', '=', userId)
      .where('used_at', 'is', null)
      .where('expires_at', '>', at)
      .execute(),
  insert: (tx: Tx, row: PasswordResetsTable) => tx.insertInto('password_resets').values(row).execute(),
  /** The reset link of this hash with what its user is now. */
  byTokenHash: (db: Executor, tokenHash: string) =>
    db
      .selectFrom('password_resets')
      .innerJoin('users', 'users.id', 'password_resets.user_id')
      .select([
        'password_resets.id',
        'password_resets.user_id as userId',
        'password_resets.email as sentTo',
        'password_resets.expires_at as expiresAt',
        'password_resets.used_at as usedAt',
        'users.email',
        'users.display_name as displayName',
        'users.org_id as orgId',
        'users.locale',
        'users.disabled_at as disabledAt',
      ])
      .where('password_resets.token_hash', '=', tokenHash)
      .executeTakeFirst(),
  /** Spends an open, unexpired link at `at`, by a conditional update: true for the one caller that spent it. */
  spend: async (tx: Tx, id: string, at: string) =>
    Number(
      (
        await tx
          .updateTable('password_resets')
          .set({ used_at: at })
          .where('id', '=', id)
          .where('used_at', 'is', null)
          .where('expires_at', '>', at)
          .executeTakeFirst()
      ).numUpdatedRows,
    ) === 1,
};
