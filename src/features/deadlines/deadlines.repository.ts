import type { Expression } from 'kysely';
import { sql } from 'kysely';
import type { Executor, Tx } from '../../platform/db/database.js';
import type {
  DeadlineOutcomesTable,
  DeadlineProfilesTable,
  DeadlineRemindersTable,
} from './deadlines.table.js';

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

  /** The clocks' outcomes recorded for an incident. */
  outcomesOf: (db: Executor, incidentId: string) =>
    db.selectFrom('deadline_outcomes').selectAll().where('incident_id', '=', incidentId).execute(),
  /** Replaces an incident's recorded outcomes with these. */
  async replaceOutcomes(tx: Tx, incidentId: string, rows: readonly DeadlineOutcomesTable[]): Promise<void> {
    await tx.deleteFrom('deadline_outcomes').where('incident_id', '=', incidentId).execute();
    if (rows.length > 0)
      await tx
        .insertInto('deadline_outcomes')
        .values([...rows])
        .execute();
  },

  /**
   * Per body, the recorded clocks due in [from, to) on the incidents of `incidentIds` (a subquery): how many,
   * met on time, met late, and not met (pending or overdue); and the late clocks' minutes, counted by value.
   */
  async outcomesDue(db: Executor, incidentIds: Expression<string>, period: { from: string; to: string }) {
    // One pass over the period's outcomes (each costs seconds over a year of 10⁶ incidents): counted by body,
    // outcome and minutes late, then summed per body here.
    const rows = await db
      .selectFrom('deadline_outcomes')
      .where('due_at', '>=', period.from)
      .where('due_at', '<', period.to)
      .where(sql<boolean>`incident_id in ${incidentIds}`)
      .select([
        'org_id as orgId',
        'outcome',
        'late_minutes as minutes',
        sql<string | number>`count(*)`.as('n'),
      ])
      .groupBy(['org_id', 'outcome', 'late_minutes'])
      .execute();
    const byOrg = new Map<string, { orgId: string; n: number; onTime: number; late: number }>();
    const late: { orgId: string; minutes: number; n: number }[] = [];
    for (const r of rows) {
      const count = Number(r.n ?? 0);
      const t = byOrg.get(r.orgId) ?? { orgId: r.orgId, n: 0, onTime: 0, late: 0 };
      t.n += count;
      if (r.outcome === 'on-time') t.onTime += count;
      if (r.outcome === 'late') {
        t.late += count;
        late.push({ orgId: r.orgId, minutes: Number(r.minutes ?? 0), n: count });
      }
      byOrg.set(r.orgId, t);
    }
    return { totals: [...byOrg.values()], lateMinutes: late };
  },
};
