import type { Executor, Tx } from '../../platform/db/database.js';
import type { DeadlineProfilesTable, DeadlineRemindersTable } from './deadlines.table.js';

export type ProfileRow = DeadlineProfilesTable;

export const deadlinesRepository = {
  all: (db: Executor) => db.selectFrom('deadline_profiles').selectAll().orderBy('id').execute(),
  byId: (db: Executor, id: string) =>
    db.selectFrom('deadline_profiles').selectAll().where('id', '=', id).executeTakeFirst(),
  insert: (tx: Tx, row: ProfileRow) => tx.insertInto('deadline_profiles').values(row).execute(),
  /** Changes the row only if it is still at `revision`; whether it did. */
  async update(tx: Tx, row: ProfileRow, revision: number): Promise<boolean> {
    const r = await tx
      .updateTable('deadline_profiles')
      .set({
        definition: row.definition,
        revision: row.revision,
        updated_at: row.updated_at,
        updated_by: row.updated_by,
      })
      .where('id', '=', row.id)
      .where('revision', '=', revision)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },

  /** Whether this notice was sent for the clock at this due time. */
  reminded: async (db: Executor, r: Omit<DeadlineRemindersTable, 'sent_at'>) =>
    (await db
      .selectFrom('deadline_reminders')
      .select('incident_id')
      .where('incident_id', '=', r.incident_id)
      .where('profile_id', '=', r.profile_id)
      .where('clock_key', '=', r.clock_key)
      .where('kind', '=', r.kind)
      .where('due_at', '=', r.due_at)
      .executeTakeFirst()) !== undefined,
  markReminded: (tx: Tx, r: DeadlineRemindersTable) =>
    tx.insertInto('deadline_reminders').values(r).execute(),
};
