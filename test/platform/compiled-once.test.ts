import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compiledOnce } from '../../src/platform/db/compiled.js';
import type { DatabaseHandle } from '../../src/platform/db/database.js';
import { createTestDatabase, DIALECTS } from '../support/databases.js';

// Queries built once per database and run as their compiled text: each call must read with its own arguments,
// in and out of transactions, whatever database compiled the text first; the constants the query holds stay.

const item = (n: number, channel = 'email') => ({
  id: `item-${n}`,
  channel,
  dedupe_key: `key-${n}`,
  payload: JSON.stringify({ n }),
  created_at: '2026-12-07T00:00:00.000Z',
  available_at: `2026-12-07T00:00:${String(n).padStart(2, '0')}.000Z`,
  attempts: n,
});

// Two arguments, one used twice, and a constant ('email') held as a parameter.
const byKeyOrAttempts = compiledOnce((db, key: string, attempts: number) =>
  db
    .selectFrom('outbox')
    .select(['id', 'attempts'])
    .where('channel', '=', 'email')
    .where((eb) => eb.or([eb('dedupe_key', '=', key), eb('attempts', '=', attempts), eb('id', '=', key)]))
    .orderBy('id'),
);
const counted = compiledOnce((db, channel: string) =>
  db
    .updateTable('outbox')
    .set((eb) => ({ attempts: eb('attempts', '+', 100) }))
    .where('channel', '=', channel)
    .returning('id'),
);
// An argument written into the text: never reused (each call builds its own).
const rawColumn = compiledOnce((db, column: string) =>
  db.selectFrom('outbox').select(sql.ref(column).as('v')).where('id', '=', 'item-1'),
);
// An argument used as a list: a list is never bound as one parameter.
const inList = compiledOnce((db, ids: string | string[]) =>
  db.selectFrom('outbox').select('id').where('id', 'in', ids).orderBy('id'),
);

describe.each(DIALECTS)('queries compiled once on %s', (dialect) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await createTestDatabase(dialect);
    await handle.db
      .insertInto('outbox')
      .values([item(1), item(2), item(3), item(4, 'webhook')])
      .execute();
  });
  afterAll(async () => handle?.destroy());

  it('reads with each call’s arguments, on the database and in transactions, keeping the constants', async () => {
    expect(await byKeyOrAttempts(handle.db, 'key-1', 3)).toEqual([
      { id: 'item-1', attempts: 1 },
      { id: 'item-3', attempts: 3 },
    ]);
    expect(await byKeyOrAttempts(handle.db, 'item-2', 99)).toEqual([{ id: 'item-2', attempts: 2 }]);
    // item-4 matches its key, but is not e-mail: the constant stayed in the reused text.
    expect(await byKeyOrAttempts(handle.db, 'key-4', 4)).toEqual([]);
    await handle.db.transaction().execute(async (tx) => {
      expect(await byKeyOrAttempts(tx, 'key-2', 1)).toEqual([
        { id: 'item-1', attempts: 1 },
        { id: 'item-2', attempts: 2 },
      ]);
      expect((await counted(tx, 'webhook')).map((r) => r.id)).toEqual(['item-4']);
    });
    await handle.db.transaction().execute(async (tx) => {
      expect((await counted(tx, 'webhook')).map((r) => r.id)).toEqual(['item-4']);
      expect(await counted(tx, 'sms')).toEqual([]);
    });
    const four = await handle.db.selectFrom('outbox').select('attempts').where('id', '=', 'item-4').execute();
    expect(four).toEqual([{ attempts: 204 }]);
  });

  it('builds every call whose argument is not a plain parameter', async () => {
    expect(await rawColumn(handle.db, 'dedupe_key')).toEqual([{ v: 'key-1' }]);
    expect(await rawColumn(handle.db, 'channel')).toEqual([{ v: 'email' }]);
    expect(await inList(handle.db, ['item-1', 'item-3'])).toEqual([{ id: 'item-1' }, { id: 'item-3' }]);
    expect(await inList(handle.db, ['item-2'])).toEqual([{ id: 'item-2' }]);
  });
});

describe('queries compiled once, on both dialects in one process', () => {
  const handles: DatabaseHandle[] = [];
  afterAll(async () => {
    for (const h of handles) await h.destroy();
  });

  it('keeps one text per database: SQLite’s and PostgreSQL’s placeholders never meet', async () => {
    for (const dialect of DIALECTS) {
      const handle = await createTestDatabase(dialect);
      handles.push(handle);
      await handle.db
        .insertInto('outbox')
        .values([item(1), item(2)])
        .execute();
    }
    for (let round = 0; round < 2; round++)
      for (const h of handles)
        expect(await byKeyOrAttempts(h.db, 'key-2', 1)).toEqual([
          { id: 'item-1', attempts: 1 },
          { id: 'item-2', attempts: 2 },
        ]);
  });
});
