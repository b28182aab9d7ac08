import { CompiledQuery } from 'kysely';
import type { DialectName, Executor } from './database.js';

/**
 * Runs writes whose results nobody reads (inserts without `returning`, updates) as one statement where that
 * saves round trips: on PostgreSQL, the writes of a data-modifying WITH (each its own CTE), one round trip
 * instead of one each; on SQLite, in process, one after the other. On PostgreSQL the writes see the same
 * snapshot, not each other's rows, and foreign keys are checked at the statement's end: a row may reference
 * one inserted by an earlier write of the same call, never read it. In order on SQLite, where a write may.
 */
export async function writeTogether(
  db: Executor,
  dialect: DialectName,
  writes: readonly CompiledQuery[],
): Promise<void> {
  if (dialect === 'sqlite' || writes.length < 2) {
    for (const w of writes) await db.executeQuery(w);
    return;
  }
  const parameters: unknown[] = [];
  const parts = writes.map((w, i) => {
    const offset = parameters.length;
    parameters.push(...w.parameters);
    // Kysely writes every value as a parameter ($1…): numbered on from the writes before.
    const text = offset === 0 ? w.sql : w.sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`);
    return `w${i} as (${text})`;
  });
  await db.executeQuery(CompiledQuery.raw(`with ${parts.join(', ')} select 1`, parameters));
}
