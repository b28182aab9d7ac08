import type { Executor } from '../../platform/db/database.js';

// What other features may ask about contacts, without reaching into the contacts table themselves.

/** A contact as another feature names it. */
export interface ContactName {
  id: string;
  name: string;
  role: string;
}

export const contactsReads = {
  /** Contacts' names and roles by id, as a map. */
  async namesByIds(db: Executor, ids: string[]): Promise<Map<string, ContactName>> {
    if (ids.length === 0) return new Map();
    const rows = await db
      .selectFrom('contacts')
      .select(['id', 'name', 'role'])
      .where('id', 'in', [...new Set(ids)])
      .execute();
    return new Map(rows.map((c) => [c.id, c]));
  },
  /** A contact's own time zone, if it has one. */
  timeZoneOf: async (db: Executor, id: string): Promise<string | undefined> =>
    (await db.selectFrom('contacts').select('time_zone').where('id', '=', id).executeTakeFirst())
      ?.time_zone || undefined,
};
