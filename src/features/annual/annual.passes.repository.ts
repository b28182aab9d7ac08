import { type Compilable, type Expression, type RawBuilder, sql } from 'kysely';
import { type Drive, readableIncidents } from '../../platform/access/visibility.js';
import { rowsAsArrays } from '../../platform/db/arrays.js';
import type { DialectName, Executor } from '../../platform/db/database.js';

// The annual report's reads of the incidents the center reads (through the visibility module's rule), apart from
// the report's own tables (annual.repository.ts): the one pass over the year, the earlier years' counts, the
// readable incidents as subqueries for other features' counts. Each pass over 10⁶ incidents costs seconds.

/** Two of an incident's times whose distance the report ranks. */
export interface PercentileSpan {
  start: 'incidents.detected_at' | 'incidents.reported_at';
  end: 'incidents.reported_at' | 'incidents.center_received_at';
}

/** A ministry's measured values of one span: how many, and the value at each percent asked. */
export interface Ranked {
  n: number;
  values: Map<number, number>;
}

/** Incidents of the period counted by body, month, category and severity. */
export interface ShapeRow {
  orgId: string;
  month: number;
  category: string | null;
  severity: string | null;
  n: number;
  onTime: number;
  final: number;
}

/**
 * A number per incident read in the same pass (another feature's figure on the incident, such as its clocks'
 * outcomes), handed to `take` with the incident's body and id.
 */
export interface PerIncident {
  /** SQLite: the number as a column of the incident's row (a lookup per incident, along the pass). */
  column: (incidentId: Expression<string>, orgId: Expression<string>) => Expression<number | null>;
  /**
   * PostgreSQL: the numbers of every incident as a subquery grouped by `incident_id` (joined in incident order as
   * `alias`), and the number read from its row.
   */
  joined: {
    rows: Expression<unknown>;
    value: (alias: string, orgId: Expression<string>) => Expression<number | null>;
  };
  /** One incident's number; on PostgreSQL, `times` incidents' of the body with the same number (ids not said). */
  take: (orgId: string, value: number | null, incidentId: string, times?: number) => void;
  /** The number whose incidents PostgreSQL too hands one by one with their ids. */
  apart: number;
}

const num = (v: string | number | null | undefined) => (v === null || v === undefined ? 0 : Number(v));

/** Seconds from one stored instant (ISO text) to another. */
function secondsBetween(dialect: DialectName, from: string, to: string): RawBuilder<number> {
  return dialect === 'sqlite'
    ? // julianday is a day fraction: rounded to the millisecond, as stored, so that no float error changes a rank.
      sql<number>`(round((julianday(${sql.ref(to)}) - julianday(${sql.ref(from)})) * 86400000.0) / 1000.0)`
    : // float8 (the nearest double to PostgreSQL's exact numeric, as the process reads it): sorted faster than numeric.
      sql<number>`extract(epoch from (${sql.ref(to)}::timestamptz - ${sql.ref(from)}::timestamptz))::float8`;
}

/** Which of `bounds` (ascending ISO instants) the instant falls after: 0 before bounds[1], and so on. */
function bucketOf(column: string, bounds: readonly string[]): RawBuilder<number> {
  const whens = bounds.slice(1).map((b, i) => sql`when ${sql.ref(column)} < ${b} then ${sql.lit(i)}`);
  return sql<number>`case ${sql.join(whens, sql` `)} else ${sql.lit(bounds.length - 1)} end`;
}

// The pass's columns, in the order its select names them (id, o, b, c, v, t, f, then the spans, then the extra).
const [ID, ORG, MONTH, CATEGORY, SEVERITY, ON_TIME, FINAL, FIRST_SPAN] = [0, 1, 2, 3, 4, 5, 6, 7] as const;

/** The period's incidents the reader (the center) reads: real ones only (the visibility module's rule). */
const ofPeriod = (db: Executor, readerOrgId: string, from: string, to: string, drive: Drive = 'readers') =>
  readableIncidents(db, readerOrgId, drive)
    .where('incidents.reported_at', '>=', from)
    .where('incidents.reported_at', '<', to);

