import { sql } from 'kysely';
import { correlationReadableBy, type Realm } from '../../platform/access/visibility.js';
import { deleteInChunks } from '../../platform/db/chunks.js';
import type { Executor, Tx } from '../../platform/db/database.js';
import { insertRows } from '../../platform/db/insert.js';
import type { CorrelationKeysTable, CorrelationLinksTable } from './correlation.table.js';

export type KeyRow = CorrelationKeysTable;
export type LinkRow = CorrelationLinksTable;
/** A stored value found by a lookup. */
export type FoundRow = Pick<KeyRow, 'incident_id' | 'org_id' | 'type' | 'value' | 'display'>;

// Parameters per statement, well under SQLite's bound (32,766) and PostgreSQL's (65,535).
const VALUES_CHUNK = 10_000;
// Branches of one UNION ALL, under SQLite's bound on compound selects (500).
const RANGES_CHUNK = 400;
const FOUND: (keyof FoundRow)[] = ['incident_id', 'org_id', 'type', 'value', 'display'];

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
  /** The stored values of the realm equal to any of these (one index lookup each, in few statements). */
  async byValues(db: Executor, realm: string, values: readonly string[]): Promise<FoundRow[]> {
    const unique = [...new Set(values)];
    const out: FoundRow[] = [];
    for (let i = 0; i < unique.length; i += VALUES_CHUNK)
      out.push(
        ...(await db
          .selectFrom('correlation_keys')
          .select(FOUND)
          .where('realm', '=', realm)
          .where('value', 'in', unique.slice(i, i + VALUES_CHUNK))
          .execute()),
      );
    return out;
  },

  /**
   * The stored values of the realm whose key lies in each range, at most `bound` per range (a container that
   * holds more is cut there): one UNION ALL of index range scans. Each row names the range it was found by.
   */
  async inRanges(
    db: Executor,
    realm: string,
    ranges: readonly { from: string; to: string }[],
    bound: number,
  ): Promise<(FoundRow & { range: number })[]> {
    const out: (FoundRow & { range: number })[] = [];
    for (let start = 0; start < ranges.length; start += RANGES_CHUNK) {
      const chunk = ranges.slice(start, start + RANGES_CHUNK);
      const branch = (r: { from: string; to: string }, i: number) =>
        db
          .selectFrom(
            db
              .selectFrom('correlation_keys')
              .select(FOUND)
              .where('realm', '=', realm)
              .where('match_key', '>=', r.from)
              .where('match_key', '<=', r.to)
              .orderBy('match_key')
              .limit(bound)
              .as(`r${i}`),
          )
          .select([...FOUND.map((c) => `r${i}.${c}` as const), sql.lit(start + i).as('range')]);
      let q = branch(chunk[0] as { from: string; to: string }, 0);
      for (const [i, r] of chunk.slice(1).entries()) q = q.unionAll(branch(r, i + 1));
      const rows = (await q.execute()) as (FoundRow & { range: number | string })[];
      for (const r of rows) out.push({ ...r, range: Number(r.range) });
    }
    return out;
  },

  /** Adds values to the index (a value an incident already had is kept once). */
  insertKeys: (tx: Tx, rows: readonly KeyRow[]) =>
    rows.length === 0
      ? Promise.resolve([])
      : insertRows(tx, 'correlation_keys', rows, {
          name: 'keys do nothing',
          finish: (q) => q.onConflict((oc) => oc.columns(['incident_id', 'type', 'value']).doNothing()),
        }),

  /** Adds matches (a pair of values already matched is kept once). */
  insertLinks: (tx: Tx, rows: readonly LinkRow[]) =>
    rows.length === 0
      ? Promise.resolve([])
      : insertRows(tx, 'correlation_links', rows, {
          name: 'links do nothing',
          finish: (q) =>
            q.onConflict((oc) =>
              oc
                .columns(['incident_id', 'other_incident_id', 'type', 'value', 'other_type', 'other_value'])
                .doNothing(),
            ),
        }),

  /** Of these incidents, those already correlated with the incident. */
  async linkedAmong(db: Executor, incidentId: string, others: readonly string[]): Promise<Set<string>> {
    if (others.length === 0) return new Set();
    const rows = await db
      .selectFrom('correlation_links')
      .select('other_incident_id')
      .distinct()
      .where('incident_id', '=', incidentId)
      .where('other_incident_id', 'in', [...others])
      .execute();
    return new Set(rows.map((r) => r.other_incident_id));
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
