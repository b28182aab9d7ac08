import { sql } from 'kysely';
import type { DatabaseHandle, DialectName, Tx } from './database.js';

/** An open transaction, and a place to put what must happen only once it has committed. */
export interface Unit {
  tx: Tx;
  dialect: DialectName;
  afterCommit(fn: () => void): void;
}

/**
 * Runs `fn` in one transaction. Side effects registered with `afterCommit` run after a successful commit only:
 * a rolled-back change sends nothing.
 */
export async function inTransaction<T>(handle: DatabaseHandle, fn: (unit: Unit) => Promise<T>): Promise<T> {
  const pending: (() => void)[] = [];
  const result = await handle.db
    .transaction()
    .execute((tx) => fn({ tx, dialect: handle.dialect, afterCommit: (f) => pending.push(f) }));
  for (const f of pending) {
    try {
      f();
    } catch {
      // An after-commit effect failing must not turn a committed change into an error for the caller.
    }
  }
  return result;
}

const WRITE_LOCK = 72_061_013;

/**
 * Serialises writers of the hash-chained tables (audit log, events) on PostgreSQL, where several nodes write
 * at once; SQLite already has a single writer.
 */
export async function lockChain(unit: Unit): Promise<void> {
  if (unit.dialect === 'postgres') await sql`select pg_advisory_xact_lock(${WRITE_LOCK})`.execute(unit.tx);
}
