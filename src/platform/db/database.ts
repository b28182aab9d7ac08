import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import {
  type Dialect,
  Kysely,
  PostgresDialect,
  type SqliteDatabase,
  SqliteDialect,
  type SqliteStatement,
  type Transaction,
} from 'kysely';
import pg from 'pg';
import type { AuditTables } from '../audit/audit.table.js';
import type { AuthTables } from '../auth/auth.table.js';
import type { EventsTables } from '../events/events.table.js';
import type { IdempotencyTables } from '../http/idempotency.table.js';
import type { OutboxTables } from '../outbox/outbox.table.js';
import { ROWS_AS_ARRAYS } from './arrays.js';
import { EACH_ROW } from './each-row.js';
import { EmptyListPlugin } from './empty-lists.js';
import { preparingStatements, STATEMENT_CACHE_SIZE } from './pg-statements.js';

/**
 * The database as the application sees it. Times are ISO 8601 UTC strings with milliseconds, which sort
 * correctly as text on both SQLite and PostgreSQL; booleans are 0/1 integers; JSON is text.
 *
 * The platform declares its own tables here; each feature's tables (`src/features/<x>/<x>.table.ts`) are added at
 * the edge, in `src/database.ts`, so that the platform never imports a feature.
 */
export interface Database extends AuditTables, AuthTables, EventsTables, IdempotencyTables, OutboxTables {}

export type DialectName = 'sqlite' | 'postgres';
export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;
/** A database handle or an open transaction: what read helpers accept. */
export type Executor = Kysely<Database> | Transaction<Database>;

export interface DatabaseHandle {
  db: Db;
  dialect: DialectName;
  /** The PostgreSQL pool, for LISTEN; absent on SQLite. */
  pool?: pg.Pool;
  url: string;
  destroy(): Promise<void>;
  /**
   * SQLite: a number that changes whenever another connection (another process: the CLI, a second server) has
   * committed to the file since this connection last asked (PRAGMA data_version); this process's own commits
   * leave it as it is.
   */
  dataVersion?: () => number;
  /**
   * SQLite: rows this connection has written since it opened (`total_changes()`, triggers' and aborted
   * statements' included: it never stays put across a write), and whether a transaction is open on it (SQLite
   * ends one by itself after some errors).
   */
  writes?: () => { rows: number; inTransaction: boolean };
  /** To be called once the schema has changed (migrations applied): statements kept prepared are let go. */
  schemaChanged?: () => void;
}

// bigint columns (audit and event sequence numbers) stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

export interface DatabaseOptions {
  databaseUrl?: string | undefined;
  dataDir: string;
  /** Embedded database file; ':memory:' for tests that need no file. */
  sqliteFile?: string;
  poolSize?: number;
  /** PostgreSQL: named statements per connection (0: none); see pg-statements.ts. */
  statementCache?: number;
}

const STATEMENT_CACHE = 500;

/**
 * Kysely prepares every query afresh; compiling the same few dozen statements again and again was a fifth of the
 * SQL time of a quick report. Statements are reused by their text (the connection is used by one query at a
 * time, and SQLite re-prepares a statement by itself after a schema change).
 */
function reusingStatements(sqlite: SQLite.Database): SqliteDatabase {
  const prepared = new Map<string, SqliteStatement>();
  return {
    close: () => sqlite.close(),
    prepare(text) {
      let statement = prepared.get(text);
      if (!statement) {
        const native = sqlite.prepare(text);
        if (text.startsWith(ROWS_AS_ARRAYS)) native.raw(true);
        statement = text.startsWith(EACH_ROW) ? eachRow(native) : native;
        if (prepared.size >= STATEMENT_CACHE) prepared.delete(prepared.keys().next().value as string);
        prepared.set(text, statement);
      }
      return statement;
    },
  };
}

/** A single-row statement run once per row of its parameters (see each-row.ts). */
function eachRow(statement: SQLite.Statement): SqliteStatement {
  const refuse = () => {
    throw new Error('a statement run per row answers no rows');
  };
  return {
    reader: false,
    all: refuse,
    iterate: refuse,
    run(rows) {
      let changes = 0;
      for (const row of rows as readonly unknown[][]) changes += statement.run(row).changes;
      return { changes, lastInsertRowid: 0 };
    },
  };
}

/** Opens the configured database: PostgreSQL when a postgres:// URL is given, otherwise embedded SQLite. */
export function openDatabase(options: DatabaseOptions): DatabaseHandle {
  const url = options.databaseUrl;
  if (url && /^postgres(ql)?:\/\//.test(url)) {
    const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10 });
    // A pooled connection that dies must not take the process down with it.
    pool.on('error', () => {});
    const statements = preparingStatements(pool, options.statementCache ?? STATEMENT_CACHE_SIZE);
    const db = new Kysely<Database>({
      dialect: new PostgresDialect({ pool }),
      plugins: [new EmptyListPlugin()],
    });
    return {
      db,
      dialect: 'postgres',
      pool,
      url,
      destroy: () => db.destroy(),
      schemaChanged: statements.invalidate,
    };
  }
  if (url) throw new Error('DATABASE_URL must start with postgres:// or postgresql://');
  const file = options.sqliteFile ?? join(options.dataDir, 'renraku.sqlite');
  if (file !== ':memory:') mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const dialect: Dialect = new SqliteDialect({ database: reusingStatements(sqlite) });
  // Prepared once: asked before kept copies are used, on every request that authenticates.
  const dataVersion = sqlite.prepare('pragma data_version').pluck();
  const totalChanges = sqlite.prepare('select total_changes()').pluck();
  const db = new Kysely<Database>({ dialect, plugins: [new EmptyListPlugin()] });
  return {
    db,
    dialect: 'sqlite',
    url: file,
    destroy: () => db.destroy(),
    dataVersion: () => dataVersion.get() as number,
    writes: () => ({ rows: totalChanges.get() as number, inTransaction: sqlite.inTransaction }),
  };
}
