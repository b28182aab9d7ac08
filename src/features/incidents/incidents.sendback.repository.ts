import type { Executor, Tx } from '../../platform/db/database.js';
import { insertRows } from '../../platform/db/insert.js';
import type { SendBacksTable } from './incidents.table.js';

export type SendBackRow = SendBacksTable;

// The requests of a ministry that sent an incident back (incidents.sendback.ts).

export const sendBacksRepository = {
  insert: (tx: Tx, row: SendBackRow) => insertRows(tx, 'send_backs', [row]),
  /** The open requests of these incidents (one each at most). */
  open: (db: Executor, incidentIds: string[]) =>
    db
      .selectFrom('send_backs')
      .selectAll()
      .where('incident_id', 'in', incidentIds)
      .where('answered_at', 'is', null)
      .execute(),
  /** Every request of the incident, oldest first. */
  of: (db: Executor, incidentId: string) =>
    db
      .selectFrom('send_backs')
      .selectAll()
      .where('incident_id', '=', incidentId)
      .orderBy('requested_at')
      .orderBy('id')
      .execute(),
  /** The open request of the incident, if any. */
  openOf: (tx: Tx, incidentId: string) =>
    tx
      .selectFrom('send_backs')
      .select('id')
      .where('incident_id', '=', incidentId)
      .where('answered_at', 'is', null)
      .executeTakeFirst(),
  /** Marks a request answered by the report numbered `seq`. */
  markAnswered: (tx: Tx, id: string, seq: number, at: string) =>
    tx.updateTable('send_backs').set({ answered_at: at, answered_seq: seq }).where('id', '=', id).execute(),
};
