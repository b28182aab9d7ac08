import type { Executor } from '../../platform/db/database.js';
import { peopleRepository } from './users.repository.js';

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

export const usersReads = {
  /** The body's security officers who can log in now. */
  activeOfficers: async (db: Executor, orgId: string): Promise<Person[]> =>
    (await peopleRepository.activeOfficers(db, orgId)).map(person),
  /** The body's people who can log in now (e.g. the center's, whom a coordinator may make a lesson's owner). */
  activeOf: async (db: Executor, orgId: string): Promise<Person[]> =>
    (await peopleRepository.activeOf(db, orgId)).map(person),
  /** Administrators who can log in now. */
  activeAdmins: async (db: Executor): Promise<Person[]> =>
    (await peopleRepository.activeAdmins(db)).map(person),
  /** People by id (disabled ones too), as a map. */
  async byIds(db: Executor, ids: string[]): Promise<Map<string, Person>> {
    if (ids.length === 0) return new Map();
    const rows = await peopleRepository.byIds(db, ids);
    return new Map(rows.map((u) => [u.id, person(u)]));
  },
  /** One person by id (disabled ones too). */
  byId: async (db: Executor, id: string): Promise<Person | undefined> =>
    (await usersReads.byIds(db, [id])).get(id),
  /** One person by id who can log in now (not disabled); with `orgId`, only a member of that body. */
  async activeById(db: Executor, id: string, orgId?: string): Promise<Person | undefined> {
    const row = await peopleRepository.activeById(db, id, orgId);
    return row ? person(row) : undefined;
  },
  /** Of these ids, those of the body's members who can log in now. */
  async activeMembers(db: Executor, orgId: string, ids: string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    return (await peopleRepository.activeMembers(db, orgId, ids)).map((u) => u.id);
  },
  /** The account with this e-mail address as stored (disabled ones too); with `orgId`, only in that body. */
  idByEmail: (db: Executor, email: string, orgId?: string): Promise<string | undefined> =>
    peopleRepository.idByEmail(db, email, orgId),
  /** People who can log in now, by e-mail address (as stored), with these roles. */
  activeByEmails: async (db: Executor, emails: string[], roles: readonly string[]): Promise<Person[]> =>
    emails.length === 0 || roles.length === 0
      ? []
      : (await peopleRepository.activeByEmails(db, emails, roles)).map(person),
  /** Whether the body has anyone at all yet, disabled people included (none: it awaits its first officer). */
  hasPeople: (db: Executor, orgId: string): Promise<boolean> => peopleRepository.hasPeople(db, orgId),
  /**
   * Since when the user has held its current role: when it was granted, or when the account was created.
   * Undefined for no such user.
   */
  roleSince: async (db: Executor, userId: string): Promise<string | undefined> => {
    const row = await peopleRepository.roleSince(db, userId);
    return row ? (row.role_granted_at ?? row.created_at) : undefined;
  },
};
