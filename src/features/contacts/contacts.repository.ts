import type { Executor, Tx } from '../../platform/db/database.js';
import { usersReads } from '../users/users.reads.js';
import type { ContactsTable } from './contacts.table.js';

export type ContactRow = ContactsTable;

/** What a unit that changes contacts says it changes (`Unit.changed`): copies of them are dropped. */
export const CONTACTS_CHANGED = 'contacts';

export const contactsRepository = {
  /** The body's contacts that are not deleted, first reached first (ties, from concurrent writes, by age). */
  live: (db: Executor, orgId: string) =>
    db
      .selectFrom('contacts')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('deleted_at', 'is', null)
      .orderBy('escalation_order')
      .orderBy('created_at')
      .orderBy('id')
      .execute(),
  /** The live contacts of each of these bodies, in the order of `live` (a body without any: an empty list). */
  async liveOf(db: Executor, orgIds: string[]): Promise<Map<string, ContactRow[]>> {
    const byOrg = new Map(orgIds.map((id) => [id, [] as ContactRow[]]));
    if (orgIds.length === 0) return byOrg;
    const rows = await db
      .selectFrom('contacts')
      .selectAll()
      .where('org_id', 'in', orgIds)
      .where('deleted_at', 'is', null)
      .orderBy('org_id')
      .orderBy('escalation_order')
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    for (const r of rows) byOrg.get(r.org_id)?.push(r);
    return byOrg;
  },
  byId: (db: Executor, id: string) =>
    db.selectFrom('contacts').selectAll().where('id', '=', id).executeTakeFirst(),
  insert: (tx: Tx, row: ContactRow) => tx.insertInto('contacts').values(row).execute(),
  update: (tx: Tx, id: string, changes: Partial<Omit<ContactRow, 'id' | 'org_id' | 'created_at'>>) =>
    tx.updateTable('contacts').set(changes).where('id', '=', id).execute(),
  setOrder: (tx: Tx, id: string, order: number) =>
    tx.updateTable('contacts').set({ escalation_order: order }).where('id', '=', id).execute(),
  verifyAll: (tx: Tx, orgId: string, at: string) =>
    tx
      .updateTable('contacts')
      .set({ verified_at: at })
      .where('org_id', '=', orgId)
      .where('deleted_at', 'is', null)
      .executeTakeFirst(),
  /** The user of the body with this e-mail, whose in-app notifications the contact receives. */
  userOf: async (db: Executor, orgId: string, email: string | null) =>
    email === null ? null : ((await usersReads.idByEmail(db, email, orgId)) ?? null),
  secretOf: (db: Executor, orgId: string) =>
    db.selectFrom('org_webhook_secrets').selectAll().where('org_id', '=', orgId).executeTakeFirst(),
  saveSecret: async (tx: Tx, row: { org_id: string; secret: string; created_at: string }) => {
    await tx.deleteFrom('org_webhook_secrets').where('org_id', '=', row.org_id).execute();
    await tx.insertInto('org_webhook_secrets').values(row).execute();
  },
  /** Of these bodies, those that have at least one live contact (in no particular order). */
  async withLiveContacts(db: Executor, orgIds: string[]): Promise<Set<string>> {
    if (orgIds.length === 0) return new Set();
    const rows = await db
      .selectFrom('contacts')
      .select('org_id')
      .distinct()
      .where('org_id', 'in', orgIds)
      .where('deleted_at', 'is', null)
      .execute();
    return new Set(rows.map((r) => r.org_id));
  },
  /** Contacts by id (deleted ones too): who they are. */
  namesOf: (db: Executor, ids: string[]) =>
    ids.length === 0
      ? Promise.resolve([] as Pick<ContactRow, 'id' | 'name' | 'role'>[])
      : db
          .selectFrom('contacts')
          .select(['id', 'name', 'role'])
          .where('id', 'in', [...new Set(ids)])
          .execute(),
  escalationOrderOf: async (db: Executor, id: string): Promise<number | undefined> =>
    (await db.selectFrom('contacts').select('escalation_order').where('id', '=', id).executeTakeFirst())
      ?.escalation_order,
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
  /** The latest verification of each body's live contacts at or after `since`, by body. */
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
