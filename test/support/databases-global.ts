import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../src/platform/db/database.js';
import { migrateToLatest } from '../../src/platform/db/migrate.js';
import { startThrowawayPostgres } from './throwaway-postgres.js';

// The database suite runs on SQLite and on PostgreSQL. With RENRAKU_TEST_POSTGRES_URL set (CI does), tests use
// that server; otherwise a throw-away PostgreSQL cluster is started from the installed binaries and removed after.
//
// Each dialect's schema is migrated once per run, into a template: a test's new database is a copy of it (the
// SQLite file copied, PostgreSQL's CREATE DATABASE … TEMPLATE), not thirty migrations run again for each of the
// suite's hundreds of databases. The migrations themselves are tested on empty databases
// (createTestDatabase's `migrate: false`: migrations.test.ts and the data migrations' own tests).

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
    /** A migrated SQLite file, copied for each test database. */
    sqliteTemplate: string;
    /** A migrated PostgreSQL database nobody connects to, the template of each test database. */
    postgresTemplate: string;
    /** How the names of this run's PostgreSQL test databases begin (the teardown drops any left). */
    postgresTestPrefix: string;
  }
}

export default async function setup(project: TestProject) {
  const given = process.env.RENRAKU_TEST_POSTGRES_URL;
  // Durable (fsync on) only when asked: the crash test's figures for the README are taken that way.
  const durable = process.env.RENRAKU_TEST_POSTGRES_DURABLE === '1';
  const cluster = given ? undefined : await startThrowawayPostgres({ durable });
  const url = given ?? (cluster as { url: string }).url;
  project.provide('postgresUrl', url);

  // Both templates at once: PostgreSQL's migrations wait on its server while SQLite's run here.
  const sqliteDir = mkdtempSync(join(tmpdir(), 'renraku-template-'));
  const template = `renraku_template_${process.pid}_${Date.now()}`;
  await Promise.all([
    (async () => {
      const sqlite = openDatabase({ dataDir: sqliteDir });
      await migrateToLatest(sqlite);
      await sqlite.destroy(); // closing the last connection folds the write-ahead log into the file
    })(),
    (async () => {
      await adminQuery(url, `create database ${template}`);
      const target = new URL(url);
      target.pathname = `/${template}`;
      const postgres = openDatabase({ databaseUrl: target.toString(), dataDir: tmpdir(), poolSize: 2 });
      await migrateToLatest(postgres);
      await postgres.destroy();
    })(),
  ]);
  project.provide('sqliteTemplate', join(sqliteDir, 'renraku.sqlite'));
  project.provide('postgresTemplate', template);
  const testPrefix = `renraku_t_${process.pid}_${Date.now()}`;
  project.provide('postgresTestPrefix', testPrefix);

  return async () => {
    // The template first: its drop waits for a copy still being made of it (see databases.ts, migratedCopy).
    await adminQuery(url, `drop database if exists ${template} with (force)`);
    for (const name of await adminNames(url, testPrefix))
      await adminQuery(url, `drop database if exists ${name} with (force)`);
    rmSync(sqliteDir, { recursive: true, force: true });
    await cluster?.stop();
  };
}

async function adminQuery(url: string, statement: string): Promise<void> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(statement);
  } finally {
    await admin.end();
  }
}

/** The databases whose names begin with the prefix and an underscore. */
async function adminNames(url: string, prefix: string): Promise<string[]> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ datname: string }>(
      "select datname from pg_database where starts_with(datname, $1 || '_')",
      [prefix],
    );
    return rows.map((r) => r.datname);
  } finally {
    await admin.end();
  }
}
