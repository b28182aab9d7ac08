import { CompiledQuery, sql } from 'kysely';
import { correlationReadableBy, type Realm } from '../../platform/access/visibility.js';
import { deleteInChunks } from '../../platform/db/chunks.js';
import type { DialectName, Executor, Tx } from '../../platform/db/database.js';
import { insertEachRow } from '../../platform/db/each-row.js';
import { prefixOf, type StoredPrefixes } from './correlation.keys.js';
import type { CorrelationKeysTable, CorrelationLinksTable } from './correlation.table.js';

export type KeyRow = CorrelationKeysTable;
export type LinkRow = CorrelationLinksTable;
/** A match's place among those of its pair of incidents (their key order). */
export interface SharedPlace {
  type: string;
  value: string;
  otherType: string;
  otherValue: string;
}
/** A stored value found by a lookup. */
export type FoundRow = Pick<KeyRow, 'incident_id' | 'org_id' | 'type' | 'value' | 'display'>;

// The statements of the report path are written once per dialect (the caller's unit names it), whatever the report's size: the lists travel
// as one JSON (SQLite) or array (PostgreSQL) parameter, so that each statement is prepared once and reused —
// building and preparing a statement of a thousand parameters afresh cost more than running it.
const run = async <R>(db: Executor, text: string, parameters: unknown[]): Promise<R[]> =>
  (await db.executeQuery<R>(CompiledQuery.raw(text, parameters))).rows;

const FOUND_COLUMNS = 'incident_id, org_id, type, value, display';
const KEY_COLUMNS = [
  'incident_id',
  'type',
  'value',
  'realm',
  'org_id',
  'display',
  'match_key',
  'created_at',
] as const;
const LINK_COLUMNS = [
  'incident_id',
  'other_incident_id',
  'type',
  'value',
  'other_type',
  'other_value',
  'display',
  'other_display',
  'kind',
  'realm',
  'found_at',
] as const;

/** Inserts rows of these columns in one statement of constant text, keeping a row already there. */
function insertAll<T extends object>(
  db: Executor,
  dialect: DialectName,
  table: string,
  columns: readonly (keyof T & string)[],
  conflict: string,
  rows: readonly T[],
) {
  if (rows.length === 0) return Promise.resolve([]);
  const list = columns.join(', ');
  if (dialect === 'postgres') {
    const arrays = columns.map((_, i) => `$${i + 1}::text[]`).join(', ');
    return run(
      db,
      `insert into ${table} (${list}) select * from unnest(${arrays}) on conflict (${conflict}) do nothing`,
      [...columns.map((c) => rows.map((r) => r[c] as unknown))],
    );
  }
  // One prepared row insert run per row (see each-row.ts): less than SQLite parsing a JSON text of every row back
  // out with a json_extract per column: 30 % less of SQLite's CPU for a bulk import's keys.
  return insertEachRow(
    db,
    `insert into ${table} (${list}) values (${columns.map(() => '?').join(', ')}) on conflict (${conflict}) do nothing`,
    rows.map((r) => columns.map((c) => r[c] as unknown)),
  );
}

// SQLite has no LATERAL join. A bounded range scan per range was one branch of a UNION ALL each (in a few padded
// shapes, so that few texts were prepared): each branch, even a padded one, cost SQLite some 25 µs to run, 7 ms for
// a commit group's 150 ranges in the 400-branch shape. The ranges now travel as one JSON parameter, and each is
// scanned by a subquery correlated with it (`rowid in (… order by match_key limit ?)`): SQLite runs it once per
// range, through the index (realm, match_key), and fetches the rows it names by rowid — what LATERAL does, in
// one statement of constant text whatever the number of ranges (0.24 ms for 150 in a micro-benchmark).
/** Ranges per SQLite statement: bounds what one statement holds in memory (a bulk import has tens of thousands). */
export const RANGES_PER_STATEMENT = 1000;
const SQLITE_RANGES = `select r.key as range, ${FOUND_COLUMNS.split(', ')
  .map((c) => `k.${c}`)
  .join(', ')} from json_each(?) r cross join correlation_keys k
  where k.rowid in (select rowid from correlation_keys where realm = ? and match_key >= json_extract(r.value, '$[0]')
    and match_key <= json_extract(r.value, '$[1]') order by match_key limit ?)`;

