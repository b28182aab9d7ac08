import { sql } from 'kysely';
import { incidentReadSince, incidentTlpOf, indicatorsReceivedBy } from '../../platform/access/visibility.js';
import { deleteInChunks } from '../../platform/db/chunks.js';
import type { Executor, Tx } from '../../platform/db/database.js';
import { insertRows } from '../../platform/db/insert.js';
import type { IncidentIndicatorsTable } from './indicators.table.js';

export type IndicatorRow = IncidentIndicatorsTable;

/** Where a page of received indicators resumes: after this one, in (date added, incident, report, place) order. */
export interface ReceivedCursor {
  dateAdded: string;
  incidentId: string;
  reportSeq: number;
  position: number;
}

/**
 * The indicators of the incidents the body receives as data (the visibility module): each (incident, type, value)
 * once, at its first report; dated when the body could first read it (the later of the report and the delivery).
 */
function receivedQuery(db: Executor, readerOrgId: string) {
  const since = incidentReadSince(readerOrgId, 'ii');
  return db
    .selectFrom('incident_indicators as ii')
    .select(['ii.incident_id', 'ii.report_seq', 'ii.position', 'ii.type', 'ii.value', 'ii.created_at'])
    .select(
      sql<string>`case when (${since}) > ii.created_at then (${since}) else ii.created_at end`.as(
        'date_added',
      ),
    )
    .select(incidentTlpOf('ii').as('tlp'))
    .where(indicatorsReceivedBy(readerOrgId, 'ii'))
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('incident_indicators as earlier')
            .select('earlier.incident_id')
            .whereRef('earlier.incident_id', '=', 'ii.incident_id')
            .whereRef('earlier.type', '=', 'ii.type')
            .whereRef('earlier.value', '=', 'ii.value')
            .where(
              sql<boolean>`(earlier.report_seq < ii.report_seq or (earlier.report_seq = ii.report_seq and earlier.position < ii.position))`,
            ),
        ),
      ),
    );
}

export const indicatorsRepository = {
  /** One statement for a report's whole list (the report path's cost: no query per indicator). */
  insert: (tx: Tx, rows: readonly IndicatorRow[]) => insertRows(tx, 'incident_indicators', rows),
  /** An incident's indicators in report order, then in each report's order. */
  ofIncident: (db: Executor, incidentId: string) =>
    db
      .selectFrom('incident_indicators')
      .select(['report_seq', 'position', 'type', 'value', 'display', 'note'])
      .where('incident_id', '=', incidentId)
      .orderBy('report_seq')
      .orderBy('position')
      .execute(),
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
  /** A page of what the body receives (receivedQuery), of these types, added after a time, after a cursor. */
  received: (
    db: Executor,
    readerOrgId: string,
    page: { types: readonly string[]; addedAfter?: string; after?: ReceivedCursor; limit: number },
  ) => {
    let q = db
      .selectFrom(receivedQuery(db, readerOrgId).as('r'))
      .selectAll()
      .where('r.type', 'in', [...page.types]);
    if (page.addedAfter !== undefined) q = q.where('r.date_added', '>', page.addedAfter);
    const after = page.after;
    if (after)
      q = q.where((eb) =>
        eb.or([
          eb('r.date_added', '>', after.dateAdded),
          eb.and([
            eb('r.date_added', '=', after.dateAdded),
            eb.or([
              eb('r.incident_id', '>', after.incidentId),
              eb.and([
                eb('r.incident_id', '=', after.incidentId),
                eb.or([
                  eb('r.report_seq', '>', after.reportSeq),
                  eb.and([eb('r.report_seq', '=', after.reportSeq), eb('r.position', '>', after.position)]),
                ]),
              ]),
            ]),
          ]),
        ]),
      );
    return q
      .orderBy('r.date_added')
      .orderBy('r.incident_id')
      .orderBy('r.report_seq')
      .orderBy('r.position')
      .limit(page.limit)
      .execute();
  },
  purge: (tx: Tx, incidentIds: readonly string[]) =>
    deleteInChunks(incidentIds, (chunk) =>
      tx.deleteFrom('incident_indicators').where('incident_id', 'in', chunk).executeTakeFirst(),
    ),
};
