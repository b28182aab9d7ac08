import type { DialectName, Executor, Tx } from '../../platform/db/database.js';
import { insertQuery, insertRows } from '../../platform/db/insert.js';
import type { DeliveryRow } from './incidents.repository.js';

// The routing's writes and reads of deliveries and readers (incidents.routing.ts): where an incident went up the
// chain, who reads it, and what waits for a ministry's review. The only writer of `incident_readers` and
// `deliveries` (the purge aside).

export const routingRepository = {
  insertDeliveries: (tx: Tx, rows: DeliveryRow[]) => insertRows(tx, 'deliveries', rows),
  /** The statements that make these bodies readers and record these deliveries, to be sent with others. */
  routeStatements: (tx: Tx, incidentId: string, orgIds: string[], at: string, deliveries: DeliveryRow[]) => [
    ...(orgIds.length > 0
      ? [
          insertQuery(
            tx,
            'incident_readers',
            orgIds.map((org_id) => ({ incident_id: incidentId, org_id, since: at })),
          ),
        ]
      : []),
    ...(deliveries.length > 0 ? [insertQuery(tx, 'deliveries', deliveries)] : []),
  ],
  /** Makes a body a reader of an incident from `since` (a released incident's center); nothing if it is one. */
  addReader: (tx: Tx, incidentId: string, orgId: string, since: string) =>
    tx
      .insertInto('incident_readers')
      .values({ incident_id: incidentId, org_id: orgId, since })
      .onConflict((oc) => oc.columns(['incident_id', 'org_id']).doNothing())
      .execute(),
  /** The incident's delivery that waits for its ministry's review, if any. */
  awaitingReview: (db: Executor, incidentId: string) =>
    db
      .selectFrom('deliveries')
      .selectAll()
      .where('incident_id', '=', incidentId)
      .where('state', '=', 'awaiting-review')
      .executeTakeFirst(),
  /**
   * Marks a delivery that waited for review delivered (forwarded by `by`, or on its deadline); updates no row when
   * it no longer waits, as when another node released it first.
   */
  markDelivered: (
    tx: Tx,
    deliveryId: string,
    release: { at: string; by: string | null; route: string; note: string | null },
  ) =>
    tx
      .updateTable('deliveries')
      .set({
        state: 'delivered',
        received_at: release.at,
        forwarded_at: release.at,
        forwarded_by: release.by,
        route: release.route,
        note: release.note,
      })
      .where('id', '=', deliveryId)
      .where('state', '=', 'awaiting-review')
      .executeTakeFirst(),
  /**
   * The incidents whose review deadline passed by `now`, the longest overdue first, `batch` at most; on PostgreSQL
   * their deliveries are locked, those another node holds skipped.
   */
  overdueReviews: (tx: Tx, dialect: DialectName, now: string, batch: number) => {
    let q = tx
      .selectFrom('deliveries')
      .select(['incident_id'])
      .where('state', '=', 'awaiting-review')
      .where('review_due_at', '<=', now)
      .orderBy('review_due_at')
      .limit(batch);
    if (dialect === 'postgres') q = q.forUpdate().skipLocked();
    return q.execute();
  },
};
