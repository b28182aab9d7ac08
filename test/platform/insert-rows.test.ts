import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/platform/db/database.js';
import { type InsertEnding, insertRows } from '../../src/platform/db/insert.js';
import type { OutboxTable } from '../../src/platform/outbox/outbox.table.js';
import { createTestDatabase, DIALECTS } from '../support/databases.js';

/** The columns these tests set; the others are left to the table's defaults (notification_id sometimes set). */
type Item = Pick<
  OutboxTable,
  'id' | 'channel' | 'dedupe_key' | 'payload' | 'created_at' | 'available_at' | 'attempts'
> &
  Partial<Pick<OutboxTable, 'notification_id'>>;

const item = (n: number, extra: Partial<Item> = {}): Item => ({
  id: `item-${n}`,
  channel: 'email',
  dedupe_key: `key-${n}`,
  payload: JSON.stringify({ n, text: `"quoted" ', $1 ? -- ${n}` }),
  created_at: `2026-12-05T00:00:${String(n % 60).padStart(2, '0')}.000Z`,
  available_at: '2026-12-05T00:00:00.000Z',
  attempts: 0,
  ...extra,
});

const UNLESS_QUEUED: InsertEnding<'outbox', unknown> = {
  name: 'unless queued',
  finish: (q) => q.onConflict((oc) => oc.column('dedupe_key').doNothing()),
};
const RETURNING_ID: InsertEnding<'outbox', { id: string }> = {
  name: 'returning id',
  finish: (q) => q.returning('id'),
};

describe.each(DIALECTS)('inserting rows of one shape on %s', (dialect) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await createTestDatabase(dialect);
  });
  afterAll(async () => handle?.destroy());

  const stored = async (ids: string[]) =>
    handle.db.selectFrom('outbox').selectAll().where('id', 'in', ids).orderBy('id').execute();

  it('writes every row with its own values, the first time and when the text is reused, in and out of a transaction', async () => {
    // The same shape three times on the database and twice in one transaction: the second of each reuses the text.
    await insertRows(handle.db, 'outbox', [item(1), item(2)]);
    await insertRows(handle.db, 'outbox', [item(3), item(4)]);
    await handle.db.transaction().execute(async (tx) => {
      await insertRows(tx, 'outbox', [item(5), item(6)]);
      await insertRows(tx, 'outbox', [item(7), item(8)]);
    });
    await insertRows(handle.db, 'outbox', [item(9)]);
    const ids = [1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => `item-${n}`);
    const rows = await stored(ids);
    expect(rows.map((r) => [r.id, r.dedupe_key, JSON.parse(r.payload).n, r.attempts])).toEqual(
      [1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => [`item-${n}`, `key-${n}`, n, 0]),
    );
    expect(rows[0]?.payload).toBe(item(1).payload);
  });

  it('leaves out a column the rows do not set, and mixes shapes without mixing values', async () => {
    await insertRows(handle.db, 'outbox', [item(20, { attempts: 3 }), item(21, { attempts: 7 })]);
    await insertRows(handle.db, 'outbox', [item(22), item(23)]);
    await insertRows(handle.db, 'outbox', [item(24, { notification_id: 'n-24' }), item(25)]);
    await insertRows(handle.db, 'outbox', [item(26, { attempts: 4 }), item(27, { attempts: 5 })]);
    const rows = await stored([
      'item-20',
      'item-21',
      'item-22',
      'item-23',
      'item-24',
      'item-25',
      'item-26',
      'item-27',
    ]);
    expect(rows.map((r) => [r.attempts, r.notification_id])).toEqual([
      [3, null],
      [7, null],
      [0, null],
      [0, null],
      [0, 'n-24'],
      [0, null],
      [4, null],
      [5, null],
    ]);
  });

  it('lets Kysely write what is an expression, not a value', async () => {
    const rows = [item(30), item(31)];
    await insertRows(handle.db, 'outbox', rows);
    await insertRows(handle.db, 'outbox', [
      item(32, { payload: sql<string>`'{"n":32,"from":"sql"}'` as unknown as string }),
      item(33),
    ]);
    const [written] = await stored(['item-32']);
    expect(JSON.parse(written?.payload ?? '{}')).toEqual({ n: 32, from: 'sql' });
  });

  it('ends the statement as told: a conflict left out, the rows it returns', async () => {
    await insertRows(handle.db, 'outbox', [item(40), item(41)], UNLESS_QUEUED);
    // The same keys again, under new ids: nothing is written, and the text reused says so too.
    await insertRows(
      handle.db,
      'outbox',
      [item(40, { id: 'again-40' }), item(41, { id: 'again-41' })],
      UNLESS_QUEUED,
    );
    await insertRows(handle.db, 'outbox', [item(40, { id: 'again-40b' }), item(42)], UNLESS_QUEUED);
    expect(
      (await stored(['item-40', 'item-41', 'item-42', 'again-40', 'again-41', 'again-40b'])).map((r) => r.id),
    ).toEqual(['item-40', 'item-41', 'item-42']);
    const first = await insertRows(handle.db, 'outbox', [item(43), item(44)], RETURNING_ID);
    const second = await insertRows(handle.db, 'outbox', [item(45), item(46)], RETURNING_ID);
    expect(first.map((r) => r.id).sort()).toEqual(['item-43', 'item-44']);
    expect(second.map((r) => r.id).sort()).toEqual(['item-45', 'item-46']);
    expect(await insertRows(handle.db, 'outbox', [], RETURNING_ID)).toEqual([]);
  });

  it('fails a row that breaks a constraint as Kysely would, and a rolled-back transaction keeps none', async () => {
    await insertRows(handle.db, 'outbox', [item(50), item(51)]);
    await expect(
      insertRows(handle.db, 'outbox', [item(52), item(50, { dedupe_key: 'key-other' })]),
    ).rejects.toThrow();
    await expect(
      handle.db.transaction().execute(async (tx) => {
        await insertRows(tx, 'outbox', [item(53), item(54)]);
        await insertRows(tx, 'outbox', [item(55), item(53, { dedupe_key: 'key-x' })]);
      }),
    ).rejects.toThrow();
    expect((await stored(['item-52', 'item-53', 'item-54', 'item-55'])).length).toBe(0);
  });
});
