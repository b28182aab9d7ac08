import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, openDatabase } from '../../src/platform/db/database.js';
import { migrateToLatest } from '../../src/platform/db/migrate.js';
import { createTestDatabase } from '../support/databases.js';

// PostgreSQL: a text a connection runs often becomes a named statement of that connection (pg-statements.ts).
// Each case opens a pool of one connection on an empty database, so what the server holds prepared is what that
// one connection prepared (pg_prepared_statements is per session).
describe('statements kept prepared on postgres', () => {
  let database: DatabaseHandle;
  const opened: DatabaseHandle[] = [];
  beforeAll(async () => {
    database = await createTestDatabase('postgres', { migrate: false });
    await sql`create table items (id integer primary key, label text not null)`.execute(database.db);
    await sql`insert into items select n, 'item ' || n from generate_series(1, 50) n`.execute(database.db);
  });
  afterAll(async () => {
    for (const h of opened.reverse()) await h.destroy();
    await database?.destroy();
  });
  const open = (statementCache?: number) => {
    const handle = openDatabase({
      databaseUrl: database.url,
      dataDir: '/nonexistent',
      poolSize: 1,
      statementCache,
    });
    opened.push(handle);
    return handle;
  };
  type Items = Kysely<{ items: { id: number; label: string } }>;
  const db = (h: DatabaseHandle) => h.db as unknown as Items;
  const labelOf = (h: DatabaseHandle, id: number) =>
    db(h).selectFrom('items').select('label').where('id', '=', id).executeTakeFirst();
  const prepared = async (h: DatabaseHandle) =>
    (
      await sql<{
        statement: string;
      }>`select statement from pg_prepared_statements order by statement`.execute(h.db)
    ).rows.map((r) => r.statement);

  it('names a text once it has run three times, and answers each run with its own parameters', async () => {
    const h = open();
    for (let id = 1; id <= 2; id++) expect(await labelOf(h, id)).toEqual({ label: `item ${id}` });
    expect(await prepared(h)).toEqual([]);
    for (let id = 3; id <= 10; id++) expect(await labelOf(h, id)).toEqual({ label: `item ${id}` });
    // The listing itself has no parameters: it runs unnamed however often it runs.
    expect(await prepared(h)).toEqual([
      expect.stringMatching(/^select "label" from "items" where "id" = \$1$/),
    ]);
  });

  it('keeps at most the configured number per connection; the others still run, unnamed', async () => {
    const h = open(4);
    for (let round = 0; round < 5; round++)
      for (let n = 1; n <= 10; n++) {
        const { rows } = await sql<{
          label: string;
        }>`select label, ${sql.lit(n)} as shape from items where id = ${n}`.execute(h.db);
        expect(rows).toEqual([{ label: `item ${n}`, shape: n }]);
      }
    expect(await prepared(h)).toHaveLength(4);
  });

  it('prepares nothing when turned off', async () => {
    const h = open(0);
    for (let id = 1; id <= 10; id++) await labelOf(h, id);
    expect(await prepared(h)).toEqual([]);
  });

  it('lets its statements go when the schema changes, so a prepared select * sees a new column', async () => {
    const h = open();
    await sql`create table notes (id integer primary key)`.execute(h.db);
    await sql`insert into notes values (1)`.execute(h.db);
    const all = () => sql<Record<string, unknown>>`select * from notes where id = ${1}`.execute(h.db);
    for (let n = 0; n < 4; n++) await all();
    await sql`alter table notes add column body text default 'b'`.execute(h.db);
    // Unannounced, the prepared statement no longer fits its table: PostgreSQL refuses it.
    await expect(all()).rejects.toThrow(/cached plan must not change result type/);
    h.schemaChanged?.();
    expect((await all()).rows).toEqual([{ id: 1, body: 'b' }]);
    expect(await prepared(h)).toEqual([]);
  });

  it('is told of a schema change by the migrations', async () => {
    const fresh = await createTestDatabase('postgres', { migrate: false });
    opened.push(fresh);
    const h = openDatabase({ databaseUrl: fresh.url, dataDir: '/nonexistent', poolSize: 1 });
    opened.push(h);
    await sql`create table t (id integer)`.execute(h.db);
    for (let n = 0; n < 4; n++) await sql`select * from t where id = ${n}`.execute(h.db);
    expect(await prepared(h)).toHaveLength(1);
    expect((await migrateToLatest(h)).length).toBeGreaterThan(0);
    expect(await prepared(h)).toEqual([]);
  });

  it('runs a named statement again after it failed in a transaction that was rolled back', async () => {
    const h = open();
    const insert = (id: number) =>
      db(h)
        .insertInto('items')
        .values({ id, label: `new ${id}` })
        .execute();
    for (let id = 101; id <= 104; id++) await insert(id);
    await expect(
      h.db.transaction().execute(async (tx) => {
        await (tx as unknown as Items).insertInto('items').values({ id: 101, label: 'again' }).execute();
      }),
    ).rejects.toThrow(/duplicate key/);
    await insert(105);
    expect(await labelOf(h, 105)).toEqual({ label: 'new 105' });
    expect(await prepared(h)).toEqual([expect.stringMatching(/^insert into "items"/)]);
  });
});
