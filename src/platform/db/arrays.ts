import { type Compilable, CompiledQuery } from 'kysely';
import type { Executor } from './database.js';

// A pass over many rows (the annual report's, hundreds of thousands of incidents) spends a third of its time
// building one object per row, keyed by column name. Such a query may ask for its rows as arrays of the column
// values, in the select's order: on SQLite the statement hands them so (better-sqlite3's raw mode, recognised by
// the text's first comment, see `openDatabase`); on PostgreSQL each row object is read in column order.

/** The comment a query's text starts with when its rows are wanted as arrays (SQLite). */
export const ROWS_AS_ARRAYS = '/* rows as arrays */ ';

/** Runs a select and answers its rows as arrays of the column values, in the order the select names them. */
export async function rowsAsArrays(db: Executor, query: Compilable<unknown>): Promise<unknown[][]> {
  const compiled = query.compile();
  const { rows } = await db.executeQuery<unknown>(
    CompiledQuery.raw(`${ROWS_AS_ARRAYS}${compiled.sql}`, [...compiled.parameters]),
  );
  return rows.map((row) => (Array.isArray(row) ? row : Object.values(row as object)));
}
