import type { Executor } from '../../platform/db/database.js';

// What other features may ask about people, without reaching into the users table themselves.

/** A person who can be told something, in their own language. */
export interface Person {
  userId: string;
  email: string;
  displayName: string;
  role: string;
  orgId: string;
  locale: 'ja' | 'en';
}

const person = (u: {
  id: string;
  email: string;
  display_name: string;
  role: string;
  org_id: string;
  locale: string;
}): Person => ({
  userId: u.id,
  email: u.email,
  displayName: u.display_name,
  role: u.role,
  orgId: u.org_id,
  locale: u.locale === 'en' ? 'en' : 'ja',
});

const active = (db: Executor) =>
  db
    .selectFrom('users')
    .select(['id', 'email', 'display_name', 'role', 'org_id', 'locale'])
    .where('disabled_at', 'is', null)
    .orderBy('email');

export const usersReads = {
  /** The body's security officers who can log in now. */
  activeOfficers: async (db: Executor, orgId: string): Promise<Person[]> =>
    (await active(db).where('org_id', '=', orgId).where('role', '=', 'security-officer').execute()).map(
      person,
    ),
  /** Administrators who can log in now. */
  activeAdmins: async (db: Executor): Promise<Person[]> =>
    (await active(db).where('role', '=', 'admin').execute()).map(person),
  /** People by id (disabled ones too), as a map. */
  async byIds(db: Executor, ids: string[]): Promise<Map<string, Person>> {
    if (ids.length === 0) return new Map();
    const rows = await db
      .selectFrom('users')
      .select(['id', 'email', 'display_name', 'role', 'org_id', 'locale'])
      .where('id', 'in', [...new Set(ids)])
      .execute();
    return new Map(rows.map((u) => [u.id, person(u)]));
  },
  /** Whether the body has anyone at all yet, disabled people included (none: it awaits its first officer). */
  hasPeople: async (db: Executor, orgId: string): Promise<boolean> =>
    (await db.selectFrom('users').select('id').where('org_id', '=', orgId).limit(1).executeTakeFirst()) !==
    undefined,
  /**
   * Since when the user has held its current role: when it was granted, or when the account was created.
   * Undefined for no such user.
   */
  roleSince: async (db: Executor, userId: string): Promise<string | undefined> => {
    const row = await db
      .selectFrom('users')
      .select(['created_at', 'role_granted_at'])
      .where('id', '=', userId)
      .executeTakeFirst();
    return row ? (row.role_granted_at ?? row.created_at) : undefined;
  },
};
