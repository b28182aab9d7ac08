import { type CompiledQuery, sql } from 'kysely';
import { incidentReadableBy } from '../../platform/access/visibility.js';
import type { Executor, Tx } from '../../platform/db/database.js';
import { insertEachRow, onSqlite } from '../../platform/db/each-row.js';
import { type InsertEnding, insertQuery } from '../../platform/db/insert.js';
import { writeAtCommit } from '../../platform/db/transaction.js';

// The queries of the report index of the guard of sharing (sharing.fingerprints.ts): the table
// report_fingerprints, and each incident's mark of how far it is indexed (incidents.fingerprinted_seq, kept under
// the partial index of migration 0014).

/**
 * Incidents whose latest reports are not yet in the index, with the seq each is indexed to and the reports it
 * counts: a batch.
 */
export const behindQuery = (db: Executor) =>
  db
    .selectFrom('incidents')
    .select(['id', 'fingerprinted_seq', 'report_count'])
    // The partial index's own predicate, word for word, so that both planners use it.
    .where(sql<boolean>`fingerprinted_seq < report_count`);

/** The incidents the reader body reads (not exercises, not `exclude`) that the index is behind on. */
export function pendingQuery(db: Executor, readerOrgId: string, exclude: readonly string[]) {
  // A correlated test of the reader, not a join: a join lets SQLite start from the center's readers (every
  // incident) rather than from the few behind.
  let q = db
    .selectFrom('incidents as i')
    .select('i.id')
    .where(sql<boolean>`i.fingerprinted_seq < i.report_count`)
    .where(incidentReadableBy(readerOrgId, 'i'));
  if (exclude.length > 0) q = q.where('i.id', 'not in', [...exclude]);
  return q;
}

// The sizes of the index's inserts: a report's fingerprints, a batch of reports' (the largest, 500 rows of two
// parameters, stays well within PostgreSQL's and SQLite's limits on parameters).
const SIZES = [16, 64, 250, 500] as const;
const UNLESS_THERE: InsertEnding<'report_fingerprints', never> = {
  name: 'unless there',
  finish: (q) => q.onConflict((oc) => oc.columns(['fingerprint', 'incident_id']).doNothing()),
};

function insertStatements(tx: Tx, rows: { fingerprint: string; incident_id: string }[]): CompiledQuery[] {
  const statements: CompiledQuery[] = [];
  for (let i = 0; i < rows.length; ) {
    const left = rows.length - i;
    const size = SIZES.find((s) => s >= left) ?? (SIZES[SIZES.length - 1] as number);
    const chunk = rows.slice(i, i + size);
    const last = chunk[chunk.length - 1] as (typeof rows)[number];
    while (chunk.length < size) chunk.push(last);
    statements.push(insertQuery(tx, 'report_fingerprints', chunk, UNLESS_THERE));
    i += size;
  }
  return statements;
}

export const fingerprintsRepository = {
  /**
   * Adds fingerprints of incidents' reports; those already there are left as they are. In statements of a few
   * fixed sizes, the last one filled up with its last row again (ignored as already there), so that the text of
   * each size is compiled once (see insertRows) whatever the number of rows.
   */
  async insert(tx: Tx, rows: { fingerprint: string; incident_id: string }[]) {
    // SQLite: one prepared row insert run per row (see each-row.ts); a bulk import indexes tens of thousands.
    if (onSqlite(tx)) {
      await insertEachRow(
        tx,
        'insert into report_fingerprints (fingerprint, incident_id) values (?, ?) on conflict do nothing',
        rows.map((r) => [r.fingerprint, r.incident_id]),
      );
      return;
    }
    for (const statement of insertStatements(tx, rows)) await tx.executeQuery(statement);
  },
  /** `insert`, in a commit group's own work with its commit (see writeAtCommit). */
  insertAtCommit: (tx: Tx, rows: { fingerprint: string; incident_id: string }[]) =>
    writeAtCommit(tx, insertStatements(tx, rows)),
  /** Moves each incident's mark to the report it is now indexed up to, in one statement. */
  markIndexed: (tx: Tx, upTo: Map<string, number>) => {
    const cases = sql.join(
      [...upTo].map(([id, seq]) => sql`when ${id} then ${seq}`),
      sql` `,
    );
    return tx
      .updateTable('incidents')
      .set({ fingerprinted_seq: sql<number>`case id ${cases} else fingerprinted_seq end` })
      .where('id', 'in', [...upTo.keys()])
      .execute();
  },
  /**
   * The incidents the reader body reads (apart from `exclude`) that have fingerprints, as a query (alias `f` for
   * the index) that the caller narrows to the fingerprints it looks for.
   */
  indexedReadableBy: (db: Executor, readerOrgId: string, exclude: readonly string[]) => {
    let q = db
      .selectFrom('report_fingerprints as f')
      .innerJoin('incidents as i', 'i.id', 'f.incident_id')
      .select('f.incident_id')
      .distinct()
      .where(incidentReadableBy(readerOrgId, 'i'));
    if (exclude.length > 0) q = q.where('f.incident_id', 'not in', [...exclude]);
    return q;
  },
  /** How many of these fingerprints each incident's reports hold (incidents holding none left out). */
  sharedCounts: (db: Executor, fingerprints: string[]) =>
    db
      .selectFrom('report_fingerprints')
      .select(['incident_id', sql<number>`count(*)`.as('n')])
      .where('fingerprint', 'in', fingerprints)
      .groupBy('incident_id')
      .execute(),
};
