import type { Executor, Tx } from '../../platform/db/database.js';
import type { TaxiiInboxObjectsTable, TaxiiStatusesTable } from './taxii.table.js';

export type StatusRow = TaxiiStatusesTable;

/** The TAXII inbox's own tables: statuses, and the object versions each body's posts have taken. */
export const taxiiInboxRepository = {
  insertStatus: (tx: Tx, row: StatusRow) => tx.insertInto('taxii_statuses').values(row).execute(),

  /** A status, only if the given body's member posted it. */
  statusOf: (db: Executor, orgId: string, id: string) =>
    db
      .selectFrom('taxii_statuses')
      .selectAll()
      .where('id', '=', id)
      .where('org_id', '=', orgId)
      .executeTakeFirst(),

  /** Of these object ids, the versions the body has already taken (`id\u0000version`). */
  async taken(db: Executor, orgId: string, objectIds: readonly string[]): Promise<Set<string>> {
    const found = new Set<string>();
    const ids = [...new Set(objectIds)];
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await db
        .selectFrom('taxii_inbox_objects')
        .select(['object_id', 'version'])
        .where('org_id', '=', orgId)
        .where('object_id', 'in', ids.slice(i, i + 500))
        .execute();
      for (const r of rows) found.add(`${r.object_id}\u0000${r.version}`);
    }
    return found;
  },

  /** Notes these object versions as taken (one already noted is left as it was). */
  async take(tx: Tx, rows: readonly TaxiiInboxObjectsTable[]) {
    for (let i = 0; i < rows.length; i += 200)
      await tx
        .insertInto('taxii_inbox_objects')
        .values(rows.slice(i, i + 200))
        .onConflict((oc) => oc.columns(['org_id', 'object_id', 'version']).doNothing())
        .execute();
  },
};
