import type { Executor, Tx } from '../../platform/db/database.js';
import { insertRows } from '../../platform/db/insert.js';
import type { ShareRemindersTable } from './sharing.table.js';

// The reminders the center sent to the recipients of a share who had not read it (sharing.reminders.ts).

export const remindersRepository = {
  /** The share's latest reminder, if any. */
  last: (db: Executor, shareId: string) =>
    db
      .selectFrom('share_reminders')
      .select(['sent_at', 'org_ids'])
      .where('share_id', '=', shareId)
      .orderBy('sent_at', 'desc')
      .limit(1)
      .executeTakeFirst(),
  insert: (tx: Tx, row: ShareRemindersTable) => insertRows(tx, 'share_reminders', [row]),
};
