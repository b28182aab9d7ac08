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
    const found = await contactsRepository.withLiveContacts(db, orgIds);
    return orgIds.filter((id) => found.has(id));
  },
  /** Contacts by id (deleted ones too): who they are, as a map. */
  async namesOf(db: Executor, ids: string[]): Promise<Map<string, Pick<Contact, 'id' | 'name' | 'role'>>> {
    return new Map((await contactsRepository.namesOf(db, ids)).map((c) => [c.id, c]));
  },
  /** Where a contact is reached first (1 first); undefined for no such contact. */
  escalationOrderOf: (db: Executor, id: string): Promise<number | undefined> =>
    contactsRepository.escalationOrderOf(db, id),
  /** The time zone of a contact's business hours ('' when none is set); undefined for no such contact. */
  timeZoneOf: (db: Executor, id: string): Promise<string | undefined> =>
    contactsRepository.timeZoneOf(db, id),
  /** The e-mail addresses of the body's live contacts in this role that have one, in escalation order. */
  emailsInRole: (db: Executor, orgId: string, role: string) =>
    contactsRepository.emailsInRole(db, orgId, role),
  /**
   * The latest verification of each body's live contacts at or after `since` (the contacts feature stamps all
   * of a body's contacts when its security officer confirms the structure).
   */
  verifiedSince: (db: Executor, orgIds: string[], since: string): Promise<Map<string, string>> =>
    contactsRepository.verifiedSince(db, orgIds, since),
};
