import { type Expression, type RawBuilder, sql } from 'kysely';
import { type Drive, readableIncidents } from '../../platform/access/visibility.js';
import { rowsAsArrays } from '../../platform/db/arrays.js';
import type { DialectName, Executor, Tx } from '../../platform/db/database.js';
import type { AnnualCommentsTable, AnnualReportsTable, AnnualSummariesTable } from './annual.table.js';

export type AnnualRow = AnnualReportsTable;
export type CommentRow = AnnualCommentsTable;
export type SummaryRow = AnnualSummariesTable;

/** Two of an incident's times whose distance the report ranks. */
export interface PercentileSpan {
  start: 'incidents.detected_at' | 'incidents.reported_at';
  end: 'incidents.reported_at' | 'incidents.center_received_at';
}

const num = (v: string | number | null | undefined) => (v === null || v === undefined ? 0 : Number(v));

/** Seconds from one stored instant (ISO text) to another. */
function secondsBetween(dialect: DialectName, from: string, to: string): RawBuilder<number> {
  return dialect === 'sqlite'
    ? // julianday is a day fraction: rounded to the millisecond, as stored, so that no float error changes a rank.
      sql<number>`(round((julianday(${sql.ref(to)}) - julianday(${sql.ref(from)})) * 86400000.0) / 1000.0)`
    : sql<number>`extract(epoch from (${sql.ref(to)}::timestamptz - ${sql.ref(from)}::timestamptz))`;
}

/** Which of `bounds` (ascending ISO instants) the instant falls after: 0 before bounds[1], and so on. */
function bucketOf(column: string, bounds: readonly string[]): RawBuilder<number> {
  const whens = bounds.slice(1).map((b, i) => sql`when ${sql.ref(column)} < ${b} then ${sql.lit(i)}`);
  return sql<number>`case ${sql.join(whens, sql` `)} else ${sql.lit(bounds.length - 1)} end`;
}

/** The ministry an incident's body counts under (itself, or its supervising ministry); null for the center. */
function ministryOf(ministryByOrg: ReadonlyMap<string, string>): RawBuilder<string | null> {
  const whens = [...ministryByOrg].map(([org, m]) => sql`when ${org} then ${m}`);
  if (whens.length === 0) return sql<null>`null`;
  return sql<string | null>`case incidents.org_id ${sql.join(whens, sql` `)} else null end`;
}

// The pass's columns, in the order its select names them (id, o, b, c, v, t, f, then the spans, then the extra).
const [ID, ORG, MONTH, CATEGORY, SEVERITY, ON_TIME, FINAL, FIRST_SPAN] = [0, 1, 2, 3, 4, 5, 6, 7] as const;

/** The period's incidents the reader (the center) reads: real ones only (the visibility module's rule). */
const ofPeriod = (db: Executor, readerOrgId: string, from: string, to: string, drive: Drive = 'readers') =>
  readableIncidents(db, readerOrgId, drive)
    .where('incidents.reported_at', '>=', from)
    .where('incidents.reported_at', '<', to);

/** The nearest rank ⌈p·n/100⌉ of a percent p among n values, in integer arithmetic (as the SQL writes it). */
const rankOf = (p: number, n: number) => Math.floor((p * n + 99) / 100);

/** A ministry's measured values of one span: how many, and the value at each percent asked. */
export interface Ranked {
  n: number;
  values: Map<number, number>;
}

/** Incidents of the period counted by body, month, category and severity (see `byOrgMonthAndKind`). */
export interface ShapeRow {
  orgId: string;
  month: number;
  category: string | null;
  severity: string | null;
  n: number;
  onTime: number;
  final: number;
}

/** Each span's values gathered per ministry, sorted numerically and read at the nearest rank of each percent. */
function rankGathered(
  gathered: readonly Map<string, number[]>[],
  percents: readonly number[],
): Map<string, Ranked>[] {
  return gathered.map(
    (byMinistry) =>
      new Map(
        [...byMinistry].map(([m, list]) => {
          const sorted = Float64Array.from(list).sort();
          const n = sorted.length;
          return [
            m,
            { n, values: new Map(percents.map((p) => [p, sorted[rankOf(p, n) - 1] as number])) },
          ] as const;
        }),
      ),
  );
}

// Incidents read per page of the SQLite pass: small enough for the rows of a page to die young (a page of 20,000
// cost more CPU than pages of 2,000), large enough that seeking to the next page is nothing.
const PASS_PAGE = 2000;

