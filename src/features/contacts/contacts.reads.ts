import type { Executor } from '../../platform/db/database.js';
import { CONTACTS_CHANGED, contactsRepository } from './contacts.repository.js';
import type { ContactsTable } from './contacts.table.js';

/** What a unit that changes contacts says it changes (`Unit.changed`): keepers of copies drop theirs. */
export { CONTACTS_CHANGED };

// What other features may ask about a body's contacts, without reaching into the contacts table themselves.
// A body's contacts in escalation order, with who is available when: `contactsInOrder` (contacts.usecases.ts).

export type Contact = ContactsTable;

export const contactsReads = {
  /** Each body's contacts that are not deleted, in escalation order. */
  liveOf: (db: Executor, orgIds: string[]): Promise<Map<string, Contact[]>> =>
    contactsRepository.liveOf(db, orgIds),
  /** Of these bodies, those that have at least one contact, in the order given. */
  async bodiesWithContacts(db: Executor, orgIds: string[]): Promise<string[]> {
    if (orgIds.length === 0) return [];
    const rows = await db
      .selectFrom('contacts')
      .select('org_id')
      .distinct()
      .where('org_id', 'in', orgIds)
      .where('deleted_at', 'is', null)
      .execute();
    const found = new Set(rows.map((r) => r.org_id));
    return orgIds.filter((id) => found.has(id));
  },
  /** Contacts by id (deleted ones too): who they are, as a map. */
  async namesOf(db: Executor, ids: string[]): Promise<Map<string, Pick<Contact, 'id' | 'name' | 'role'>>> {
    if (ids.length === 0) return new Map();
    const rows = await db
      .selectFrom('contacts')
      .select(['id', 'name', 'role'])
      .where('id', 'in', [...new Set(ids)])
      .execute();
    return new Map(rows.map((c) => [c.id, c]));
  },
  /** Where a contact is reached first (1 first); undefined for no such contact. */
  escalationOrderOf: async (db: Executor, id: string): Promise<number | undefined> =>
    (await db.selectFrom('contacts').select('escalation_order').where('id', '=', id).executeTakeFirst())
      ?.escalation_order,
  /** The time zone of a contact's business hours ('' when none is set); undefined for no such contact. */
  timeZoneOf: async (db: Executor, id: string): Promise<string | undefined> =>
    (await db.selectFrom('contacts').select('time_zone').where('id', '=', id).executeTakeFirst())?.time_zone,
  /** The e-mail addresses of the body's live contacts in this role that have one, in escalation order. */
  emailsInRole: (db: Executor, orgId: string, role: string) =>
    db
      .selectFrom('contacts')
      .select(['email', 'locale'])
      .where('org_id', '=', orgId)
      .where('deleted_at', 'is', null)
      .where('role', '=', role)
      .where('email', 'is not', null)
      .orderBy('escalation_order')
      .execute(),
  /**
   * The latest verification of each body's live contacts at or after `since` (the contacts feature stamps all
   * of a body's contacts when its security officer confirms the structure).
   */
  async verifiedSince(db: Executor, orgIds: string[], since: string): Promise<Map<string, string>> {
    if (orgIds.length === 0) return new Map();
    const rows = await db
      .selectFrom('contacts')
      .select((eb) => ['org_id', eb.fn.max('verified_at').as('verified_at')])
      .where('org_id', 'in', orgIds)
      .where('deleted_at', 'is', null)
      .where('verified_at', '>=', since)
      .groupBy('org_id')
      .execute();
    return new Map(rows.flatMap((r) => (r.verified_at ? [[r.org_id, r.verified_at] as const] : [])));
  },
};
