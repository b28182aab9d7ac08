import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { inject, it } from 'vitest';
import { type DatabaseHandle, openDatabase } from '../../src/platform/db/database.js';

/** Every database test runs once per dialect. */
export const DIALECTS = ['sqlite', 'postgres'] as const;
export type TestDialect = (typeof DIALECTS)[number];

/**
 * Browser tests drive the app on SQLite; the API and access suites run every case, every rule and every attack
 * on both dialects. The browser files where the dialect changes what a person sees use DIALECTS, and run on the
 * other dialects only the cases that show it (see onBrowserDialects): the live stream, which crosses PostgreSQL
 * by LISTEN/NOTIFY (live.test.ts), the list's filters, search, sorts and paging, trigram indexes and cursors of
 * each (lists.test.ts), an attachment stored as BLOB or bytea and downloaded (attachments.test.ts), a question
 * answered live and a report sent back (conversation.test.ts), the incident numbers of each fiscal year
 * (jp-forms.test.ts) and an exercise's inject played, paused and resumed on its control page (exercises.test.ts).
 */
export const BROWSER_DIALECTS: readonly TestDialect[] = ['sqlite'];

let counter = 0;

/**
 * A new database of the dialect, migrated (a copy of the run's migrated template, see databases-global.ts) or,
 * with `migrate: false`, empty; `destroy` removes it.
 */
export async function createTestDatabase(dialect: TestDialect, options: { migrate?: boolean } = {}) {
  const migrated = options.migrate !== false;
  let handle: DatabaseHandle;
  let cleanup: () => Promise<void>;
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'renraku-sqlite-'));
    if (migrated) copyFileSync(inject('sqliteTemplate'), join(dir, 'renraku.sqlite'));
    handle = openDatabase({ dataDir: dir });
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  } else {
    const adminUrl = inject('postgresUrl');
    const name = migrated ? await migratedCopy() : await newDatabase(false);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    handle = openDatabase({ databaseUrl: url.toString(), dataDir: tmpdir(), poolSize: 20 });
    cleanup = async () => {
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    };
  }
  const destroy = handle.destroy;
  return {
    ...handle,
    async destroy() {
      await destroy();
      await cleanup();
    },
  } satisfies DatabaseHandle;
}

/** A new PostgreSQL database of this run: a copy of the migrated template, or empty. */
async function newDatabase(migrated: boolean): Promise<string> {
  const name = `${inject('postgresTestPrefix')}_${process.pid}_${counter++}`;
  const admin = new pg.Client({ connectionString: inject('postgresUrl') });
  await admin.connect();
  try {
    await admin.query(
      migrated
        ? `create database ${name} template ${inject('postgresTemplate')}${await copyStrategy(admin)}`
        : `create database ${name}`,
    );
  } finally {
    await admin.end();
  }
  return name;
}

/** The copy made for this worker's next migrated database, while the one before it is in use. */
let nextCopy: Promise<string | undefined> | undefined;

/**
 * A copy of the migrated template. Making one is PostgreSQL's work (a file copy and its checkpoints: from a
 * third of a second to more than one on a loaded CI machine) that the test waited for, once per file or more:
 * each copy handed out starts the next, which is ready when the worker's next file asks. One copy per worker is
 * left over at the end of the run; the global teardown drops it with the run's others (databases-global.ts).
 */
async function migratedCopy(): Promise<string> {
  const ready = nextCopy;
  nextCopy = newDatabase(true).catch(() => undefined);
  return (await ready) ?? (await newDatabase(true));
}

let fileCopy: Promise<boolean> | undefined;
/**
 * How PostgreSQL copies the template: from version 15 it writes each block of the copy to its write-ahead log
 * (WAL_LOG) by default, which for the template's 11 MB took 1.7 s against 1.15 s copying the files (FILE_COPY;
 * 10 copies at load 15). The suite makes hundreds of databases; CI's server runs with fsync off, so the
 * checkpoint FILE_COPY asks for writes to memory. Older servers have one way only and no STRATEGY.
 */
async function copyStrategy(admin: pg.Client): Promise<string> {
  fileCopy ??= admin
    .query<{ server_version_num: string }>('show server_version_num')
    .then((r) => Number(r.rows[0]?.server_version_num) >= 150_000);
  return (await fileCopy) ? ' strategy file_copy' : '';
}

/**
 * `it` on the browser dialects, nothing on the others: in a browser file run on every dialect, the cases where
 * the database changes nothing a person sees.
 */
export function onBrowserDialects(dialect: TestDialect): typeof it {
  if (BROWSER_DIALECTS.includes(dialect)) return it;
  return (() => undefined) as unknown as typeof it;
}
