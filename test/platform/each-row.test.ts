import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/platform/db/database.js';
import { insertEachRow, onSqlite } from '../../src/platform/db/each-row.js';
import { createTestDatabase, DIALECTS } from '../support/databases.js';

// SQLite's bulk inserts run one prepared row statement per row inside the caller's transaction (each-row.ts): every
// row stored once, the count of rows changed answered, a conflicting row kept as it was, and a failing row undoes
// the whole transaction with the rows before it.

describe('a row statement run per row on SQLite', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await createTestDatabase('sqlite', { migrate: false });
    await sql`create table t (k text primary key, v integer not null)`.execute(handle.db);
  });
  afterAll(async () => handle?.destroy());
  const rows = async () =>
    (await sql<{ k: string; v: number }>`select k, v from t order by k`.execute(handle.db)).rows;
  const insert = 'insert into t (k, v) values (?, ?) on conflict (k) do nothing';

  it('stores every row once and answers how many it added', async () => {
    const added = await handle.db.transaction().execute((tx) =>
      insertEachRow(
        tx,
        insert,
        Array.from({ length: 1234 }, (_, i) => [`k${i}`, i]),
      ),
    );
    expect(added).toBe(1234);
    const again = await handle.db.transaction().execute((tx) =>
      insertEachRow(tx, insert, [
        ['k1', 99],
        ['new', 7],
      ]),
    );
    expect(again).toBe(1);
    const stored = await rows();
    expect(stored).toHaveLength(1235);
    expect(stored.find((r) => r.k === 'k1')?.v).toBe(1);
    expect(stored.find((r) => r.k === 'new')?.v).toBe(7);
    expect(await insertEachRow(handle.db, insert, [])).toBe(0);
  });

  it('undoes the rows before one that fails, with the transaction', async () => {
    const before = await rows();
    await expect(
      handle.db.transaction().execute((tx) =>
        insertEachRow(tx, 'insert into t (k, v) values (?, ?)', [
          ['a1', 1],
          ['a2', null],
        ]),
      ),
    ).rejects.toThrow(/NOT NULL/);
    expect(await rows()).toEqual(before);
  });
});

describe.each(DIALECTS)('which dialect runs rows one by one, on %s', (dialect) => {
  it('is SQLite only', async () => {
    const handle = await createTestDatabase(dialect, { migrate: false });
    try {
      expect(onSqlite(handle.db)).toBe(dialect === 'sqlite');
      await handle.db.transaction().execute(async (tx) => expect(onSqlite(tx)).toBe(dialect === 'sqlite'));
    } finally {
      await handle.destroy();
    }
  });
});
