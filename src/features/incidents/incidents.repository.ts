import { type CompiledQuery, sql } from 'kysely';
import {
  type Drive,
  incidentReadableBy,
  type Realm,
  readableIncidents,
} from '../../platform/access/visibility.js';
import { compiledOnce } from '../../platform/db/compiled.js';
import type { Executor, Tx } from '../../platform/db/database.js';
import { insertQuery, insertRows } from '../../platform/db/insert.js';
import { escapeLike } from '../../platform/db/like.js';
import type { Unit } from '../../platform/db/transaction.js';
import { orgsDirectory } from '../orgs/orgs.directory.js';
import { usersReads } from '../users/users.reads.js';
import type { IncidentSort, Position } from './incidents.cursor.js';
import { foldForSearch } from './incidents.search.js';
import type { DeliveriesTable, IncidentReportsTable, IncidentsTable } from './incidents.table.js';

export type IncidentRow = IncidentsTable;
export type ReportRow = IncidentReportsTable;
export type DeliveryRow = DeliveriesTable;

const ftsPhrase = (term: string) => `"${term.replace(/"/g, '""')}"`;

export interface IncidentFilter {
  readerOrgId: string;
  status?: string | undefined;
  /** Reporting bodies to keep (a body, or a ministry and its agencies). */
  orgIds?: string[] | undefined;
  severity?: string | undefined;
  category?: string | undefined;
  awaitingReview?: boolean | undefined;
  from?: string | undefined;
  to?: string | undefined;
  terms: string[];
  /** Real incidents unless one exercise's are asked for (`?exercise=`). */
  realm?: Realm | undefined;
}

/** How a page query meets the reader set (see the visibility module). */
export type { Drive };

// Severity as a number (none 0 … critical 4), spelled exactly as the index incidents_severity_rank of
// migration 0002 so that the planner matches it: literals, no parameters.
const SEVERITY_RANK = sql<number>`case incidents.severity when 'critical' then 4 when 'high' then 3 when 'medium' then 2 when 'low' then 1 else 0 end`;

/** Takes the next number of the fiscal year's counter (its row created by the year's first incident). */
const countNumber = compiledOnce((db, fiscalYear: number) =>
  db
    .insertInto('incident_number_counters')
    .values({ fiscal_year: fiscalYear, last_number: 1 })
    .onConflict((oc) =>
      oc
        .column('fiscal_year')
        .doUpdateSet({ last_number: sql<number>`incident_number_counters.last_number + 1` }),
    )
    .returning('last_number'),
);

