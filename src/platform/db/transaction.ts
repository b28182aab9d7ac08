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
  if (handle.dialect === 'sqlite') return groupCommitter(handle).run(fn);
  const pending: (() => void)[] = [];
  const result = await handle.db
    .transaction()
    .execute((tx) => fn({ tx, dialect: handle.dialect, afterCommit: (f) => pending.push(f) }));
  runAfterCommit(pending);
  return result;
}

function runAfterCommit(pending: (() => void)[]) {
  for (const f of pending) {
    try {
      f();
    } catch {
      // An after-commit effect failing must not turn a committed change into an error for the caller.
    }
  }
}

interface Waiting {
  fn: (unit: Unit) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

const MAX_GROUP = 64;
const yieldTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
const committers = new WeakMap<DatabaseHandle, { run<T>(fn: (unit: Unit) => Promise<T>): Promise<T> }>();

/**
 * Group commit for SQLite. SQLite has one writer and synchronous=FULL syncs the disk at every commit, so the
 * transactions that queue up while one runs are run together, each in its own savepoint, and committed with
 * one sync. Each unit still sees its own rollback (to its savepoint) on error; none is answered, and none has
 * its after-commit effects run, before the commit that makes it durable.
 */
function groupCommitter(handle: DatabaseHandle) {
  const existing = committers.get(handle);
  if (existing) return existing;
  const queue: Waiting[] = [];
  let draining = false;

  async function runGroup() {
    const committed: { job: Waiting; result: unknown; pending: (() => void)[] }[] = [];
    try {
      await handle.db.transaction().execute(async (tx) => {
        for (let n = 0; n < MAX_GROUP && queue.length > 0; n++) {
          const job = queue.shift() as Waiting;
          const pending: (() => void)[] = [];
          await sql`savepoint unit`.execute(tx);
          try {
            const result = await job.fn({ tx, dialect: handle.dialect, afterCommit: (f) => pending.push(f) });
            await sql`release unit`.execute(tx);
            committed.push({ job, result, pending });
          } catch (e) {
            job.reject(e);
            await sql`rollback to unit`.execute(tx);
            await sql`release unit`.execute(tx);
          }
        }
      });
    } catch (e) {
      for (const { job } of committed) job.reject(e);
      return;
    }
    for (const { job, result, pending } of committed) {
      runAfterCommit(pending);
      job.resolve(result);
    }
  }

  const committer = {
    run<T>(fn: (unit: Unit) => Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ fn, resolve: resolve as (value: unknown) => void, reject });
        if (draining) return;
        draining = true;
        void (async () => {
          try {
            // Yield one turn of the event loop first, so that requests already read from the network reach
            // the queue (their authentication needs the connection that a running group holds).
            for (await yieldTurn(); queue.length > 0; await yieldTurn()) await runGroup();
          } finally {
            draining = false;
          }
        })();
      });
    },
  };
  committers.set(handle, committer);
  return committer;
}

const WRITE_LOCK = 72_061_013;

/**
 * Serialises writers of the hash-chained tables (audit log, events) on PostgreSQL, where several nodes write
 * at once; SQLite already has a single writer.
 */
export async function lockChain(unit: Unit): Promise<void> {
  if (unit.dialect === 'postgres') await sql`select pg_advisory_xact_lock(${WRITE_LOCK})`.execute(unit.tx);
}
