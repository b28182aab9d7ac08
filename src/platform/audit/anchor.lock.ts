import { sql } from 'kysely';
import type { DatabaseHandle, Executor } from '../db/database.js';

const FILE_LOCK = 72_061_014;

/**
 * Runs `fn` while no other process of this deployment appends to the anchor file (nodes may share its folder,
 * and the CLI may run beside the server): PostgreSQL's advisory lock, SQLite's write lock (BEGIN IMMEDIATE).
 * `fn` does file work only; what it reads through `db` is read under the lock.
 */
export async function withAnchorFileLock<T>(
  handle: DatabaseHandle,
  fn: (db: Executor) => Promise<T>,
): Promise<T> {
  if (handle.dialect === 'postgres')
    return handle.db.transaction().execute(async (tx) => {
      await sql`select pg_advisory_xact_lock(${FILE_LOCK})`.execute(tx);
      return fn(tx);
    });
  return handle.db.connection().execute(async (db) => {
    await sql`begin immediate`.execute(db);
    try {
      const result = await fn(db);
      await sql`commit`.execute(db);
      return result;
    } catch (e) {
      await sql`rollback`.execute(db);
      throw e;
    }
  });
}
