import { deleteInChunks } from '../../platform/db/chunks.js';
import type { Executor, Tx } from '../../platform/db/database.js';
import { insertRows } from '../../platform/db/insert.js';
import type { IncidentIndicatorsTable } from './indicators.table.js';

export type IndicatorRow = IncidentIndicatorsTable;

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
  purge: (tx: Tx, incidentIds: readonly string[]) =>
    deleteInChunks(incidentIds, (chunk) =>
      tx.deleteFrom('incident_indicators').where('incident_id', 'in', chunk).executeTakeFirst(),
    ),
};
