import type { Selectable } from 'kysely';
import type { OrgKind } from '../../platform/access/roles.js';
import { auditQuery } from '../../platform/audit/audit.query.js';
import { compiledOnce } from '../../platform/db/compiled.js';
import type { Executor, Tx } from '../../platform/db/database.js';
import { orgsDirectory } from '../orgs/orgs.directory.js';
import type { UsersTable } from './users.table.js';

/** What authentication needs of the person holding a token or a session. */
const HOLDER = [
  'users.id as userId',
  'users.email as email',
  'users.role as role',
  'users.org_id as orgId',
  'users.disabled_at as disabledAt',
] as const;

// Asked on every authenticated request: compiled once (see compiledOnce).
const liveToken = compiledOnce((db, tokenHash: string) =>
  db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .select([
      ...HOLDER,
      'api_tokens.id as tokenId',
      'api_tokens.last_used_at as lastUsedAt',
      'api_tokens.read_only as readOnly',
    ])
    .where('api_tokens.token_hash', '=', tokenHash)
    .where('api_tokens.revoked_at', 'is', null),
);
const sessionByHash = compiledOnce((db, sessionHash: string) =>
  db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      ...HOLDER,
      'sessions.id as sessionId',
      'sessions.csrf_token as csrfToken',
      'sessions.expires_at as expiresAt',
      'sessions.stage as stage',
      'sessions.second_factor as secondFactor',
      'sessions.last_seen_at as lastSeenAt',
    ])
    .where('sessions.id_hash', '=', sessionHash),
);

/** A person with the slug and kind of its body and its last log-in. */
export type UserWithOrg = Selectable<UsersTable> & {
  org_slug: string;
  org_kind: OrgKind;
  last_login_at: string | null;
};

/**
 * The people with their bodies, in the order of their bodies' slugs (people of one body keep their order); the
 * last log-in is read from the audit log, which records every one.
 */
async function withOrgs(db: Executor, users: Selectable<UsersTable>[]): Promise<UserWithOrg[]> {
  const [orgs, logins] = await Promise.all([
    orgsDirectory.inSlugOrder(
      db,
      users.map((u) => u.org_id),
    ),
    auditQuery.lastAt(
      db,
      'user',
      'session.login',
      users.map((u) => u.id),
    ),
  ]);
  return orgs.flatMap((o) =>
    users
      .filter((u) => u.org_id === o.id)
      .map((u) => ({ ...u, org_slug: o.slug, org_kind: o.kind, last_login_at: logins.get(u.id) ?? null })),
  );
}

export const usersRepository = {
  /** Users with their body, one body's or everyone's, by body and e-mail. */
  list: async (db: Executor, orgId: string | undefined) => {
    let q = db.selectFrom('users').selectAll().orderBy('email');
    if (orgId) q = q.where('org_id', '=', orgId);
    return withOrgs(db, await q.execute());
  },
  byId: async (db: Executor, id: string): Promise<UserWithOrg | undefined> =>
    (await withOrgs(db, await db.selectFrom('users').selectAll().where('id', '=', id).execute()))[0],
  /** The user's own row, without its body (it exists: the caller holds its id from a session or a token). */
  row: (db: Executor, id: string) =>
    db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow(),
  /** The account of this e-mail address (as stored) that can log in now. */
  activeByEmail: (db: Executor, email: string) =>
    db
      .selectFrom('users')
      .selectAll()
      .where('email', '=', email)
      .where('disabled_at', 'is', null)
      .executeTakeFirst(),
  /** Whether an account, disabled or not, has this e-mail address (as stored). */
  emailUsed: async (db: Executor, email: string) =>
    (await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst()) !== undefined,
  /** The accounts of these e-mail addresses (as stored), disabled ones too. */
  byEmails: (db: Executor, emails: string[]) =>
    db
      .selectFrom('users')
      .select(['id', 'email', 'org_id', 'role', 'disabled_at'])
      .where('email', 'in', emails)
      .execute(),
  insert: (tx: Tx, row: Selectable<UsersTable>) => tx.insertInto('users').values(row).execute(),
  setPasswordHash: (tx: Tx, id: string, hash: string) =>
    tx.updateTable('users').set({ password_hash: hash }).where('id', '=', id).execute(),
  update: (
    tx: Tx,
    id: string,
    changes: Partial<Pick<UsersTable, 'role' | 'role_granted_at' | 'display_name' | 'disabled_at'>>,
  ) => tx.updateTable('users').set(changes).where('id', '=', id).execute(),
  /** Ends every browser session of the user. */
  endSessions: (tx: Tx, userId: string) => tx.deleteFrom('sessions').where('user_id', '=', userId).execute(),
  /** The unrevoked API token with this hash and its holder. */
  liveToken: async (db: Executor, tokenHash: string) => (await liveToken(db, tokenHash))[0],
  markTokenUsed: (db: Executor, tokenId: string, at: string) =>
    db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', tokenId).execute(),
  /** The browser session with this hash and its holder. */
  sessionByHash: async (db: Executor, sessionHash: string) => (await sessionByHash(db, sessionHash))[0],
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

/** The columns of a person other features are told of (see users.reads.ts). */
const PERSON = ['id', 'email', 'display_name', 'role', 'org_id', 'locale'] as const;

const activePeople = (db: Executor) =>
  db.selectFrom('users').select(PERSON).where('disabled_at', 'is', null).orderBy('email');

/** The reads behind the users feature's published interface (users.reads.ts). */
export const peopleRepository = {
  activeOfficers: (db: Executor, orgId: string) =>
    activePeople(db).where('org_id', '=', orgId).where('role', '=', 'security-officer').execute(),
  activeAdmins: (db: Executor) => activePeople(db).where('role', '=', 'admin').execute(),
  activeOf: (db: Executor, orgId: string) => activePeople(db).where('org_id', '=', orgId).execute(),
  byIds: (db: Executor, ids: readonly string[]) =>
    db
      .selectFrom('users')
      .select(PERSON)
      .where('id', 'in', [...new Set(ids)])
      .execute(),
  activeById: (db: Executor, id: string, orgId?: string) => {
    let query = activePeople(db).where('id', '=', id);
    if (orgId !== undefined) query = query.where('org_id', '=', orgId);
    return query.executeTakeFirst();
  },
  activeMembers: (db: Executor, orgId: string, ids: readonly string[]) =>
    activePeople(db)
      .where('org_id', '=', orgId)
      .where('id', 'in', [...ids])
      .execute(),
  idByEmail: async (db: Executor, email: string, orgId?: string) => {
    let query = db.selectFrom('users').select('id').where('email', '=', email);
    if (orgId !== undefined) query = query.where('org_id', '=', orgId);
    return (await query.executeTakeFirst())?.id;
  },
  activeByEmails: (db: Executor, emails: readonly string[], roles: readonly string[]) =>
    activePeople(db)
      .where('email', 'in', [...emails])
      .where('role', 'in', [...roles])
      .execute(),
  hasPeople: async (db: Executor, orgId: string) =>
    (await db.selectFrom('users').select('id').where('org_id', '=', orgId).limit(1).executeTakeFirst()) !==
    undefined,
  roleSince: (db: Executor, userId: string) =>
    db
      .selectFrom('users')
      .select(['created_at', 'role_granted_at'])
      .where('id', '=', userId)
      .executeTakeFirst(),
};
