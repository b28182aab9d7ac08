import { sql } from 'kysely';
import { incidentReadableBy } from '../../platform/access/visibility.js';
import type { Executor, Tx } from '../../platform/db/database.js';

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

export const fingerprintsRepository = {
  /** Adds fingerprints of incidents' reports; those already there are left as they are. */
  insert: (tx: Tx, rows: { fingerprint: string; incident_id: string }[]) =>
    tx
      .insertInto('report_fingerprints')
      .values(rows)
      .onConflict((oc) => oc.columns(['fingerprint', 'incident_id']).doNothing())
      .execute(),
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
