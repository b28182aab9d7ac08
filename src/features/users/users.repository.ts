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
  /** The unrevoked API token with this hash and its holder. */
  liveToken: (db: Executor, tokenHash: string) =>
    db
      .selectFrom('api_tokens')
      .innerJoin('users', 'users.id', 'api_tokens.user_id')
      .select([
        'users.id as userId',
        'users.email as email',
        'users.role as role',
        'users.org_id as orgId',
        'users.disabled_at as disabledAt',
        'api_tokens.id as tokenId',
        'api_tokens.last_used_at as lastUsedAt',
        'api_tokens.read_only as readOnly',
      ])
      .where('api_tokens.token_hash', '=', tokenHash)
      .where('api_tokens.revoked_at', 'is', null)
      .executeTakeFirst(),
  markTokenUsed: (db: Executor, tokenId: string, at: string) =>
    db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', tokenId).execute(),
  /** The browser session with this hash and its holder. */
  sessionByHash: (db: Executor, sessionHash: string) =>
    db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .select([
        'users.id as userId',
        'users.email as email',
        'users.role as role',
        'users.org_id as orgId',
        'users.disabled_at as disabledAt',
        'sessions.id as sessionId',
        'sessions.csrf_token as csrfToken',
        'sessions.expires_at as expiresAt',
        'sessions.stage as stage',
        'sessions.second_factor as secondFactor',
        'sessions.last_seen_at as lastSeenAt',
      ])
      .where('sessions.id_hash', '=', sessionHash)
      .executeTakeFirst(),
  markSessionSeen: (db: Executor, sessionHash: string, at: string) =>
    db.updateTable('sessions').set({ last_seen_at: at }).where('id_hash', '=', sessionHash).execute(),
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