/** The annual report's queries: aggregates in SQL, never every incident in memory. */
export const annualRepository = {
  byYear: (db: Executor, fiscalYear: number) =>
    db.selectFrom('annual_reports').selectAll().where('fiscal_year', '=', fiscalYear).executeTakeFirst(),
  all: (db: Executor) => db.selectFrom('annual_reports').selectAll().orderBy('fiscal_year', 'desc').execute(),
  insert: (tx: Tx, row: AnnualRow) => tx.insertInto('annual_reports').values(row).execute(),
  /** Changes a draft at the revision named; false when it is final or moved on (409). */
  async updateDraft(tx: Tx, id: string, revision: number, change: Partial<AnnualRow>): Promise<boolean> {
    const r = await tx
      .updateTable('annual_reports')
      .set({ ...change, revision: revision + 1 })
      .where('id', '=', id)
      .where('status', '=', 'draft')
      .where('revision', '=', revision)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },
  comments: (db: Executor, reportId: string, ministryIds: readonly string[] | null) => {
    let q = db
      .selectFrom('annual_comments')
      .selectAll()
      .where('report_id', '=', reportId)
      .orderBy('created_at')
      .orderBy('id');
    if (ministryIds !== null) {
      if (ministryIds.length === 0) return Promise.resolve([] as CommentRow[]);
      q = q.where('ministry_id', 'in', [...ministryIds]);
    }
    return q.execute();
  },
  insertComment: (tx: Tx, row: CommentRow) => tx.insertInto('annual_comments').values(row).execute(),

  summaryOf: (db: Executor, fiscalYear: number) =>
    db.selectFrom('annual_summaries').selectAll().where('fiscal_year', '=', fiscalYear).executeTakeFirst(),
  /** Every summary ever published (withdrawn ones too: their tombstones), newest year first. */
  summaries: (db: Executor) =>
    db.selectFrom('annual_summaries').selectAll().orderBy('fiscal_year', 'desc').execute(),
  insertSummary: (tx: Tx, row: SummaryRow) => tx.insertInto('annual_summaries').values(row).execute(),
  /** Withdraws a published summary; false when it was withdrawn already (of two at once, one wins). */
  async withdrawSummary(tx: Tx, id: string, by: string, at: string): Promise<boolean> {
    const r = await tx
      .updateTable('annual_summaries')
      .set({ withdrawn_by: by, withdrawn_at: at })
      .where('id', '=', id)
      .where('withdrawn_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },

  /**
   * Incidents of the period counted by body, month (bounds: the 13 month starts), category and severity, with
   * their quick reports by their target and their final reports: one pass over the year's incidents, which the
   * trends and every section's counts are summed from (each pass over 10⁶ incidents costs seconds).
   */
  async byOrgMonthAndKind(db: Executor, readerOrgId: string, bounds: readonly string[]): Promise<ShapeRow[]> {
    const month = bucketOf('incidents.reported_at', bounds);
    const rows = await ofPeriod(db, readerOrgId, bounds[0] as string, bounds.at(-1) as string)
      .select([
        'incidents.org_id as orgId',
        month.as('month'),
        'incidents.category',
        'incidents.severity',
        sql<string | number>`count(*)`.as('n'),
        sql<
          string | number
        >`sum(case when incidents.reported_at <= incidents.reporting_due_at then 1 else 0 end)`.as('onTime'),
        sql<string | number>`count(incidents.final_at)`.as('final'),
      ])
      .groupBy([sql`incidents.org_id`, sql`2`, sql`incidents.category`, sql`incidents.severity`])
      .execute();
    return rows.map((r) => ({
      orgId: r.orgId,
      month: Number(r.month),
      category: r.category,
      severity: r.severity,
      n: num(r.n),
      onTime: num(r.onTime),
      final: num(r.final),
    }));
  },

  /**
   * SQLite: `byOrgMonthAndKind` and `percentiles` from one pass over the year's incidents. SQLite sorts every
   * GROUP BY and every window partition through its sorter, and each pass over 10⁶ incidents joined to their
   * readers costs seconds: here the pass is read once, in pages along the reader's set (the index order, so no
   * sort), the counts tallied and each span's seconds gathered per ministry as numbers, sorted and read at the
   * nearest rank. The seconds are SQLite's own values (`secondsBetween`), so the ranks are the window's; the
   * counts are the same sums. Pages rather than a stream: the driver's stream hands each row through several
   * async generators, which cost a third of the pass's CPU.
   */
  async yearInOnePass(
    db: Executor,
    args: {
      readerOrgId: string;
      /** The 13 month starts (the last is the next year's start). */
      bounds: readonly string[];
      ministryByOrg: ReadonlyMap<string, string>;
      spans: readonly PercentileSpan[];
      percents: readonly number[];
      /**
       * A number per incident read in the same pass (another feature's figure on the incident, such as its clocks'
       * outcomes), handed to `take` with the incident's body and id.
       */
      perIncident?: {
        column: (incidentId: Expression<string>, orgId: Expression<string>) => Expression<number | null>;
        take: (orgId: string, value: number | null, incidentId: string) => void;
      };
    },
  ): Promise<{ shape: ShapeRow[]; ranked: Map<string, Ranked>[] }> {
    const spanNames = args.spans.map((_, i) => `s${i}`);
    const perIncident = args.perIncident;
    const page = (after: string) =>
      ofPeriod(db, args.readerOrgId, args.bounds[0] as string, args.bounds.at(-1) as string)
        .where('r.incident_id', '>', after)
        .select([
          'r.incident_id as id',
          'incidents.org_id as o',
          bucketOf('incidents.reported_at', args.bounds).as('b'),
          'incidents.category as c',
          'incidents.severity as v',
          sql<number>`case when incidents.reported_at <= incidents.reporting_due_at then 1 else 0 end`.as(
            't',
          ),
          sql<number>`case when incidents.final_at is null then 0 else 1 end`.as('f'),
          ...args.spans.map((span, i) =>
            secondsBetween('sqlite', span.start, span.end).as(spanNames[i] as string),
          ),
          ...(perIncident
            ? [
                sql<
                  number | null
                >`${perIncident.column(sql.ref('r.incident_id'), sql.ref('incidents.org_id'))}`.as('x'),
              ]
            : []),
        ])
        .orderBy('r.incident_id')
        .limit(PASS_PAGE);
    const groups = new Map<string, ShapeRow>();
    const gathered = args.spans.map(() => new Map<string, number[]>());
    // The rows come as arrays (see `rowsAsArrays`): the columns at the positions the select names them in.
    const extra = FIRST_SPAN + spanNames.length;
    let after = '';
    for (;;) {
      const rows = (await rowsAsArrays(db, page(after))) as (string | number | null)[][];
      for (const r of rows) {
        const orgId = r[ORG] as string;
        const key = `${orgId}\u0001${r[MONTH]}\u0001${r[CATEGORY] ?? '\u0000'}\u0001${r[SEVERITY] ?? '\u0000'}`;
        let g = groups.get(key);
        if (!g) {
          g = {
            orgId,
            month: Number(r[MONTH]),
            category: r[CATEGORY] as string | null,
            severity: r[SEVERITY] as string | null,
            n: 0,
            onTime: 0,
            final: 0,
          };
          groups.set(key, g);
        }
        g.n++;
        g.onTime += r[ON_TIME] as number;
        g.final += r[FINAL] as number;
        perIncident?.take(orgId, r[extra] as number | null, r[ID] as string);
        const m = args.ministryByOrg.get(orgId);
        if (m === undefined) continue;
        for (let i = 0; i < spanNames.length; i++) {
          const s = r[FIRST_SPAN + i];
          if (s === null || s === undefined) continue;
          const into = gathered[i] as Map<string, number[]>;
          const list = into.get(m);
          if (list) list.push(Number(s));
          else into.set(m, [Number(s)]);
        }
      }
      if (rows.length < PASS_PAGE) break;
      after = rows.at(-1)?.[ID] as string;
    }
    return { shape: [...groups.values()], ranked: rankGathered(gathered, args.percents) };
  },

  /** Incidents counted by fiscal year over earlier years (bounds: their starts, then the report's year start). */
  async byFiscalYear(db: Executor, readerOrgId: string, bounds: readonly string[], drive: Drive = 'readers') {
    const year = bucketOf('incidents.reported_at', bounds);
    const rows = await ofPeriod(db, readerOrgId, bounds[0] as string, bounds.at(-1) as string, drive)
      .select([year.as('year'), sql<string | number>`count(*)`.as('n')])
      .groupBy(sql`1`)
      .execute();
    return rows.map((r) => ({ year: Number(r.year), n: num(r.n) }));
  },

  /**
   * Per ministry, the nearest-rank percentiles (each in percent) of the seconds between two of an incident's
   * times, over the incidents that have both; with the number measured. Every span is ranked in the same pass
   * over the year's incidents: one map per span, in their order. PostgreSQL ranks them by window functions
   * (SQLite reads them in `yearInOnePass`).
   */
  async percentiles(
    db: Executor,
    dialect: DialectName,
    args: {
      readerOrgId: string;
      from: string;
      to: string;
      ministryByOrg: ReadonlyMap<string, string>;
      spans: readonly PercentileSpan[];
      percents: readonly number[];
    },
  ): Promise<Map<string, Ranked>[]> {
    const ministry = ministryOf(args.ministryByOrg);
    // Each incident once, with its ministry and the seconds of each span (null when an end is missing).
    const measured = ofPeriod(db, args.readerOrgId, args.from, args.to)
      .where(ministry, 'is not', null)
      .select([
        ministry.as('m'),
        ...args.spans.map((span, i) => secondsBetween(dialect, span.start, span.end).as(`s${i}`)),
      ]);
    const col = (name: string) => sql.ref(`y.${name}`);
    const ranked = db.selectFrom(measured.as('y')).select([
      sql<string>`y.m`.as('m'),
      ...args.spans.flatMap((_, i) => [
        sql<number | null>`${col(`s${i}`)}`.as(`s${i}`),
        // The rows without the span rank apart, after the partition of those with it.
        sql<number>`row_number() over (partition by y.m, ${col(`s${i}`)} is null order by ${col(`s${i}`)})`.as(
          `rn${i}`,
        ),
        sql<number>`count(${col(`s${i}`)}) over (partition by y.m)`.as(`n${i}`),
      ]),
    ]);
    // The rank ⌈p·n⌉ of each percent, in integer arithmetic on both dialects.
    const ranks = args.spans.flatMap((_, i) =>
      args.percents.map(
        (p) =>
          sql`(${sql.ref(`x.s${i}`)} is not null and ${sql.ref(`x.rn${i}`)} = (${sql.lit(p)} * ${sql.ref(`x.n${i}`)} + 99) / 100)`,
      ),
    );
    const rows = (await db
      .selectFrom(ranked.as('x'))
      .selectAll()
      .where(sql<boolean>`${sql.join(ranks, sql` or `)}`)
      .execute()) as Record<string, string | number | null>[];
    const out = args.spans.map(() => new Map<string, { n: number; values: Map<number, number> }>());
    for (const r of rows) {
      const m = r.m as string;
      args.spans.forEach((_, i) => {
        if (r[`s${i}`] === null || r[`s${i}`] === undefined) return;
        const n = num(r[`n${i}`]);
        const into = out[i] as Map<string, { n: number; values: Map<number, number> }>;
        const entry = into.get(m) ?? { n, values: new Map<number, number>() };
        for (const p of args.percents)
          if (num(r[`rn${i}`]) === rankOf(p, n)) entry.values.set(p, num(r[`s${i}`]));
        into.set(m, entry);
      });
    }
    return out;
  },

  /**
   * The data version of the numbers' passes: it grows with every commit that wrote incidents, their readers,
   * deadline outcomes or accountability tracks (migration 0051's triggers).
   */
  async dataVersion(db: Executor): Promise<number> {
    const r = await db
      .selectFrom('annual_data_version')
      .select(sql<string | number | null>`sum(n)`.as('v'))
      .executeTakeFirst();
    return num(r?.v);
  },

  /**
   * The ids of the real incidents the reader reads reported outside [from, to), as a subquery: found from the
   * incidents' report times (the other years'), not by walking every incident the reader reads.
   */
  readableIdsOutside(db: Executor, readerOrgId: string, from: string, to: string): Expression<string> {
    // Two ranges of the report-time index (SQLite scans every incident for an OR of them).
    const before = readableIncidents(db, readerOrgId, 'incidents').where('incidents.reported_at', '<', from);
    const after = readableIncidents(db, readerOrgId, 'incidents').where('incidents.reported_at', '>=', to);
    return sql<string>`(${before.select('incidents.id').unionAll(after.select('incidents.id'))})`;
  },

  /** The ids of the real incidents the reader reads, as a subquery (for other features' counts). */
  readableIds: (db: Executor, readerOrgId: string): Expression<string> =>
    sql<string>`(${readableIncidents(db, readerOrgId).select('incidents.id')})`,
};
