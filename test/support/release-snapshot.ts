import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { sql } from 'kysely';
import { loadConfig } from '../../src/config.js';
import { loadDemo } from '../../src/features/demo/demo.usecases.js';
import { fixedClock } from '../../src/platform/clock.js';
import { type DatabaseHandle, openDatabase } from '../../src/platform/db/database.js';
import { migrateToLatest } from '../../src/platform/db/migrate.js';
import { migrationsFor } from '../../src/platform/db/migrations/registry.js';
import { buildServices } from '../../src/services.js';

// A released schema and a database filled by that release, kept as test fixtures so that every later release
// is tested to migrate it with its data intact (test/platform/upgrade.test.ts). Made once per release:
//
//   RENRAKU_TEST_POSTGRES_URL=postgres://… npx tsx test/support/release-snapshot.ts v0.1.0
//
// writes test/fixtures/releases/<version>/: the migrations of the release, the schema each dialect has after
// them, and every row of a database the release filled (the demo government, its reports, shares and audit log).

export const RELEASES_DIR = resolve(import.meta.dirname, '../fixtures/releases');
/** The audit key the fixture's chain was written with (the test suite's). */
export const SNAPSHOT_AUDIT_KEY = 'test-audit-key-0123456789abcdef';

const own = (name: string) => !name.startsWith('kysely_') && !name.startsWith('sqlite_');

/** The schema as the database describes it, in an order and a form that do not depend on how it was made. */
export async function describeSchema(handle: DatabaseHandle): Promise<unknown> {
  if (handle.dialect === 'sqlite') {
    const { rows } = await sql<{ type: string; name: string; tbl_name: string; sql: string | null }>`
      select type, name, tbl_name, sql from sqlite_master order by type, name`.execute(handle.db);
    return rows
      .filter((r) => own(r.name) && own(r.tbl_name))
      .map((r) => ({ ...r, sql: r.sql?.replace(/\s+/g, ' ').trim() ?? null }));
  }
  const columns = await sql`
    select table_name, column_name, data_type, is_nullable, column_default
    from information_schema.columns where table_schema = current_schema() and table_name not like 'kysely_%'
    order by table_name, ordinal_position`.execute(handle.db);
  const indexes = await sql`
    select tablename, indexname, indexdef from pg_indexes
    where schemaname = current_schema() and tablename not like 'kysely_%' order by tablename, indexname`.execute(
    handle.db,
  );
  const constraints = await sql`
    select conrelid::regclass::text as "table", conname, pg_get_constraintdef(oid) as definition from pg_constraint
    where connamespace = current_schema()::regnamespace and conrelid::regclass::text not like 'kysely_%'
    order by 1, 2`.execute(handle.db);
  return { columns: columns.rows, indexes: indexes.rows, constraints: constraints.rows };
}

export type Cell = string | number | null | { base64: string };
export interface TableDump {
  columns: string[];
  rows: Cell[][];
}

const cellOf = (v: unknown): Cell =>
  Buffer.isBuffer(v) || v instanceof Uint8Array
    ? { base64: Buffer.from(v).toString('base64') }
    : (v as string | number | null);
export const cellValue = (c: Cell): unknown =>
  c !== null && typeof c === 'object' ? Buffer.from(c.base64, 'base64') : c;

/** Every row of every table of ours (SQLite), in primary-key order. */
async function dumpRows(handle: DatabaseHandle): Promise<Record<string, TableDump>> {
  const { rows: tables } = await sql<{ name: string; sql: string }>`
    select name, sql from sqlite_master where type = 'table' order by name`.execute(handle.db);
  // A full-text table's own storage (its _data, _idx… tables) is SQLite's: the table itself is dumped.
  const virtual = tables.filter((t) => /^create virtual table/i.test(t.sql)).map((t) => `${t.name}_`);
  const out: Record<string, TableDump> = {};
  for (const { name } of tables.filter((t) => own(t.name) && !virtual.some((v) => t.name.startsWith(v)))) {
    const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(name)}`.execute(handle.db);
    const { rows: info } = await sql<{ name: string }>`select name from pragma_table_info(${name})`.execute(
      handle.db,
    );
    const columns = info.map((c) => c.name);
    out[name] = { columns, rows: rows.map((r) => columns.map((c) => cellOf(r[c]))) };
  }
  return out;
}

async function snapshot(version: string): Promise<void> {
  const dir = join(RELEASES_DIR, version);
  mkdirSync(dir, { recursive: true });
  const scratch = mkdtempSync(join(tmpdir(), 'renraku-release-'));
  try {
    const sqlite = openDatabase({ dataDir: scratch });
    const names = await migrateToLatest(sqlite);
    const migrations = Object.keys(migrationsFor('sqlite')).sort();
    if (names.join() !== migrations.join()) throw new Error('the registry and the applied migrations differ');
    writeFileSync(
      join(dir, 'migrations.json'),
      `${JSON.stringify({ release: version, migrations }, null, 2)}\n`,
    );
    writeFileSync(
      join(dir, 'schema.sqlite.json'),
      `${JSON.stringify(await describeSchema(sqlite), null, 1)}\n`,
    );

    // Filled as the release fills it: the demo government, by the release's own code, at a fixed time.
    const config = loadConfig({}, { dataDir: scratch, logLevel: 'silent' });
    const services = buildServices(config, {
      clock: fixedClock('2026-12-06T00:00:00.000Z'),
      handle: sqlite,
      auditKey: Buffer.from(SNAPSHOT_AUDIT_KEY),
    });
    await loadDemo(services);
    const data = await dumpRows(sqlite);
    await services.close();
    writeFileSync(join(dir, 'data.json'), `${JSON.stringify({ release: version, tables: data })}\n`);

    const url = process.env.RENRAKU_TEST_POSTGRES_URL;
    if (!url) throw new Error('set RENRAKU_TEST_POSTGRES_URL to describe the PostgreSQL schema too');
    const pg = openDatabase({ databaseUrl: url, dataDir: scratch, poolSize: 1 });
    const name = `renraku_release_${process.pid}`;
    await sql`create database ${sql.id(name)}`.execute(pg.db);
    const target = new URL(url);
    target.pathname = `/${name}`;
    const fresh = openDatabase({ databaseUrl: target.toString(), dataDir: scratch, poolSize: 1 });
    try {
      await migrateToLatest(fresh);
      writeFileSync(
        join(dir, 'schema.postgres.json'),
        `${JSON.stringify(await describeSchema(fresh), null, 1)}\n`,
      );
    } finally {
      await fresh.destroy();
      await sql`drop database ${sql.id(name)} with (force)`.execute(pg.db);
      await pg.destroy();
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const version = process.argv[2];
  if (!version || !/^v\d+\.\d+\.\d+$/.test(version)) {
    console.error('usage: npx tsx test/support/release-snapshot.ts vX.Y.Z');
    process.exit(2);
  }
  await snapshot(version);
}