/** The realm as stored: '' for real data, else the exercise's id. */
export const realmKey = (exerciseId: string | null): string => exerciseId ?? '';

/** The links of the realm a read covers (see Realm in visibility.ts), over the alias `l`. */
const realmFilter = (realm: Realm) =>
  realm === 'any'
    ? sql<boolean>`1 = 1`
    : realm === 'real'
      ? sql<boolean>`l.realm = ''`
      : realm === 'exercises'
        ? sql<boolean>`l.realm <> ''`
        : sql<boolean>`l.realm = ${realm.exerciseId}`;

export const correlationRepository = {
  /** The stored values of the realm equal to any of these (one index lookup each, in one statement). */
  async byValues(
    db: Executor,
    dialect: DialectName,
    realm: string,
    values: readonly string[],
  ): Promise<FoundRow[]> {
    if (values.length === 0) return [];
    const unique = [...new Set(values)];
    return dialect === 'postgres'
      ? run(
          db,
          `select ${FOUND_COLUMNS} from correlation_keys where realm = $1 and value = any($2::text[])`,
          [realm, unique],
        )
      : run(
          db,
          `select ${FOUND_COLUMNS} from correlation_keys where realm = ? and value in (select value from json_each(?))`,
          [realm, JSON.stringify(unique)],
        );
  },

  /**
   * The stored values of the realm whose key lies in each range, at most `bound` per range (a container that
   * holds more is cut there): one statement of index range scans. Each row names the range it was found by.
   */
  async inRanges(
    db: Executor,
    dialect: DialectName,
    realm: string,
    ranges: readonly { from: string; to: string }[],
    bound: number,
  ): Promise<(FoundRow & { range: number })[]> {
    if (ranges.length === 0) return [];
    const out: (FoundRow & { range: number })[] = [];
    if (dialect === 'postgres') {
      const rows = await run<FoundRow & { range: number | string }>(
        db,
        `select (r.ord - 1)::int as range, k.* from unnest($1::text[], $2::text[]) with ordinality as r(lo, hi, ord)
         cross join lateral (select ${FOUND_COLUMNS} from correlation_keys
           where realm = $3 and match_key >= r.lo and match_key <= r.hi order by match_key limit $4) k`,
        [ranges.map((r) => r.from), ranges.map((r) => r.to), realm, bound],
      );
      for (const r of rows) out.push({ ...r, range: Number(r.range) });
      return out;
    }
    for (let start = 0; start < ranges.length; start += RANGES_PER_STATEMENT) {
      const chunk = ranges.slice(start, start + RANGES_PER_STATEMENT);
      const rows = await run<FoundRow & { range: number }>(db, SQLITE_RANGES, [
        JSON.stringify(chunk.map((r) => [r.from, r.to])),
        realm,
        bound,
      ]);
      for (const r of rows) out.push({ ...r, range: start + Number(r.range) });
    }
    return out;
  },

  /** Which of these incidents have values in the index. */
  async indexed(db: Executor, incidentIds: readonly string[]): Promise<Set<string>> {
    if (incidentIds.length === 0) return new Set();
    const rows = await db
      .selectFrom('correlation_keys')
      .select('incident_id')
      .distinct()
      .where('incident_id', 'in', [...incidentIds])
      .execute();
    return new Set(rows.map((r) => r.incident_id));
  },
  /**
   * Adds values to the index (a value an incident already had is kept once), and the prefix lengths of the
   * networks among them to those stored.
   */
  async insertKeys(tx: Tx, dialect: DialectName, rows: readonly KeyRow[]): Promise<void> {
    await insertAll(tx, dialect, 'correlation_keys', KEY_COLUMNS, 'incident_id, type, value', rows);
    const lengths = new Map<string, { family: number; prefix: number }>();
    for (const r of rows) {
      const p = prefixOf(r.type, r.value);
      if (p) lengths.set(`${p.family}/${p.prefix}`, p);
    }
    if (lengths.size === 0) return;
    const list = [...lengths.values()];
    await (dialect === 'postgres'
      ? run(
          tx,
          'insert into correlation_prefixes (family, prefix) select * from unnest($1::int[], $2::int[]) on conflict do nothing',
          [list.map((p) => p.family), list.map((p) => p.prefix)],
        )
      : run(
          tx,
          `insert into correlation_prefixes (family, prefix) select json_extract(j.value, '$[0]'), json_extract(j.value, '$[1]') from json_each(?) j where true on conflict do nothing`,
          [JSON.stringify(list.map((p) => [p.family, p.prefix]))],
        ));
  },

  /** The prefix lengths of the networks stored, per family (a length once stored stays). */
  async storedPrefixes(db: Executor): Promise<{ 4: Set<number>; 6: Set<number> }> {
    const out = { 4: new Set<number>(), 6: new Set<number>() };
    for (const r of await run<{ family: number; prefix: number }>(
      db,
      'select family, prefix from correlation_prefixes',
      [],
    ))
      (Number(r.family) === 6 ? out[6] : out[4]).add(Number(r.prefix));
    return out satisfies StoredPrefixes;
  },

  /** Adds matches (a pair of values already matched is kept once). */
  insertLinks: (tx: Tx, dialect: DialectName, rows: readonly LinkRow[]) =>
    insertAll(
      tx,
      dialect,
      'correlation_links',
      LINK_COLUMNS,
      'incident_id, other_incident_id, type, value, other_type, other_value',
      rows,
    ),

  /** Of these pairs of incidents (one of `incidentIds`, one of `others`), those already correlated, as `a\u0000b`. */
  async linkedPairs(
    db: Executor,
    incidentIds: readonly string[],
    others: readonly string[],
  ): Promise<Set<string>> {
    if (incidentIds.length === 0 || others.length === 0) return new Set();
    const rows = await db
      .selectFrom('correlation_links')
      .select(['incident_id', 'other_incident_id'])
      .distinct()
      .where('incident_id', 'in', [...new Set(incidentIds)])
      .where('other_incident_id', 'in', others)
      .execute();
    return new Set(rows.map((r) => `${r.incident_id}\u0000${r.other_incident_id}`));
  },

  /** The incident's matches with incidents the body also reads. */
  ofIncident: (db: Executor, readerOrgId: string, incidentId: string) =>
    db
      .selectFrom('correlation_links as l')
      .selectAll('l')
      .where('l.incident_id', '=', incidentId)
      .where(correlationReadableBy(readerOrgId, 'l'))
      .orderBy('l.other_incident_id')
      .orderBy('l.type')
      .orderBy('l.value')
      .orderBy('l.other_type')
      .orderBy('l.other_value')
      .execute(),

  /**
   * The incidents correlated with this one that the body also reads (or only `only`), in id order after
   * `after`, at most `limit`, each with how many matches it shares.
   */
  pairsOfIncident: (
    db: Executor,
    readerOrgId: string,
    incidentId: string,
    page: { after: string | null; limit: number; only?: string },
  ) =>
    db
      .selectFrom('correlation_links as l')
      .select(['l.other_incident_id', (eb) => eb.fn.countAll<number | string>().as('shared')])
      .where('l.incident_id', '=', incidentId)
      .$if(page.after !== null, (q) => q.where('l.other_incident_id', '>', page.after ?? ''))
      .$if(page.only !== undefined, (q) => q.where('l.other_incident_id', '=', page.only ?? ''))
      .where(correlationReadableBy(readerOrgId, 'l'))
      .groupBy('l.other_incident_id')
      .orderBy('l.other_incident_id')
      .limit(page.limit)
      .execute(),

  /**
   * For each of these values of the incident, how many other incidents the body reads share it (the incident's
   * matches counted by correlated incident, as `pairCount` counts them all): one grouped statement of constant
   * text for a page of values, whatever its size. A value no readable incident shares is absent.
   */
  incidentsSharing: (
    db: Executor,
    dialect: DialectName,
    readerOrgId: string,
    incidentId: string,
    values: readonly string[],
  ) =>
    values.length === 0
      ? Promise.resolve([])
      : db
          .selectFrom('correlation_links as l')
          .select([
            'l.type',
            'l.value',
            (eb) => eb.fn.count<number | string>('l.other_incident_id').distinct().as('n'),
          ])
          .where('l.incident_id', '=', incidentId)
          .where(
            dialect === 'postgres'
              ? sql<boolean>`l.value = any(${[...new Set(values)]}::text[])`
              : sql<boolean>`l.value in (select value from json_each(${JSON.stringify([...new Set(values)])}))`,
          )
          .where(correlationReadableBy(readerOrgId, 'l'))
          .groupBy(['l.type', 'l.value'])
          .execute(),

  /** How many incidents the body reads are correlated with this one. */
  async pairCount(db: Executor, readerOrgId: string, incidentId: string): Promise<number> {
    const row = await db
      .selectFrom('correlation_links as l')
      .select((eb) => eb.fn.count<number | string>('l.other_incident_id').distinct().as('n'))
      .where('l.incident_id', '=', incidentId)
      .where(correlationReadableBy(readerOrgId, 'l'))
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  },

  /**
   * The matches of the incident with each of `others` (incidents the caller found readable), in key order after
   * `after`, at most `limit` per other incident.
   */
  sharedWith: (
    db: Executor,
    incidentId: string,
    others: readonly string[],
    page: { after: SharedPlace | null; limit: number },
  ) =>
    others.length === 0
      ? Promise.resolve([] as LinkRow[])
      : (db
          .selectFrom((inner) =>
            inner
              .selectFrom('correlation_links as l')
              .selectAll('l')
              .select((eb) =>
                eb.fn
                  .agg<number>('row_number')
                  .over((o) =>
                    o
                      .partitionBy('l.other_incident_id')
                      .orderBy('l.type')
                      .orderBy('l.value')
                      .orderBy('l.other_type')
                      .orderBy('l.other_value'),
                  )
                  .as('place'),
              )
              .where('l.incident_id', '=', incidentId)
              .where('l.other_incident_id', 'in', [...others])
              .$if(page.after !== null, (q) =>
                q.where((eb) => {
                  const a = page.after as SharedPlace;
                  return eb(
                    eb.refTuple('l.type', 'l.value', 'l.other_type', 'l.other_value'),
                    '>',
                    eb.tuple(a.type, a.value, a.otherType, a.otherValue),
                  );
                }),
              )
              .as('ranked'),
          )
          .selectAll('ranked')
          .where('ranked.place', '<=', page.limit)
          .orderBy('ranked.other_incident_id')
          .orderBy('ranked.place')
          .execute() as Promise<(LinkRow & { place: number })[]>),

  /** Every match of the realm between two incidents the body reads (each pair once, from its first side). */
  readable: (db: Executor, readerOrgId: string, realm: Realm) =>
    db
      .selectFrom('correlation_links as l')
      .selectAll('l')
      .where(realmFilter(realm))
      .whereRef('l.incident_id', '<', 'l.other_incident_id')
      .where(correlationReadableBy(readerOrgId, 'l'))
      .orderBy('l.incident_id')
      .orderBy('l.other_incident_id')
      .execute(),

  /** Erases what these (exercise) incidents hold: the exercise purge, in its transaction. */
  async purge(tx: Tx, incidentIds: readonly string[]): Promise<Record<string, number>> {
    const links =
      (await deleteInChunks(incidentIds, (chunk) =>
        tx.deleteFrom('correlation_links').where('incident_id', 'in', chunk).executeTakeFirst(),
      )) +
      (await deleteInChunks(incidentIds, (chunk) =>
        tx.deleteFrom('correlation_links').where('other_incident_id', 'in', chunk).executeTakeFirst(),
      ));
    const keys = await deleteInChunks(incidentIds, (chunk) =>
      tx.deleteFrom('correlation_keys').where('incident_id', 'in', chunk).executeTakeFirst(),
    );
    return { correlation_links: links, correlation_keys: keys };
  },
};
