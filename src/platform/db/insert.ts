import {
  type Compilable,
  CompiledQuery,
  type Insertable,
  type InsertQueryBuilder,
  type InsertResult,
} from 'kysely';
import { compilerOf } from './compiled.js';
import type { Database, Executor } from './database.js';

type Table = keyof Database & string;
/** How an insert ends after its values, when it does not end there: a name for the cache, and the clause. */
export interface InsertEnding<T extends Table, R> {
  name: string;
  finish: (query: InsertQueryBuilder<Database, T, InsertResult>) => Compilable<R>;
}

// What Kysely writes into the query's text instead of passing it as a parameter (sql`…`, a reference).
const isExpression = (v: unknown) =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as { toOperationNode?: unknown }).toOperationNode === 'function';

// The text Kysely compiled, by compiler (a database and all its transactions: see compilerOf) and shape of the rows.
const compiled = new WeakMap<object, Map<string, string | null>>();
const SHAPES = 500;

/**
 * Inserts rows of one shape (the same columns, all set) with one statement, as Kysely would write it, and
 * returns the rows of its `returning` clause (none without one). Kysely builds and compiles the query for the first rows of a shape on a
 * database; the rows after that reuse its text with their own parameters: on the report path, where a commit
 * group runs the same inserts for every unit, building queries cost a tenth of the server's CPU. The reuse is
 * checked once per shape: if Kysely's parameters are not the rows' values in column order, that shape is always
 * built by Kysely; rows with an expression among their values (sql`…`, a callback) are always built by Kysely.
 */
export async function insertRows<T extends Table, R = never>(
  db: Executor,
  table: T,
  rows: readonly Insertable<Database[T]>[],
  ending?: InsertEnding<T, R>,
): Promise<R[]> {
  if (rows.length === 0) return [];
  return (await db.executeQuery(insertQuery(db, table, rows, ending))).rows as R[];
}

/** The statement insertRows runs for these rows (at least one), to be sent with others (see writeTogether). */
export function insertQuery<T extends Table, R = never>(
  db: Executor,
  table: T,
  rows: readonly Insertable<Database[T]>[],
  ending?: InsertEnding<T, R>,
): CompiledQuery {
  const first = rows[0];
  if (!first) throw new Error(`no row to insert into ${table}`);
  const columns = Object.keys(first).filter((c) => (first as Record<string, unknown>)[c] !== undefined);
  const values: unknown[] = [];
  let sameShape = true;
  for (const row of rows) {
    const r = row as Record<string, unknown>;
    if (Object.keys(r).filter((c) => r[c] !== undefined).length !== columns.length) sameShape = false;
    for (const c of columns) {
      const v = r[c];
      if (v === undefined || typeof v === 'function' || isExpression(v)) sameShape = false;
      values.push(v);
    }
  }
  const built = (): Compilable<unknown> => {
    const query = db.insertInto(table).values(rows as Insertable<Database[T]>[]);
    return ending ? ending.finish(query) : query;
  };
  if (!sameShape) return built().compile();
  const key = `${table}\u0000${ending?.name ?? ''}\u0000${rows.length}\u0000${columns.join('\u0000')}`;
  const compiler = compilerOf(db);
  let shapes = compiled.get(compiler);
  if (!shapes) {
    shapes = new Map();
    compiled.set(compiler, shapes);
  }
  const text = shapes.get(key);
  if (text === null) return built().compile();
  if (text !== undefined) return CompiledQuery.raw(text, values);
  const query = built().compile();
  const reusable =
    query.parameters.length === values.length && query.parameters.every((p, i) => p === values[i]);
  // Kept for the life of the process: the shapes are few, but a count of rows is part of one (a bulk load's
  // last chunk, a report's fingerprints): past the bound, the oldest shape is dropped.
  if (shapes.size >= SHAPES) shapes.delete(shapes.keys().next().value as string);
  shapes.set(key, reusable ? query.sql : null);
  return query;
}