/** The nearest rank ⌈p·n/100⌉ of a percent p among n values, in integer arithmetic. */
const rankOf = (p: number, n: number) => Math.floor((p * n + 99) / 100);

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
// PostgreSQL, for the pass's transactions: memory to keep the year's rows and hash their groups without spilling
// to disk (at 10⁶ incidents); the joins merged along the indexes, in incident order (hashing 10⁶ incidents' rows
// and the clocks' groups cost more than half the time: 10 of 24 s at 10⁶, loaded), no sort of what the indexes
// give in order, no parallel workers (each walked the clocks again); no JIT compilation (half a second of compiling,
// for a plan that walks the tables once).
const PASS_SETTINGS = sql`select set_config('work_mem', '256MB', true), set_config('enable_hashjoin', 'off', true),
  set_config('enable_nestloop', 'off', true), set_config('enable_sort', 'off', true),
  set_config('max_parallel_workers_per_gather', '0', true), set_config('jit', 'off', true)`;

/** The ministry an incident's body counts under (itself, or its supervising ministry); null for the center. */
function ministryOf(column: string, ministryByOrg: ReadonlyMap<string, string>): RawBuilder<string | null> {
  const whens = [...ministryByOrg].map(([org, m]) => sql`when ${org} then ${m}`);
  if (whens.length === 0) return sql<null>`null::text`;
  return sql<string | null>`case ${sql.ref(column)} ${sql.join(whens, sql` `)} else null end`;
}

/**
 * PostgreSQL: the pass summed where it is read, in two statements run at once (two cores), each a walk of the
 * incidents merged with the center's readers along the indexes. One counts by body, month, category and severity
 * and, in the same grouping (grouping sets), the per-incident numbers by body and value (merged in incident order
 * with the other feature's groups; ids only for `apart`). The other ranks each span's values per ministry from one
 * sorted array (`array_agg … order by`, read at the nearest rank: a sort in memory per ministry, where the window
 * functions sorted every incident on disk, twice). A few thousand rows come back, not one per incident.
 */
async function aggregatedInPostgres(
  db: Executor,
  rows: (columns: 'counts' | 'spans') => Compilable<unknown>,
  spanNames: readonly string[],
  args: {
    ministryByOrg: ReadonlyMap<string, string>;
    percents: readonly number[];
    perIncident?: PerIncident | undefined;
  },
): Promise<{ shape: ShapeRow[]; ranked: Map<string, Ranked>[] }> {
  const per = args.perIncident;
  const apart = per ? sql.lit(per.apart) : sql`null`;
  const counts = sql<
    Record<string, string | number | null>
  >`select grouping(p.b) as g, p.o, p.b, p.c, p.v, p.x,
      case when p.x = ${apart} then p.id end as id, count(*) as n, sum(p.t) as t, sum(p.f) as f
    from (${rows('counts')}) as p
    group by grouping sets ((p.o, p.b, p.c, p.v), (p.o, p.x, case when p.x = ${apart} then p.id end))`;
  const ranks = spanNames.flatMap((_name, i) => [
    sql`${sql.ref(`y.n${i}`)} as ${sql.ref(`n${i}`)}`,
    ...args.percents.map(
      (p, k) =>
        sql`${sql.ref(`y.sorted${i}`)}[(${sql.lit(p)} * ${sql.ref(`y.n${i}`)} + 99) / 100] as ${sql.ref(`v${i}_${k}`)}`,
    ),
  ]);
  const sorted = spanNames.flatMap((name, i) => [
    sql`count(${sql.ref(name)}) as ${sql.ref(`n${i}`)}`,
    sql`array_agg(${sql.ref(name)} order by ${sql.ref(name)}) filter (where ${sql.ref(name)} is not null)
      as ${sql.ref(`sorted${i}`)}`,
  ]);
  const spans = sql<Record<string, string | number | null>>`select y.m, ${sql.join(ranks)}
    from (select ${ministryOf('p.o', args.ministryByOrg)} as m, ${sql.join(sorted)}
      from (${rows('spans')}) as p group by 1) as y
    where y.m is not null`;
  const read = async <R>(tx: Executor, query: RawBuilder<R>) => {
    // Only in a transaction of its own: the settings would last to the end of a caller's.
    if (!db.isTransaction) await PASS_SETTINGS.execute(tx);
    return (await query.execute(tx)).rows;
  };
  const [counted, ranked] = db.isTransaction
    ? [await read(db, counts), await read(db, spans)]
    : await Promise.all([
        db.transaction().execute((tx) => read(tx, counts)),
        db.transaction().execute((tx) => read(tx, spans)),
      ]);
  const shape: ShapeRow[] = [];
  for (const r of counted) {
    if (num(r.g) === 0)
      shape.push({
        orgId: r.o as string,
        month: Number(r.b),
        category: r.c as string | null,
        severity: r.v as string | null,
        n: num(r.n),
        onTime: num(r.t),
        final: num(r.f),
      });
    else if (r.x !== null) per?.take(r.o as string, num(r.x), r.id as string, num(r.n));
  }
  return {
    shape,
    ranked: spanNames.map((_, i) => {
      const out = new Map<string, Ranked>();
      for (const r of ranked) {
        const n = num(r[`n${i}`]);
        if (n > 0)
          out.set(r.m as string, {
            n,
            values: new Map(args.percents.map((p, k) => [p, num(r[`v${i}_${k}`])])),
          });
      }
      return out;
    }),
  };
}

