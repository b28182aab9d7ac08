import { type Changes, keptCopies } from '../../platform/db/changes.js';
import type { Executor } from '../../platform/db/database.js';
import { CONTACTS_CHANGED, type Contact, contactsReads } from '../contacts/contacts.reads.js';
import { type ContactWithAvailability, withAvailability } from '../contacts/contacts.usecases.js';
import { type OrgRow, orgsDirectory } from '../orgs/orgs.directory.js';
import { notificationsRepository, RULES_CHANGED } from './notifications.repository.js';
import type { Rule } from './notifications.rules.js';

/** What an alert names of a body; none of it changes once the body exists. */
export type OrgCard = Pick<OrgRow, 'id' | 'kind' | 'slug' | 'name_ja' | 'name_en'>;

/** What planning reads for every event and that rarely changes, kept in memory (see notificationDirectory). */
export interface NotificationDirectory {
  /** Each body's contacts in escalation order, with whether each is available at `at`. */
  contactsOf(db: Executor, orgIds: string[], at: Date): Promise<Map<string, ContactWithAvailability[]>>;
  /** The rules each body has set, by event (bodies without a rule follow the default). */
  rulesOf(db: Executor, orgIds: string[]): Promise<Map<string, ReadonlyMap<string, Rule>>>;
  /** The bodies' names and kinds. */
  orgsOf(db: Executor, orgIds: string[]): Promise<Map<string, OrgCard>>;
}

const NEVER_CHANGES = 'orgs.cards';
const cardOf = (o: OrgRow): OrgCard => ({
  id: o.id,
  kind: o.kind,
  slug: o.slug,
  name_ja: o.name_ja,
  name_en: o.name_en,
});

/**
 * The bodies' contact structures, notification rules and names, read once and kept until a unit that changes
 * them commits on any node (contacts and rules say so: `Unit.changed`); a body's name and kind never change.
 * Planning the notifications of an event then reads nothing of them.
 */
export function notificationDirectory(changes: Changes): NotificationDirectory {
  const contacts = keptCopies<string, Contact[]>(changes, CONTACTS_CHANGED, contactsReads.liveOf);
  const rules = keptCopies(changes, RULES_CHANGED, notificationsRepository.rulesOfBodies);
  const orgs = keptCopies(changes, NEVER_CHANGES, async (db, ids: string[]) => {
    const rows = await orgsDirectory.byIds(db, ids);
    return new Map([...rows].map(([id, o]) => [id, cardOf(o)]));
  });
  return {
    async contactsOf(db, orgIds, at) {
      const rows = await contacts.get(db, orgIds);
      return new Map([...rows].map(([id, list]) => [id, list.map((c) => withAvailability(c, at))]));
    },
    rulesOf: (db, orgIds) => rules.get(db, orgIds),
    orgsOf: (db, orgIds) => orgs.get(db, orgIds),
  };
}
