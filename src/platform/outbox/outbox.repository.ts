import type { DatabaseHandle, Executor } from '../db/database.js';
import { type InsertEnding, insertQuery, insertRows } from '../db/insert.js';
import { writeAtCommit } from '../db/transaction.js';
import type { OutboxTable } from './outbox.table.js';
import type { Channel, OutboxItem } from './outbox.types.js';

/** Writes an item, or nothing if one with the same dedupe key exists. */
export async function insertItem(db: Executor, id: string, item: OutboxItem, at: string): Promise<void> {
  await insertItems(db, [{ id, item, at }]);
}

// Rows of one insert: twelve parameters each, well under the bounds of both databases.
const ITEMS_CHUNK = 500;
// An item whose dedupe key is queued already is left out.
const UNLESS_QUEUED: InsertEnding<'outbox', unknown> = {
  name: 'unless queued',
  finish: (q) => q.onConflict((oc) => oc.column('dedupe_key').doNothing()),
};

/**
 * Writes items in one statement, leaving out each whose dedupe key exists (in a commit group's own work, with
 * its commit: see writeAtCommit).
 */
export async function insertItems(
  db: Executor,
  items: readonly { id: string; item: OutboxItem; at: string }[],
): Promise<void> {
  const writes = [];
  for (let i = 0; i < items.length; i += ITEMS_CHUNK)
    writes.push(
      insertQuery(
        db,
        'outbox',
        items.slice(i, i + ITEMS_CHUNK).map(({ id, item, at }) => ({
          id,
          channel: item.channel,
          dedupe_key: item.dedupeKey,
          payload: JSON.stringify(item.payload),
          created_at: at,
          available_at: at,
          attempts: 0,
          last_error: null,
          locked_until: null,
          sent_at: null,
          failed_at: null,
          notification_id: item.notificationId,
        })),
        UNLESS_QUEUED,
      ),
    );
  await writeAtCommit(db, writes);
}

/**
 * Claims up to `limit` due items until `until`, counting the attempt, in one statement (autocommit: the claim
 * is durable before anything is sent). On PostgreSQL, rows another node is claiming at the same moment are
 * skipped rather than waited for; a row it claimed and committed no longer matches once re-checked.
 */
export async function claimDue(
  handle: DatabaseHandle,
  options: { now: string; until: string; limit: number; channels: Channel[] },
): Promise<OutboxTable[]> {
  const { now, until, limit, channels } = options;
  const due = handle.db
    .selectFrom('outbox')
    .select('id')
    .where('sent_at', 'is', null)
    .where('failed_at', 'is', null)
    .where('available_at', '<=', now)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
    .where('channel', 'in', channels)
    .orderBy('available_at')
    .limit(limit)
    .$if(handle.dialect === 'postgres', (q) => q.forUpdate().skipLocked());
  const rows = await handle.db
    .updateTable('outbox')
    .set((eb) => ({ locked_until: until, attempts: eb('attempts', '+', 1) }))
    .where('id', 'in', due)
    .returningAll()
    .execute();
  return rows.sort((a, b) => a.available_at.localeCompare(b.available_at) || a.id.localeCompare(b.id));
}

export type Mark =
  | { kind: 'sent'; at: string }
  | { kind: 'retry'; at: string; error: string; next: string }
  | { kind: 'failed'; at: string; error: string };

/**
 * Records what became of an item this node claimed until `claimedUntil`; false if it was already settled (by
 * a node that took it over after the claim expired), so that its outcome is told once. A failure is recorded
 * only while the claim is still this node's, lest the item be freed while the node that took it over sends it.
 */
export async function settle(db: Executor, id: string, claimedUntil: string, mark: Mark): Promise<boolean> {
  const values =
    mark.kind === 'sent'
      ? { sent_at: mark.at, locked_until: null, last_error: null }
      : mark.kind === 'failed'
        ? { failed_at: mark.at, locked_until: null, last_error: mark.error }
        : { available_at: mark.next, locked_until: null, last_error: mark.error };
  const result = await db
    .updateTable('outbox')
    .set(values)
    .where('id', '=', id)
    .where('sent_at', 'is', null)
    .where('failed_at', 'is', null)
    .$if(mark.kind !== 'sent', (q) => q.where('locked_until', '=', claimedUntil))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Whether e-mail is waiting (to warn, once, that no SMTP server is configured). */
export async function emailWaiting(handle: DatabaseHandle): Promise<boolean> {
  const row = await handle.db
    .selectFrom('outbox')
    .select('id')
    .where('sent_at', 'is', null)
    .where('failed_at', 'is', null)
    .where('channel', '=', 'email')
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