/** The annual report's reads over the incidents the center reads. */
export const annualPasses = {
  /**
   * The year's incidents in one pass: counted by body, month (bounds: the 13 month starts), category and
   * severity, with their quick reports by their target and their final reports; each span's seconds gathered
   * per ministry as numbers, sorted and read at the nearest rank of each percent; a number per incident handed
   * on (`perIncident`). Tallied here rather than by GROUP BY and window functions: both dialects sorted every
   * incident for those (PostgreSQL on disk, twice), and walked the incidents once per query. SQLite reads the
   * pass in pages along the reader's set (the index order, so no sort; pages rather than a stream: the driver's
   * stream hands each row through several async generators); PostgreSQL through one cursor. The seconds are each
   * database's own values (`secondsBetween`), so the ranks are what its window functions gave.
   */
  async yearInOnePass(
    db: Executor,
    dialect: DialectName,
    args: {
      readerOrgId: string;
      /** The 13 month starts (the last is the next year's start). */
      bounds: readonly string[];
      ministryByOrg: ReadonlyMap<string, string>;
      spans: readonly PercentileSpan[];
      percents: readonly number[];
      perIncident?: PerIncident;
    },
  ): Promise<{ shape: ShapeRow[]; ranked: Map<string, Ranked>[] }> {
    const spanNames = args.spans.map((_, i) => `s${i}`);
    const perIncident = args.perIncident;
    const base = ofPeriod(db, args.readerOrgId, args.bounds[0] as string, args.bounds.at(-1) as string);
    const counted = [
      'r.incident_id as id',
      'incidents.org_id as o',
      bucketOf('incidents.reported_at', args.bounds).as('b'),
      'incidents.category as c',
      'incidents.severity as v',
      sql<number>`case when incidents.reported_at <= incidents.reporting_due_at then 1 else 0 end`.as('t'),
      sql<number>`case when incidents.final_at is null then 0 else 1 end`.as('f'),
    ] as const;
    const spans = args.spans.map((span, i) =>
      secondsBetween(dialect, span.start, span.end).as(spanNames[i] as string),
    );
    if (dialect === 'postgres') {
      const joined = perIncident?.joined;
      const rows = (columns: 'counts' | 'spans') =>
        columns === 'spans'
          ? base.select(['incidents.org_id as o', ...spans])
          : joined
            ? base
                .leftJoin(sql<{ incident_id: string }>`${joined.rows}`.as('per_incident'), (j) =>
                  j.onRef('per_incident.incident_id', '=', 'r.incident_id'),
                )
                .select([
                  ...counted,
                  sql<number | null>`${joined.value('per_incident', sql.ref('incidents.org_id'))}`.as('x'),
                ])
            : base.select([...counted, sql<null>`null::bigint`.as('x')]);
      return aggregatedInPostgres(db, rows, spanNames, args);
    }
    const extraColumn = perIncident?.column(sql.ref('r.incident_id'), sql.ref('incidents.org_id'));
    const pass = base.select([
      ...counted,
      ...spans,
      ...(extraColumn ? [sql<number | null>`${extraColumn}`.as('x')] : []),
    ]);
    const groups = new Map<string, ShapeRow>();
    const gathered = args.spans.map(() => new Map<string, number[]>());
    // The rows come as arrays (see `rowsAsArrays`): the columns at the positions the select names them in.
    const extra = FIRST_SPAN + spanNames.length;
    const tally = (rows: readonly unknown[][]) => {
      for (const r of rows as (string | number | null)[][]) {
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
        g.onTime += Number(r[ON_TIME]);
        g.final += Number(r[FINAL]);
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
    };
    let after = '';
    for (;;) {
      const page = pass.where('r.incident_id', '>', after).orderBy('r.incident_id').limit(PASS_PAGE);
      const rows = await rowsAsArrays(db, page);
      tally(rows);
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