export const incidentsRepository = {
  /** What a notification about the incident says, or undefined for no such incident. */
  subjectOf: (db: Executor, id: string) =>
    db
      .selectFrom('incidents')
      .select(['id', 'number', 'org_id', 'exercise_id', 'tlp', 'title', 'summary', 'severity'])
      .where('id', '=', id)
      .executeTakeFirst(),
  /** `subjectOf` for several incidents in one read; those that do not exist are missing. */
  subjectsByIds: (db: Executor, ids: readonly string[]) =>
    ids.length === 0
      ? Promise.resolve([])
      : db
          .selectFrom('incidents')
          .select(['id', 'number', 'org_id', 'exercise_id', 'tlp', 'title', 'summary', 'severity'])
          .where('id', 'in', [...new Set(ids)])
          .execute(),
  insert: (tx: Tx, row: IncidentRow) => insertRows(tx, 'incidents', [row]),
  /** The statement that inserts a new incident, to be sent with others (writeTogether). */
  insertStatement: (tx: Tx, row: IncidentRow) => insertQuery(tx, 'incidents', [row]),
  /**
   * The next incident number of the fiscal year, YYYY-NNNNNN, in one statement: the upsert locks the year's row
   * until the transaction ends (PostgreSQL; SQLite has one writer), so numbers are unique and, since a rolled-back
   * report gives its number back, without gaps.
   */
  async nextNumber(tx: Tx, fiscalYear: number): Promise<string> {
    const [row] = await countNumber(tx, fiscalYear);
    if (!row) throw new Error('the incident number counter returned no row');
    return `${fiscalYear}-${String(row.last_number).padStart(6, '0')}`;
  },
  update: (tx: Tx, id: string, changes: Partial<IncidentRow>) =>
    tx.updateTable('incidents').set(changes).where('id', '=', id).execute(),
  insertReport: (tx: Tx, row: ReportRow) => insertRows(tx, 'incident_reports', [row]),
  /** The statement that inserts a report, to be sent with others (writeTogether). */
  insertReportStatement: (tx: Tx, row: ReportRow) => insertQuery(tx, 'incident_reports', [row]),
  /** The incident's reports in order, each with its author's e-mail and body as they are now. */
  async reports(db: Executor, incidentId: string) {
    const rows = await db
      .selectFrom('incident_reports')
      .select(['id', 'seq', 'kind', 'created_at', 'body', 'author_id'])
      .where('incident_id', '=', incidentId)
      .orderBy('seq')
      .execute();
    const authors = await usersReads.byIds(
      db,
      rows.map((r) => r.author_id),
    );
    const orgs = await orgsDirectory.byIds(
      db,
      [...authors.values()].map((a) => a.orgId),
    );
    return rows.flatMap(({ author_id, ...r }) => {
      const author = authors.get(author_id);
      const org = author && orgs.get(author.orgId);
      return author && org ? [{ ...r, author_email: author.email, author_org_slug: org.slug }] : [];
    });
  },
  readerOrgIds: async (db: Executor, incidentId: string) =>
    (
      await db.selectFrom('incident_readers').select('org_id').where('incident_id', '=', incidentId).execute()
    ).map((r) => r.org_id),

  /**
   * Sets the searchable text of an incident: `body` as written (the guard of sharing reads it) and `folded`,
   * what search matches (see incidents.search). On SQLite the FTS5 row shares the incident's rowid, so that it
   * is found by key (FTS5 indexes no other column); `isNew` skips the delete for an incident created in this unit.
   */
  async writeSearchText(unit: Unit, incidentId: string, body: string, isNew = false) {
    for (const statement of incidentsRepository.searchTextStatements(unit, incidentId, body, isNew))
      await unit.tx.executeQuery(statement);
  },
  /**
   * The statements that write an incident's search text (see writeSearchText), to be sent with others
   * (writeTogether). On SQLite the incident's row must be written before them: the text shares its rowid.
   */
  searchTextStatements(unit: Unit, incidentId: string, body: string, isNew = false): CompiledQuery[] {
    const folded = foldForSearch(body);
    if (unit.dialect === 'sqlite') {
      const rowid = sql`(select rowid from incidents where id = ${incidentId})`;
      return [
        ...(isNew ? [] : [sql`delete from incident_search where rowid = ${rowid}`.compile(unit.tx)]),
        sql`insert into incident_search (rowid, incident_id, body, folded)
        values (${rowid}, ${incidentId}, ${body}, ${folded})`.compile(unit.tx),
      ];
    }
    return [
      unit.tx
        .insertInto('incident_search')
        .values({ incident_id: incidentId, body, folded })
        .onConflict((oc) => oc.column('incident_id').doUpdateSet({ body, folded }))
        .compile(),
    ];
  },

  /**
   * The free text of every report of these incidents (the search text: titles, summaries, updates, affected
   * systems of every version), by incident. On SQLite looked up by the shared rowid: FTS5 indexes no other key.
   */
  /**
   * Of these incidents, those the body reads, with what a share of them shows: real ones unless the realm says
   * otherwise (an exercise's incident is read by id where one incident is asked for, never as a share's source).
   */
  readableByIds: (db: Executor, readerOrgId: string, ids: string[], realm: Realm = 'real') =>
    ids.length === 0
      ? Promise.resolve([])
      : db
          .selectFrom('incidents as i')
          .select([
            'i.id',
            'i.number',
            'i.title',
            'i.summary',
            'i.tlp',
            'i.org_id',
            'i.reported_at',
            'i.exercise_id',
          ])
          .where('i.id', 'in', ids)
          .where(incidentReadableBy(readerOrgId, 'i', realm))
          .execute(),
  /** These incidents (whoever reads them), with what a share of them shows. */
  summariesByIds: (db: Executor, ids: string[]) =>
    ids.length === 0
      ? Promise.resolve([])
      : db
          .selectFrom('incidents')
          .select(['id', 'number', 'title', 'summary', 'tlp', 'org_id', 'reported_at'])
          .where('id', 'in', [...new Set(ids)])
          .execute(),
  /** The stored bodies of these incidents' reports, by incident and in order. */
  reportBodies: (db: Executor, incidentIds: string[]) =>
    incidentIds.length === 0
      ? Promise.resolve([])
      : db
          .selectFrom('incident_reports')
          .select(['incident_id', 'seq', 'body'])
          .where('incident_id', 'in', incidentIds)
          .orderBy('incident_id')
          .orderBy('seq')
          .execute(),
  async reportTexts(
    db: Executor,
    dialect: 'sqlite' | 'postgres',
    ids: string[],
  ): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows =
      dialect === 'sqlite'
        ? (
            await sql<{ incident_id: string; body: string }>`select i.id as incident_id, s.body
              from incidents i join incident_search s on s.rowid = i.rowid where i.id in (${sql.join(ids)})`.execute(
              db,
            )
          ).rows
        : await db
            .selectFrom('incident_search')
            .select(['incident_id', 'body'])
            .where('incident_id', 'in', ids)
            .execute();
    return new Map(rows.map((r) => [r.incident_id, r.body]));
  },

  /** When the incident was detected, and its reports' kinds and times in order (deadline clocks). */
  async timeline(db: Executor, id: string) {
    const incident = await db
      .selectFrom('incidents')
      .select('detected_at')
      .where('id', '=', id)
      .executeTakeFirst();
    if (!incident) return undefined;
    const reports = await db
      .selectFrom('incident_reports')
      .select(['seq', 'kind', 'created_at'])
      .where('incident_id', '=', id)
      .orderBy('seq')
      .execute();
    return { detectedAt: incident.detected_at, reports };
  },

  /** The id of a body's own real (not exercise) incident by its number (without prefix), or undefined. */
  ownIdByNumber: (db: Executor, orgId: string, number: string) =>
    db
      .selectFrom('incidents')
      .select('id')
      .where('org_id', '=', orgId)
      .where('number', '=', number)
      .where('exercise_id', 'is', null)
      .executeTakeFirst()
      .then((r) => r?.id),

  /** Holds the incident's row until the end of the transaction (PostgreSQL; SQLite writers take turns anyway). */
  async lockForUpdate(unit: Unit, id: string) {
    if (unit.dialect === 'postgres')
      await unit.tx.selectFrom('incidents').select('id').where('id', '=', id).forUpdate().execute();
  },

  /** An incident, only if the given body reads it (see the visibility module); an exercise's too, flagged. */
  visibleById: (db: Executor, readerOrgId: string, id: string) =>
    readableIncidents(db, readerOrgId, 'readers', 'any')
      .selectAll('incidents')
      .where('incidents.id', '=', id)
      .executeTakeFirst(),

  /** Incidents in the reader set of the given body, filtered (see Drive for `drive`). */
  visibleQuery(db: Executor, dialect: 'sqlite' | 'postgres', f: IncidentFilter, drive: Drive = 'readers') {
    let q = readableIncidents(db, f.readerOrgId, drive, f.realm ?? 'real');
    if (f.status) q = q.where('incidents.status', '=', f.status);
    if (f.orgIds) q = q.where('incidents.org_id', 'in', f.orgIds);
    if (f.severity) q = q.where('incidents.severity', '=', f.severity);
    if (f.category) q = q.where('incidents.category', '=', f.category);
    if (f.from) q = q.where('incidents.reported_at', '>=', f.from);
    if (f.to) q = q.where('incidents.reported_at', '<', f.to);
    if (f.awaitingReview !== undefined) {
      const waiting = sql<boolean>`exists (select 1 from deliveries d where d.incident_id = incidents.id and d.state = 'awaiting-review')`;
      q = q.where(f.awaitingReview ? waiting : sql<boolean>`not ${waiting}`);
    }
    // Terms come folded (searchTerms), and are matched against the folded text: both sides are already in one
    // case, so `like` suffices on both dialects.
    for (const term of f.terms) {
      // Terms shorter than a trigram (攻撃) cannot use the index; a substring scan is still exact.
      const like = sql`folded like ${`%${escapeLike(term)}%`} escape '\\'`;
      if (dialect === 'postgres') {
        q = q.where(
          'incidents.id',
          'in',
          sql<string>`(select incident_id from incident_search where ${like})`,
        );
        continue;
      }
      // On SQLite the search row shares the incident's rowid: matches are known by rowid without reading them.
      // Walking along the incidents, `+` keeps the planner from fetching every match by rowid and sorting
      // them all: each incident on the way is only checked against the matches.
      const matches =
        [...term].length >= 3
          ? sql<number>`(select rowid from incident_search where incident_search match ${ftsPhrase(term)})`
          : sql<number>`(select rowid from incident_search where ${like})`;
      q = q.where(drive === 'incidents' ? sql`+incidents.rowid` : sql`incidents.rowid`, 'in', matches);
    }
    return q;
  },

  /** How many incidents the filter matches in the reader set. */
  async count(db: Executor, dialect: 'sqlite' | 'postgres', f: IncidentFilter): Promise<number> {
    const row = await this.visibleQuery(db, dialect, f)
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  },

  /** One page in the order of `sort`, after the position of the previous page's last incident. */
  page(
    db: Executor,
    dialect: 'sqlite' | 'postgres',
    f: IncidentFilter,
    o: { sort: IncidentSort; after?: Position | undefined; limit: number; drive: Drive },
  ) {
    return this.pageQuery(db, dialect, f, o).execute();
  },

  /** The query of `page`, unexecuted (tests read its plan). */
  pageQuery(
    db: Executor,
    dialect: 'sqlite' | 'postgres',
    f: IncidentFilter,
    o: { sort: IncidentSort; after?: Position | undefined; limit: number; drive: Drive },
  ) {
    const { sort, after } = o;
    let q = this.visibleQuery(db, dialect, f, o.drive).selectAll('incidents');
    if (sort === 'severity-desc') {
      // Not one row-value comparison: SQLite would not use the expression index for it.
      if (after)
        q = q.where((eb) =>
          eb.and([
            eb(SEVERITY_RANK, '<=', after.rank),
            eb.or([
              eb(SEVERITY_RANK, '<', after.rank),
              eb(eb.refTuple('incidents.reported_at', 'incidents.id'), '<', eb.tuple(after.at, after.id)),
            ]),
          ]),
        );
      q = q
        .orderBy(SEVERITY_RANK, 'desc')
        .orderBy('incidents.reported_at', 'desc')
        .orderBy('incidents.id', 'desc');
    } else {
      const key = sort === 'last-report-desc' ? 'incidents.last_report_at' : 'incidents.reported_at';
      const direction = sort === 'reported-asc' ? 'asc' : 'desc';
      if (after)
        q = q.where((eb) =>
          eb(eb.refTuple(key, 'incidents.id'), direction === 'asc' ? '>' : '<', eb.tuple(after.at, after.id)),
        );
      q = q.orderBy(key, direction).orderBy('incidents.id', direction);
    }
    return q.limit(o.limit);
  },

  /** Review deadlines of those of the incidents that wait for their ministry. */
  async reviewDue(db: Executor, incidentIds: string[]): Promise<Map<string, string | null>> {
    if (incidentIds.length === 0) return new Map();
    const rows = await db
      .selectFrom('deliveries')
      .select(['incident_id', 'review_due_at'])
      .where('incident_id', 'in', incidentIds)
      .where('state', '=', 'awaiting-review')
      .execute();
    return new Map(rows.map((w) => [w.incident_id, w.review_due_at]));
  },

  /** The incident's deliveries in chain order, each with its body's slug, kind and names. */
  async deliveries(db: Executor, incidentId: string) {
    const rows = await db
      .selectFrom('deliveries')
      .selectAll()
      .where('incident_id', '=', incidentId)
      .orderBy('created_at')
      // An agency report reaches its ministry and the center in the same instant: list them in chain order.
      .orderBy(sql`case when level = 'ministry' then 0 else 1 end`)
      .execute();
    const orgs = await orgsDirectory.byIds(
      db,
      rows.map((d) => d.org_id),
    );
    return rows.flatMap((d) => {
      const o = orgs.get(d.org_id);
      return o ? [{ ...d, slug: o.slug, kind: o.kind, name_ja: o.name_ja, name_en: o.name_en }] : [];
    });
  },
};
