import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsAsArrays } from '../../src/platform/db/arrays.js';
import type { DatabaseHandle } from '../../src/platform/db/database.js';
import { createTestDatabase, DIALECTS } from '../support/databases.js';

// A pass over many rows may take them as arrays of the column values, in the select's order; the same query run
// the usual way still answers objects (on SQLite the statements are kept by their text).

describe.each(DIALECTS)('rows as arrays on %s', (dialect) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await createTestDatabase(dialect);
  });
  afterAll(async () => handle?.destroy());

  const query = () =>
    handle.db
      .selectFrom(sql<{ n: number }>`(select 2 as n union all select 1 as n)`.as('t'))
      .select([sql<string>`'b'`.as('second'), sql<number>`t.n + 0`.as('first'), sql<null>`null`.as('none')])
      .orderBy(sql`t.n`);

  it('answers the columns in the order the select names them, in and out of a transaction', async () => {
    expect(await rowsAsArrays(handle.db, query())).toEqual([
      ['b', 1, null],
      ['b', 2, null],
    ]);
    await handle.db.transaction().execute(async (tx) => {
      expect(await rowsAsArrays(tx, query())).toEqual([
        ['b', 1, null],
        ['b', 2, null],
      ]);
    });
    expect(await query().execute()).toEqual([
      { second: 'b', first: 1, none: null },
      { second: 'b', first: 2, none: null },
    ]);
  });
});
