import { type Expression, type RawBuilder, sql } from 'kysely';
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

  /**
   * SQLite: one incident's clocks due in [from, to) summed into one integer, a column of a pass over incidents
   * that already holds each one (the annual report): no second walk of the incidents, no sort of every outcome
   * into groups, no row per outcome handed to the process. Null without any; -1 when the summary cannot say it
   * (an outcome recorded under another body than `orgId`, more than one late clock, a count above 255, minutes
   * out of range): the caller counts those incidents with `outcomesDue`. Otherwise count·2¹⁶ + late·2⁸ + on
   * time + the late clock's minutes·2²⁴ (`unpackOutcomes`).
   */
  outcomesPacked(
    incidentId: Expression<string>,
    orgId: Expression<string>,
    period: { from: string; to: string },
  ): RawBuilder<number | null> {
    const elsewhere = sql`sum(case when org_id = ${orgId} then 0 else 1 end) > 0`;
    return sql<number | null>`(select case when count(*) = 0 then null else ${packedGroup(elsewhere)} end
      from deadline_outcomes
      where incident_id = ${incidentId} and due_at >= ${period.from} and due_at < ${period.to})`;
  },

  /**
   * PostgreSQL: `outcomesPacked` of every incident with a clock due in [from, to), grouped along the outcomes'
   * primary key (incident order), to be joined to a pass over incidents in the same order by `incident_id` (a probe
   * per incident, as SQLite does, cost PostgreSQL 4 µs an incident). `packed` is `outcomesPacked`'s integer but for
   * the check of the body, which `packedFor` makes with the incident's body.
   */
  outcomesPackedByIncident(db: Executor, period: { from: string; to: string }) {
    return db
      .selectFrom('deadline_outcomes')
      .where('due_at', '>=', period.from)
      .where('due_at', '<', period.to)
      .groupBy('incident_id')
      .select([
        'incident_id',
        sql<string>`min(org_id)`.as('org_lo'),
        sql<string>`max(org_id)`.as('org_hi'),
        packedGroup(sql`false`).as('packed'),
      ]);
  },

  /** An incident's summary from `outcomesPackedByIncident`'s row joined as `alias` (null when none joined). */
  packedFor(alias: string, orgId: Expression<string>): RawBuilder<number | null> {
    const col = (name: string) => sql.ref(`${alias}.${name}`);
    return sql<number | null>`case when ${col('packed')} is null then null
      when ${col('org_lo')} = ${orgId} and ${col('org_hi')} = ${orgId} then ${col('packed')} else -1 end`;
  },
};

// Minutes a packed summary holds (2²⁸ − 1: the packed integer stays below 2⁵³, exact in JavaScript).
const MAX_PACKED_MINUTES = 268_435_455;

/**
 * A group of one incident's outcomes as `outcomesPacked`'s integer: -1 when `unsaid` holds or the integer cannot
 * say them. The minutes' factor is taken in a 64-bit integer (PostgreSQL's `integer` overflows; SQLite's is one).
 */
function packedGroup(unsaid: RawBuilder<unknown>): RawBuilder<number> {
  const late = sql`sum(case when outcome = 'late' then 1 else 0 end)`;
  const minutes = sql`coalesce(max(case when outcome = 'late' then late_minutes end), 0)`;
  return sql<number>`case
    when count(*) > 255 or ${late} > 1 or ${unsaid}
      or ${minutes} not between 0 and ${MAX_PACKED_MINUTES} then -1
    else count(*) * 65536 + ${late} * 256 + sum(case when outcome = 'on-time' then 1 else 0 end)
      + cast(${minutes} as bigint) * 16777216
    end`;
}

/** An incident's clocks read back from `outcomesPacked`: how many, on time, late, and the late one's minutes. */
export interface UnpackedOutcomes {
  n: number;
  onTime: number;
  late: number;
  minutes: number;
}

/** A summary of `outcomesPacked` read back into `into` (one object reused over a pass: none made per row). */
export function unpackOutcomes(
  packed: number,
  into: UnpackedOutcomes = { n: 0, onTime: 0, late: 0, minutes: 0 },
): UnpackedOutcomes {
  into.n = Math.floor(packed / 65536) % 256;
  into.onTime = packed % 256;
  into.late = Math.floor(packed / 256) % 256;
  into.minutes = Math.floor(packed / 16777216);
  return into;
}
