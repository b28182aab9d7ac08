import { type CompiledQuery, sql } from 'kysely';
import {
  incidentReadSince,
  incidentTlpOf,
  indicatorsReceivedBy,
  indicatorsReceivedTlp,
} from '../../platform/access/visibility.js';
import { deleteInChunks } from '../../platform/db/chunks.js';
import type { DialectName, Executor, Tx } from '../../platform/db/database.js';
import { insertEachRow, onSqlite } from '../../platform/db/each-row.js';
import { insertQuery, insertRows } from '../../platform/db/insert.js';
import { escapeLike } from '../../platform/db/like.js';
import type { IncidentIndicatorsTable } from './indicators.table.js';

export type IndicatorRow = IncidentIndicatorsTable;

/** Rows per insert statement: 11 columns each, far under SQLite's 32,766 and PostgreSQL's 65,535 parameters. */
const INSERT_CHUNK = 2000;
const COLUMNS = [
  'incident_id',
  'report_seq',
  'position',
  'org_id',
  'type',
  'value',
  'display',
  'note',
  'created_at',
  'received_at',
  'received_id',
] as const satisfies readonly (keyof IndicatorRow)[];
/** SQLite: one row's insert, run once per row (see each-row.ts). */
const INSERT_ONE = `insert into incident_indicators (${COLUMNS.join(', ')}) values (${COLUMNS.map(() => '?').join(', ')})`;

/** Where a page of received indicators resumes: after this one, in (date added, incident, report, place) order. */
export interface ReceivedCursor {
  dateAdded: string;
  incidentId: string;
  reportSeq: number;
  position: number;
}

/**
 * Whether the row of `alias` is the first naming its (incident, type, value): the one a collection serves. Looked
 * up by the (incident, type, value) index (migration 0054), never by the primary key alone: SQLite probed the
 * key's (incident, report) prefix for every row, reading every earlier row of the same report — quadratic in a
 * report's size (a bulk import of 20,000 values spent 1.9 s of CPU per 1,000 there).
 */
const firstNaming = (alias: string) =>
  sql<boolean>`not exists (select 1 from incident_indicators earlier
    where earlier.incident_id = ${sql.ref(`${alias}.incident_id`)} and earlier.type = ${sql.ref(`${alias}.type`)}
      and earlier.value = ${sql.ref(`${alias}.value`)}
      and (earlier.report_seq < ${sql.ref(`${alias}.report_seq`)}
        or (earlier.report_seq = ${sql.ref(`${alias}.report_seq`)} and earlier.position < ${sql.ref(`${alias}.position`)})))`;

/** What a page of an incident's indicators holds: one type, a term (already lower-cased), or everything. */
export interface IncidentIndicatorFilter {
  type?: string | undefined;
  term?: string | undefined;
}

export interface IncidentIndicatorPage extends IncidentIndicatorFilter {
  after?: { reportSeq: number; position: number } | undefined;
  limit: number;
}

/** An incident's indicator rows under a filter: by the (incident, report, place) key. */
function incidentFilter(db: Executor, incidentId: string, f: IncidentIndicatorFilter) {
  const like = f.term === undefined ? undefined : `%${escapeLike(f.term)}%`;
  return db
    .selectFrom('incident_indicators')
    .where('incident_id', '=', incidentId)
    .$if(f.type !== undefined, (q) => q.where('type', '=', f.type as string))
    .$if(like !== undefined, (q) =>
      q.where(
        sql<boolean>`(lower(value) like ${like} escape '\\' or lower(display) like ${like} escape '\\')`,
      ),
    );
}

