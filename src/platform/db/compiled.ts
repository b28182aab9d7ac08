import { type Compilable, CompiledQuery, type QueryResult } from 'kysely';
import type { Executor } from './database.js';

// Kysely builds a query as a tree of frozen nodes and compiles it to text at every call: for a query whose text
// never changes, only its parameters, that is most of what running it costs the server (a token's lookup on
// every request, the next incident number on every report). These queries are built once per database — per
// query compiler and plugins, which every transaction of one Kysely instance shares — and then run as their
// compiled text with the call's parameters.

/** The text of a query of fixed shape, and where each of its parameters comes from. */
interface Shape {
  sql: string;
  /** For each parameter: the index of the argument it is, or a constant the query holds. */
  from: ({ arg: number } | { value: unknown })[];
}

// What a parameter holds as one value (a list or an object would be spread, or turned into text, by Kysely).
const isScalar = (v: unknown) => v === null || ['string', 'number', 'bigint', 'boolean'].includes(typeof v);

// A value no caller passes: the argument's position, between characters no identifier, token or number holds.
const placeholder = (n: number) => `\u0000renraku-argument-${n}\u0000`;

/**
 * Whose queries compile alike — the executor's compiler (through its adapter) and its plugins: the same object
 * for a Kysely instance and every transaction it opens.
 */
export function compilerOf(db: Executor): object {
  const executor = db.getExecutor();
  const plugins = executor.plugins;
  let byPlugins = owners.get(executor.adapter);
  if (!byPlugins) {
    byPlugins = [];
    owners.set(executor.adapter, byPlugins);
  }
  const found = byPlugins.find(
    (o) => o.plugins.length === plugins.length && o.plugins.every((p, i) => p === plugins[i]),
  );
  if (found) return found;
  const owner = { plugins: [...plugins] };
  byPlugins.push(owner);
  return owner;
}
const owners = new WeakMap<object, { plugins: readonly unknown[] }[]>();

/**
 * A query whose text depends on nothing but the database, built by `build` once per database and then run as
 * its text with the arguments as parameters. `build` must use each argument only as a parameter value (never in
 * a list whose length varies, a raw fragment or a branch), and on nothing else that changes (a time, a setting):
 * what is not an argument is kept as it was at the first call. When the compiled query does not hold each argument
 * as a parameter exactly where it was given, the shape is not reused and every call builds the query.
 */
export function compiledOnce<A extends unknown[], R>(
  build: (db: Executor, ...args: A) => Compilable<R>,
): (db: Executor, ...args: A) => Promise<R[]> {
  const shapes = new WeakMap<object, Shape | null>();
  return async (db, ...args) => {
    const owner = compilerOf(db);
    let shape = shapes.get(owner);
    if (shape === undefined) {
      shape = shapeOf(build(db, ...(args.map((_, n) => placeholder(n)) as A)).compile(), args.length);
      shapes.set(owner, shape);
    }
    const query =
      shape && args.every(isScalar)
        ? CompiledQuery.raw(
            shape.sql,
            shape.from.map((f) => ('arg' in f ? args[f.arg] : f.value)),
          )
        : build(db, ...args).compile();
    const result = (await db.executeQuery(query)) as QueryResult<R>;
    return result.rows;
  };
}

/** Where each argument sits among the compiled parameters; null when an argument is not a plain parameter. */
function shapeOf(compiled: CompiledQuery, count: number): Shape | null {
  const seen = new Set<number>();
  const from: Shape['from'] = [];
  for (const p of compiled.parameters) {
    const n =
      typeof p === 'string'
        ? Array.from({ length: count }, (_, i) => i).find((i) => p === placeholder(i))
        : undefined;
    if (n !== undefined) {
      seen.add(n);
      from.push({ arg: n });
    } else if (typeof p === 'string' && p.includes('\u0000renraku-argument-')) return null;
    else from.push({ value: p });
  }
  // An argument that is not among the parameters was written into the text, or decided its shape.
  if (seen.size !== count || compiled.sql.includes('renraku-argument-')) return null;
  return { sql: compiled.sql, from };
}
