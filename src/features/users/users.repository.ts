import type { ExpressionBuilder } from 'kysely';
import type { Database, Executor, Tx } from '../../platform/db/database.js';
import type { UsersTable } from './users.table.js';

// The last log-in is read from the audit log, which records every one (index audit_log_subject_action).
const lastLogin = (eb: ExpressionBuilder<Database, 'users'>) =>
  eb
    .selectFrom('audit_log')
    .select((a) => a.fn.max('audit_log.at').as('at'))
    .where('audit_log.subject_type', '=', 'user')
    .whereRef('audit_log.subject_id', '=', 'users.id')
    .where('audit_log.action', '=', 'session.login');

const withOrg = (db: Executor) =>
  db
    .selectFrom('users')
    .innerJoin('orgs', 'orgs.id', 'users.org_id')
    .selectAll('users')
    .select((eb) => ['orgs.slug as org_slug', 'orgs.kind as org_kind', lastLogin(eb).as('last_login_at')]);

export type UserWithOrg = NonNullable<Awaited<ReturnType<typeof usersRepository.byId>>>;

export const usersRepository = {
  /** Users with their body, one body's or everyone's, by body and e-mail. */
  list: (db: Executor, orgId: string | undefined) => {
    let q = withOrg(db).orderBy('orgs.slug').orderBy('users.email');
    if (orgId) q = q.where('users.org_id', '=', orgId);
    return q.execute();
  },
  byId: (db: Executor, id: string) => withOrg(db).where('users.id', '=', id).executeTakeFirst(),
  update: (
    tx: Tx,
    id: string,
    changes: Partial<Pick<UsersTable, 'role' | 'role_granted_at' | 'display_name' | 'disabled_at'>>,
  ) => tx.updateTable('users').set(changes).where('id', '=', id).execute(),
  /** Ends every browser session of the user. */
  endSessions: (tx: Tx, userId: string) => tx.deleteFrom('sessions').where('user_id', '=', userId).execute(),
  /** Deletes every browser session expired by `at`; returns how many went. */
  deleteExpiredSessions: async (db: Executor, at: string) =>
    Number((await db.deleteFrom('sessions').where('expires_at', '<=', at).executeTakeFirst()).numDeletedRows),
  endOtherSessions: (tx: Tx, userId: string, keep: string) =>
    tx.deleteFrom('sessions').where('user_id', '=', userId).where('id', '!=', keep).execute(),
  /** Revokes every API token of the user that is not revoked yet. */
  revokeTokens: (tx: Tx, userId: string, at: string) =>
    tx
      .updateTable('api_tokens')
      .set({ revoked_at: at })
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .execute(),
};
