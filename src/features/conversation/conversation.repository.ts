import type { Executor, Tx } from '../../platform/db/database.js';
import { insertRows } from '../../platform/db/insert.js';
import type { IncidentMessagesTable } from './conversation.table.js';

export type MessageRow = IncidentMessagesTable;

// The most messages one read returns: far more than any real conversation on one incident.
const LIST_MAX = 1000;

export const conversationRepository = {
  insert: (tx: Tx, row: MessageRow) => insertRows(tx, 'incident_messages', [row]),
  /** The incident's messages, oldest first (ties in the order of their ids). */
  list: (db: Executor, incidentId: string) =>
    db
      .selectFrom('incident_messages')
      .selectAll()
      .where('incident_id', '=', incidentId)
      .orderBy('created_at')
      .orderBy('id')
      .limit(LIST_MAX)
      .execute(),
  /** Whether the message exists on this incident. */
  existsOn: async (db: Executor, incidentId: string, id: string) =>
    (await db
      .selectFrom('incident_messages')
      .select('id')
      .where('id', '=', id)
      .where('incident_id', '=', incidentId)
      .executeTakeFirst()) !== undefined,
};
