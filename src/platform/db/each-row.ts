import { CompiledQuery, SqliteAdapter } from 'kysely';
import type { Executor } from './database.js';

// A bulk load's rows (a STIX bundle's tens of thousands of values) on SQLite: a multi-row insert binds every
// row's parameters into one statement and, through json_each, has SQLite parse the rows back out of one JSON
// text (a json_extract per column). One prepared single-row statement run once per row, inside the open
// transaction, does the same writes for less: better-sqlite3 binds the row's values directly. The rows travel as
// the query's parameters (one array per row) and the statement's text starts with EACH_ROW, which the SQLite
// connection (see `openDatabase`) recognises: one call from the caller, the loop in the driver.

/** The comment a statement's text starts with when it is to be run once per row of its parameters (SQLite). */
export const EACH_ROW = '/* each row */ ';

/** Whether the executor speaks to SQLite (where `insertEachRow` applies). */
export const onSqlite = (db: Executor): boolean => db.getExecutor().adapter instanceof SqliteAdapter;

/**
 * Runs a single-row statement (`insert … values (?, …)`, placeholders in the order of each row's values) once
 * for every row, on SQLite only; answers how many rows it changed.
 */
export async function insertEachRow(
  db: Executor,
  text: string,
  rows: readonly (readonly unknown[])[],
): Promise<number> {
  if (rows.length === 0) return 0;
  const result = await db.executeQuery(CompiledQuery.raw(`${EACH_ROW}${text}`, rows as unknown[]));
  return Number(result.numAffectedRows ?? 0);
}