export const indicatorsRepository = {
  /**
   * A later report's list (a bulk import's 100,000 values): on SQLite one prepared row insert run per row, in one
   * call (see each-row.ts: a quarter less of SQLite's CPU than multi-row statements of 2,000 rows); on
   * PostgreSQL multi-row statements of INSERT_CHUNK rows (under its bound on parameters), a round trip each.
   */
  async insert(tx: Tx, rows: readonly IndicatorRow[]): Promise<void> {
    if (onSqlite(tx)) {
      await insertEachRow(
        tx,
        INSERT_ONE,
        rows.map((r) => COLUMNS.map((c) => r[c])),
      );
      return;
    }
    for (let i = 0; i < rows.length; i += INSERT_CHUNK)
      await insertRows(tx, 'incident_indicators', rows.slice(i, i + INSERT_CHUNK));
  },
  /** `insert`'s statements, to be sent with others (see writeTogether). */
  insertStatements: (tx: Tx, rows: readonly IndicatorRow[]): CompiledQuery[] => {
    const statements: CompiledQuery[] = [];
    for (let i = 0; i < rows.length; i += INSERT_CHUNK)
      statements.push(insertQuery(tx, 'incident_indicators', rows.slice(i, i + INSERT_CHUNK)));
    return statements;
  },
  /** The typed values of these incidents' reports, each with its incident and report (the guard of sharing). */
  valuesOfIncidents: (db: Executor, incidentIds: readonly string[]) =>
    db
      .selectFrom('incident_indicators')
      .select(['incident_id', 'report_seq', 'type', 'value'])
      .where('incident_id', 'in', [...incidentIds])
      // In the order they were filed: the guard's prints of a report's values follow it, as at filing (without
      // an order PostgreSQL gave them in the (incident, type, value) index's order).
      .orderBy('incident_id')
      .orderBy('report_seq')
      .orderBy('position')
      .execute(),
  /** The (type, value) pairs an incident carries already, as `type\u0000value`. */
  async valuesOf(db: Executor, incidentId: string): Promise<Set<string>> {
    const rows = await db
      .selectFrom('incident_indicators')
      .select(['type', 'value'])
      .where('incident_id', '=', incidentId)
      .execute();
    return new Set(rows.map((r) => `${r.type}\u0000${r.value}`));
  },
  /**
   * A page of an incident's indicators in report order, then in each report's order, after `after` (a report and a place in it),
   * of one type and holding a term (in the canonical or the displayed form) when asked; `limit + 1` rows, so
   * that the caller knows whether more follow.
   */
  pageOfIncident: (db: Executor, incidentId: string, page: IncidentIndicatorPage) =>
    incidentFilter(db, incidentId, page)
      .select(['report_seq', 'position', 'type', 'value', 'display', 'note'])
      .$if(page.after !== undefined, (q) =>
        q.where((eb) => {
          const { reportSeq, position } = page.after as { reportSeq: number; position: number };
          return eb.or([
            eb('report_seq', '>', reportSeq),
            eb.and([eb('report_seq', '=', reportSeq), eb('position', '>', position)]),
          ]);
        }),
      )
      .orderBy('report_seq')
      .orderBy('position')
      .limit(page.limit + 1)
      .execute(),
  /** How many of an incident's indicators a page's filter holds (every page of it). */
  countOfIncident: async (db: Executor, incidentId: string, filter: IncidentIndicatorFilter) =>
    Number(
      (
        await incidentFilter(db, incidentId, filter)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirst()
      )?.n ?? 0,
    ),
  /** The indicators of the next `limit` incidents (by id) after `afterId` that carry any, in report order. */
  incidentsAfter: (db: Executor, afterId: string, limit: number) =>
    db
      .selectFrom('incident_indicators')
      .select(['incident_id', 'org_id', 'type', 'value', 'display', 'created_at'])
      .where(
        'incident_id',
        'in',
        db
          .selectFrom('incident_indicators')
          .select('incident_id')
          .distinct()
          .where('incident_id', '>', afterId)
          .orderBy('incident_id')
          .limit(limit),
      )
      .orderBy('incident_id')
      .orderBy('report_seq')
      .orderBy('position')
      .execute(),
  /**
   * Dates the incident's indicators for the center's "indicators received" (each (incident, type, value) once,
   * at its first report): the later of that report and the time the center could first read the incident. Rows
   * already dated and incidents the center does not read yet are left alone; run when indicators are added and
   * when the center starts to read the incident.
   */
  markReceived: (tx: Tx, incidentId: string, centerOrgId: string) => {
    const since = incidentReadSince(centerOrgId, 'incident_indicators');
    return tx
      .updateTable('incident_indicators')
      .set({
        received_at: sql<string>`case when (${since}) > created_at then (${since}) else created_at end`,
      })
      .where('incident_id', '=', incidentId)
      .where('received_at', 'is', null)
      .where(sql<boolean>`(${since}) is not null`)
      .where(firstNaming('incident_indicators'))
      .executeTakeFirst();
  },
  /**
   * A page of what the body receives — the dated rows of the incidents it receives as data (the visibility
   * module) — of these types (and ids), added after a time, after a cursor: a range of the index
   * incident_indicators_received (migration 0046), whatever the collection's size.
   *
   * One lower bound only, and the types on the plain column: PostgreSQL multiplies the selectivities of the
   * conditions it is given, and with a redundant `received_at >=` beside the row-value cursor (estimated by its
   * first column: the same fraction twice) and the types on an expression (a default 0.5 % a type), it expected
   * a few thousand rows past a cursor in the middle of 10⁵ and chose a parallel sequential scan, a hash join and
   * a sort over every later row (~200 ms a page, EXPLAIN ANALYZE) instead of reading 1,001 rows of the index in
   * order (~5 ms). SQLite takes the row value as the index range itself, and since migration 0054 no index of
   * the table starts with the type (EXPLAIN QUERY PLAN, analyzed or not).
   *
   * Who receives what is the visibility module's rule either way: on PostgreSQL as a lateral lookup of the
   * incident, which it caches per incident (Memoize: ~20 lookups a page, not two probes for each of 1,000 rows;
   * the statement 11-12 -> 4-5 ms, pgbench), on SQLite (no LATERAL) as the EXISTS and the TLP's subquery.
   */
  received: (
    db: Executor,
    dialect: DialectName,
    readerOrgId: string,
    page: {
      types: readonly string[];
      ids?: readonly string[];
      addedAfter?: string;
      after?: ReceivedCursor;
      limit: number;
    },
  ) => {
    const rows = db
      .selectFrom('incident_indicators as ii')
      .select(['ii.incident_id', 'ii.report_seq', 'ii.position', 'ii.type', 'ii.value', 'ii.created_at'])
      .select(['ii.received_id'])
      .select(sql<string>`ii.received_at`.as('date_added'));
    let q = (
      dialect === 'postgres'
        ? rows
            .innerJoinLateral(indicatorsReceivedTlp(readerOrgId, 'ii').as('received'), (join) =>
              join.onTrue(),
            )
            .select('received.tlp as tlp')
        : rows.select(incidentTlpOf('ii').as('tlp')).where(indicatorsReceivedBy(readerOrgId, 'ii'))
    )
      .where('ii.received_at', 'is not', null)
      .where('ii.type', 'in', [...page.types]);
    if (page.ids !== undefined) q = q.where('ii.received_id', 'in', [...page.ids]);
    // Whichever bound is the later: rows past a cursor dated after `addedAfter` are all added after it, and a
    // cursor dated at or before `addedAfter` is passed by every row added after it.
    const after = page.after;
    if (after && (page.addedAfter === undefined || after.dateAdded > page.addedAfter))
      q = q.where(
        sql<boolean>`(ii.received_at, ii.incident_id, ii.report_seq, ii.position) > (${after.dateAdded}, ${after.incidentId}, ${after.reportSeq}, ${after.position})`,
      );
    else if (page.addedAfter !== undefined) q = q.where('ii.received_at', '>', page.addedAfter);
    return q
      .orderBy('ii.received_at')
      .orderBy('ii.incident_id')
      .orderBy('ii.report_seq')
      .orderBy('ii.position')
      .limit(page.limit)
      .execute();
  },
  purge: (tx: Tx, incidentIds: readonly string[]) =>
    deleteInChunks(incidentIds, (chunk) =>
      tx.deleteFrom('incident_indicators').where('incident_id', 'in', chunk).executeTakeFirst(),
    ),
};
