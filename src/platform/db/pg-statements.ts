import type pg from 'pg';

// PostgreSQL parses, analyses and plans an unnamed statement afresh at every execution, and the driver sends every
// query unnamed. For the report path's short statements that work is a large part of the server's CPU, and the
// application runs the same few hundred texts again and again (the query builder's output, one text per shape).
// Here a text a connection has run a few times becomes a named (prepared) statement of that connection: parsed
// once, its plan cached by PostgreSQL (which still re-plans for the parameters where a generic plan would cost
// more: plan_cache_mode = auto). As PgJDBC does (prepareThreshold 5, 256 statements per connection):
//  - only texts with parameters: a text without any runs by the simple protocol, one message, as before;
//  - a text is named once it has run THRESHOLD times on the connection, so one-off texts (a list of a hundred
//    ids) never take a place;
//  - at most `size` named statements per connection, none ever dropped: the texts a connection runs most are
//    the first to reach the threshold, and the pool closes idle connections, so no statement outlives its use for
//    long;
//  - after a schema change (`invalidate`, called by the migrations) each connection deallocates its statements
//    before its next query: a prepared `select *` of a table that gained a column would fail.
// Behind a pooler in transaction mode (PgBouncer older than 1.21) a named statement may reach another server
// connection: DATABASE_STATEMENT_CACHE=0 turns this off.

/** Named statements per connection unless configured (DATABASE_STATEMENT_CACHE); 0 sends every query unnamed. */
export const STATEMENT_CACHE_SIZE = 256;
/** Runs of a text on a connection before it is named. */
const THRESHOLD = 3;

/** What a connection knows of its texts. */
interface ConnectionState {
  /** The schema's generation the names below were given in. */
  generation: number;
  /** Text → its statement's name. */
  named: Map<string, string>;
  /** Text → runs so far, for texts not named yet (forgotten all at once when it grows past a bound). */
  runs: Map<string, number>;
  /**
   * The last name given: names are never reused (across generations too), so the driver's record of parsed names
   * never misleads it.
   */
  last: number;
}

type Query = (...args: unknown[]) => unknown;

/**
 * Makes the pool's connections name the texts they run often. Returns `invalidate`, to be called after the
 * schema changed.
 */
export function preparingStatements(pool: pg.Pool, size: number): { invalidate(): void } {
  let generation = 0;
  const runsBound = Math.max(1024, size * 8);
  if (size > 0) {
    pool.on('connect', (client) => {
      const state: ConnectionState = { generation, named: new Map(), runs: new Map(), last: 0 };
      const query = client.query.bind(client) as Query;
      const nameOf = (text: string): string | undefined => {
        const name = state.named.get(text);
        if (name !== undefined || state.named.size >= size) return name;
        const runs = (state.runs.get(text) ?? 0) + 1;
        if (runs < THRESHOLD) {
          if (state.runs.size >= runsBound) state.runs.clear();
          state.runs.set(text, runs);
          return undefined;
        }
        state.runs.delete(text);
        const given = `renraku_${++state.last}`;
        state.named.set(text, given);
        return given;
      };
      const naming: Query = (text, values, ...rest) => {
        if (state.generation !== generation) {
          // Queued before the query that follows: the connection runs its queries in order.
          if (state.named.size > 0) (query('deallocate all') as Promise<unknown>).catch(() => {});
          state.generation = generation;
          state.named.clear();
          state.runs.clear();
        }
        if (typeof text !== 'string' || !Array.isArray(values) || values.length === 0 || rest.length > 0)
          return query(text, values, ...rest);
        const name = nameOf(text);
        return name === undefined ? query(text, values) : query({ name, text, values });
      };
      (client as unknown as { query: Query }).query = naming;
    });
  }
  return {
    invalidate() {
      generation++;
    },
  };
}
