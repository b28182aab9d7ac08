import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Kysely, Migrator, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../../src/features/users/tokens.usecases.js';
import type { DatabaseHandle } from '../../src/platform/db/database.js';
import { migrateToLatest } from '../../src/platform/db/migrate.js';
import { migrationsFor } from '../../src/platform/db/migrations/registry.js';
import { inTransaction } from '../../src/platform/db/transaction.js';
import { createTestDatabase, DIALECTS } from '../support/databases.js';
import { startTestApp, TEST_AUDIT_KEY } from '../support/harness.js';
import {
  type Cell,
  cellValue,
  describeSchema,
  RELEASES_DIR,
  SNAPSHOT_AUDIT_KEY,
  type TableDump,
} from '../support/release-snapshot.js';

// Upgrading a deployment of the previous release: a database made by that release's migrations and filled by
// that release's code (test/fixtures/releases/, made by test/support/release-snapshot.ts when it was tagged)
// migrates to this release's schema with every row intact, and this release serves it. A migration that
// changes data on purpose says so here, with what it changes.

const RELEASE = 'v0.1.0';
const fixture = (name: string) => JSON.parse(readFileSync(join(RELEASES_DIR, RELEASE, name), 'utf8'));
const { migrations } = fixture('migrations.json') as { migrations: string[] };
const { tables } = fixture('data.json') as { tables: Record<string, TableDump> };

/** A row as compared: cells in the dump's form (bytes as base64), numbers as numbers. */
const comparable = (row: unknown[]): string =>
  JSON.stringify(
    row.map(
      (v): Cell =>
        Buffer.isBuffer(v) || v instanceof Uint8Array
          ? { base64: Buffer.from(v).toString('base64') }
          : typeof v === 'bigint'
            ? Number(v)
            : (v as Cell),
    ),
  );

describe.each(DIALECTS)('upgrading a %s database of the previous release', (dialect) => {
  let handle: DatabaseHandle;
  let applied: string[];

  beforeAll(async () => {
    handle = await createTestDatabase(dialect, { migrate: false });
    const migrator = new Migrator({
      db: handle.db as unknown as Kysely<unknown>,
      provider: { getMigrations: async () => migrationsFor(handle.dialect) },
    });
    const last = migrations.at(-1) as string;
    const { error } = await migrator.migrateTo(last);
    if (error) throw error;
  });
  afterAll(async () => {
    await handle?.destroy();
  });

  it("has, after the release's migrations, exactly the schema the release had", async () => {
    expect(await describeSchema(handle)).toEqual(fixture(`schema.${dialect}.json`));
  });

  it("takes the release's data, migrates to this release, and keeps every row", async () => {
    // The rows as the release wrote them; foreign keys are checked by the data itself, not row by row here.
    const load = async (db: Kysely<unknown>) => {
      for (const [table, dump] of Object.entries(tables))
        for (let i = 0; i < dump.rows.length; i += 200) {
          const values = dump.rows
            .slice(i, i + 200)
            .map((row) => Object.fromEntries(dump.columns.map((c, j) => [c, cellValue(row[j] as Cell)])));
          await db
            .insertInto(table as never)
            .values(values as never)
            .execute();
        }
    };
    const db = handle.db as unknown as Kysely<unknown>;
    if (dialect === 'sqlite') {
      await sql`pragma foreign_keys = off`.execute(db);
      await db.transaction().execute(load);
      await sql`pragma foreign_keys = on`.execute(db);
      const { rows } = await sql`pragma foreign_key_check`.execute(db);
      expect(rows).toEqual([]);
    } else {
      await db.transaction().execute(async (tx) => {
        await sql`set local session_replication_role = replica`.execute(tx);
        await load(tx);
      });
      // Sequences move on past the rows given with their numbers.
      const { rows } = await sql<{ table_name: string; column_name: string }>`
        select table_name, column_name from information_schema.columns
        where table_schema = current_schema() and column_default like 'nextval(%'`.execute(db);
      for (const r of rows)
        await sql`select setval(pg_get_serial_sequence(${r.table_name}, ${r.column_name}),
          coalesce((select max(${sql.ref(r.column_name)}) from ${sql.table(r.table_name)}), 1))`.execute(db);
    }

    applied = await migrateToLatest(handle);
    expect(applied).toEqual(Object.keys(migrationsFor(dialect)).sort().slice(migrations.length));

    for (const [table, dump] of Object.entries(tables)) {
      const { rows } = await sql<Record<string, unknown>>`select ${sql.join(
        dump.columns.map((c) => sql.ref(c)),
      )} from ${sql.table(table)}`.execute(db);
      const got = rows.map((r) => comparable(dump.columns.map((c) => r[c]))).sort();
      const want = dump.rows.map((r) => comparable(r.map(cellValue))).sort();
      expect(got, `${table} after the upgrade`).toEqual(want);
    }
  });

  it('is served by this release: the audit chain verifies, the center reads the reports', async () => {
    expect(TEST_AUDIT_KEY.toString('utf8')).toBe(SNAPSHOT_AUDIT_KEY);
    const t = await startTestApp(dialect, { handle });
    try {
      expect(await t.services.audit.verify(handle.db)).toMatchObject({ ok: true });
      const users = tables.users as TableDump;
      const role = users.columns.indexOf('role');
      const analyst = users.rows.find((r) => r[role] === 'center-analyst') as Cell[];
      const token = await inTransaction(handle, (unit) =>
        createToken({
          unit,
          actor: null,
          userId: analyst[users.columns.indexOf('id')] as string,
          name: 'upgrade',
          deps: { audit: t.services.audit, clock: t.clock },
        }),
      );
      const res = await t.app.inject({
        method: 'GET',
        url: '/api/v1/incidents',
        headers: { authorization: `Bearer ${token.secret}` },
      });
      expect(res.statusCode, res.body).toBe(200);
      const ids = (res.json() as { items: { id: string }[] }).items.map((i) => i.id);
      const incidents = tables.incidents as TableDump;
      const released = incidents.rows.map((r) => r[incidents.columns.indexOf('id')]);
      expect(ids.length).toBeGreaterThan(0);
      for (const id of ids) expect(released).toContain(id);
    } finally {
      await t.app.close();
      await t.services.close();
    }
  });
});
