import { randomUUID } from 'node:crypto';
import type { Executor, Tx } from '../../platform/db/database.js';
import { insertRows } from '../../platform/db/insert.js';
import type { WarninglistsTable } from './warninglists.table.js';

export type WarninglistRow = WarninglistsTable;

/** Rows per insert of entries: two values each, far below both dialects' parameter limits. */
const ENTRY_CHUNK = 1000;

export const warninglistsRepository = {
  all: (db: Executor) => db.selectFrom('warninglists').selectAll().orderBy('name').execute(),
  enabled: (db: Executor) =>
    db.selectFrom('warninglists').selectAll().where('enabled', '=', 1).orderBy('name').execute(),
  byId: (db: Executor, id: string) =>
    db.selectFrom('warninglists').selectAll().where('id', '=', id).executeTakeFirst(),
  byName: (db: Executor, name: string) =>
    db.selectFrom('warninglists').selectAll().where('name', '=', name).executeTakeFirst(),
  insert: (tx: Tx, row: WarninglistRow) => tx.insertInto('warninglists').values(row).execute(),
  update: (tx: Tx, id: string, change: Partial<WarninglistRow>) =>
    tx.updateTable('warninglists').set(change).where('id', '=', id).execute(),
  /** Entries of these lists, in value order. */
  entries: (db: Executor, listIds: readonly string[]) =>
    listIds.length === 0
      ? Promise.resolve([])
      : db
          .selectFrom('warninglist_entries')
          .select(['list_id', 'value'])
          .where('list_id', 'in', listIds)
          .orderBy('list_id')
          .orderBy('value')
          .execute(),
  entryCounts: (db: Executor) =>
    db
      .selectFrom('warninglist_entries')
      .select((eb) => ['list_id', eb.fn.countAll<string | number>().as('n')])
      .groupBy('list_id')
      .execute(),
  /** Which of these values the list holds already. */
  async present(db: Executor, listId: string, values: readonly string[]): Promise<Set<string>> {
    const found = new Set<string>();
    for (let i = 0; i < values.length; i += ENTRY_CHUNK) {
      const rows = await db
        .selectFrom('warninglist_entries')
        .select('value')
        .where('list_id', '=', listId)
        .where('value', 'in', values.slice(i, i + ENTRY_CHUNK))
        .execute();
      for (const r of rows) found.add(r.value);
    }
    return found;
  },
  async addEntries(tx: Tx, listId: string, values: readonly string[]): Promise<void> {
    for (let i = 0; i < values.length; i += ENTRY_CHUNK)
      await insertRows(
        tx,
        'warninglist_entries',
        values.slice(i, i + ENTRY_CHUNK).map((value) => ({ list_id: listId, value })),
      );
  },
  async removeEntries(tx: Tx, listId: string, values: readonly string[]): Promise<void> {
    for (let i = 0; i < values.length; i += ENTRY_CHUNK)
      await tx
        .deleteFrom('warninglist_entries')
        .where('list_id', '=', listId)
        .where('value', 'in', values.slice(i, i + ENTRY_CHUNK))
        .execute();
  },
  clearEntries: (tx: Tx, listId: string) =>
    tx.deleteFrom('warninglist_entries').where('list_id', '=', listId).execute(),
  token: async (db: Executor) =>
    (await db.selectFrom('warninglist_state').select('token').where('id', '=', 1).executeTakeFirst())
      ?.token ?? '',
  /**
   * A new token: every node's matcher built under the old one is stale. Every change of the lists starts with
   * it, so that the row's lock (PostgreSQL) makes changes of lists take turns.
   */
  newToken: (tx: Tx) =>
    tx.updateTable('warninglist_state').set({ token: randomUUID() }).where('id', '=', 1).execute(),
};
