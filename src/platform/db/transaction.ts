import { type CompiledQuery, sql } from 'kysely';
import { CHANGES_CHANNEL, changesOf } from './changes.js';
import type { DatabaseHandle, DialectName, Executor, Tx } from './database.js';
import { writeTogether } from './together.js';

/** An open transaction, and places to put what must happen at its end and once it has committed. */
export interface Unit {
  tx: Tx;
  dialect: DialectName;
  /** Runs after the unit's own work, still inside its transaction (appends to the hash-chained tables). */
  beforeCommit(fn: () => Promise<void>): void;
  /** Runs once the change is durable; a rolled-back change runs none of these. */
  afterCommit(fn: () => void): void;
  /**
   * Once the change is durable, what the caller is answered after (a rolled-back change waits for none): the
   * audit sealer's pass that chains this unit's rows. A failure is not the caller's: it is answered anyway. The
   * same function given by several units of a group runs once for them.
   */
  beforeAnswer(fn: () => Promise<void>): void;
  /**
   * Says that the unit changes what `topic` names (rows kept in memory: see changes.ts); once it commits, every
   * node drops its copies of them.
   */
  changed(topic: string): void;
  /**
   * Hands `item` to work done once for the whole commit group (see GroupWork), after every unit's own work and
   * before the chain writes. A unit that is rolled back hands nothing.
   */
  gather<T>(work: GroupWork<T>, item: T): void;
}

/**
 * Work gathered from the units of one commit group and done for all of them at once (notification planning:
 * one read of who may hear, one insert per kind of row, whatever the number of reports). It runs in the
 * group's transaction; each item comes with its unit, for hooks of that unit. A failure fails the group.
 */
export interface GroupWork<T> {
  run(tx: Tx, items: readonly { unit: Unit; item: T }[]): Promise<void>;
}

/**
 * Runs `fn` as one unit of work: all of it commits, or none of it. Side effects registered with `afterCommit`
 * run after a successful commit only: a rolled-back change sends nothing. `fn` must not wait on anything slow
 * (password hashing, the network): units that arrive together share one commit (see groupCommitter).
 */
export function inTransaction<T>(handle: DatabaseHandle, fn: (unit: Unit) => Promise<T>): Promise<T> {
  return groupCommitter(handle).run(fn);
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

interface Gathered {
  work: GroupWork<unknown>;
  item: unknown;
}

interface Waiting {
  fn: (unit: Unit) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  attempts: number;
}

const MAX_GROUP = 64;
const MAX_ATTEMPTS = 3;
/** Groups in flight at once per process: PostgreSQL works on several connections; SQLite has one writer. */
const PARALLEL_GROUPS = { sqlite: 1, postgres: 4 } as const;
// Units of one group run one after the other on one connection; PostgreSQL splits a queue over parallel groups.
const GROUP_SIZE = { sqlite: MAX_GROUP, postgres: 12 } as const;
// Deadlock and serialisation failures: PostgreSQL chose this transaction to fail; running it again is safe.
const isRetryable = (e: unknown) => ['40P01', '40001'].includes((e as { code?: string }).code ?? '');
const yieldTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
/** How long SQLite's groups take savepoints after a unit failed after writing. */
const SAVEPOINTS_AFTER_FAILURE_MS = 1000;
const committers = new WeakMap<DatabaseHandle, { run<T>(fn: (unit: Unit) => Promise<T>): Promise<T> }>();

/**
 * Group commit. Every commit syncs the disk (SQLite synchronous=FULL; PostgreSQL's WAL flush), and the writers
 * of the audit chain take turns; so the units that queue up while one group runs are run together, each after
 * the first in its own savepoint, and committed with one sync. A unit that fails is rolled back to its savepoint
 * alone and answered with its error at once (the first, with nothing before it, by rolling back the
 * transaction, which ends the group); the others are answered, and their after-commit effects run, only after
 * the commit that makes them durable. If that commit fails, all of them fail.
 *
 * On SQLite a unit runs without its savepoint while no unit has lately failed after writing: SQLite copies every
 * page a unit changes into the savepoint's journal first (a temporary file once the transaction's journal passes
 * 64 KiB, which a quick report's unit does): 9 % of the server's CPU in bench (b), by perf. A unit that fails before
 * it wrote a row leaves the transaction as it was and is answered alone; one that fails after writing (or whose
 * error ended the transaction) rolls the group's transaction back: it is answered with its error, and the units
 * that ran before it run again, first in the next group, which like every group for a second after takes
 * savepoints (so that a caller's failing requests cost the others one run again at most).
 */
function groupCommitter(handle: DatabaseHandle) {
  const existing = committers.get(handle);
  if (existing) return existing;
  const queue: Waiting[] = [];
  let running = 0;

  // A unit is a closure over its request: it has no effect outside the transaction until after commit, so
  // one that failed for a reason of the database's making can simply run again.
  const retry = (job: Waiting, e: unknown) => {
    if (isRetryable(e) && job.attempts < MAX_ATTEMPTS) {
      job.attempts++;
      queue.unshift(job);
      return true;
    }
    return false;
  };

  const changes = changesOf(handle);
  // SQLite: until when every group takes savepoints (see above); PostgreSQL always does.
  let savepointsUntil = 0;

  /** A commit group whose first unit is `first`, taken from the queue by its runner. */
  async function runGroup(first: Waiting) {
    const size = GROUP_SIZE[handle.dialect];
    const topics = new Set<string>();
    const committed: {
      job: Waiting;
      unit: Unit;
      result: unknown;
      before: (() => Promise<void>)[];
      pending: (() => void)[];
      waits: (() => Promise<void>)[];
      gathered: Gathered[];
    }[] = [];
    // Set when the group's first unit failed: it ran without a savepoint, so the transaction is rolled back whole.
    let firstFailed: { error: unknown } | undefined;
    // Set when a later unit failed after writing without a savepoint: the units to run again.
    let runAgain: Waiting[] | undefined;
    const writes = handle.writes;
    const savepoints = !writes || performance.now() < savepointsUntil;
    try {
      await handle.db.transaction().execute(async (tx) => {
        for (let n = 0; n < size; n++) {
          const job = n === 0 ? first : queue.shift();
          if (!job) break;
          const before: (() => Promise<void>)[] = [];
          const pending: (() => void)[] = [];
          const waits: (() => Promise<void>)[] = [];
          const gathered: Gathered[] = [];
          const unit: Unit = {
            tx,
            dialect: handle.dialect,
            beforeCommit: (f) => before.push(f),
            afterCommit: (f) => pending.push(f),
            beforeAnswer: (f) => waits.push(f),
            changed: (topic) => {
              changes.mark(tx, topic);
              topics.add(topic);
            },
            gather: (work, item) => gathered.push({ work: work as GroupWork<unknown>, item }),
          };
          // The first unit needs no savepoint (two round trips fewer on PostgreSQL for a group of one): nothing
          // precedes it in the transaction, so when it fails the whole transaction is rolled back instead.
          const savepoint = n > 0 && savepoints;
          if (savepoint) await sql`savepoint unit`.execute(tx);
          const rowsBefore = n > 0 && writes ? writes().rows : 0;
          try {
            const result = await job.fn(unit);
            // On PostgreSQL the savepoint is left in place (one round trip fewer per unit): the next unit's
            // savepoint of the same name shadows it, and the commit ends them all. SQLite releases it, which
            // costs nothing there and spares it journaling pages for every open savepoint.
            if (savepoint && handle.dialect === 'sqlite') await sql`release savepoint unit`.execute(tx);
            committed.push({ job, unit, result, before, pending, waits, gathered });
          } catch (e) {
            if (n === 0) {
              firstFailed = { error: e };
              throw e;
            }
            if (!retry(job, e)) job.reject(e);
            if (!savepoint && writes) {
              const after = writes();
              if (after.rows === rowsBefore && after.inTransaction) continue;
              // Its rows can go only with the whole transaction.
              runAgain = committed.map((c) => c.job);
              savepointsUntil = performance.now() + SAVEPOINTS_AFTER_FAILURE_MS;
              throw e;
            }
            await sql`rollback to savepoint unit`.execute(tx);
            if (handle.dialect === 'sqlite') await sql`release savepoint unit`.execute(tx);
          }
        }
        // The work gathered from every unit, once for all; then the end-of-unit writes of every unit (audit
        // rows, events), last. Either may add to the other (an audit append that records an event that is
        // notified): run until nothing is left. A failure here fails the group.
        const ran = committed.map(() => 0);
        const atCommit: CompiledQuery[] = [];
        deferring.set(tx, atCommit);
        for (let more = true; more; ) {
          more = false;
          const works = new Map<GroupWork<unknown>, { unit: Unit; item: unknown }[]>();
          for (const { unit, gathered } of committed)
            for (const { work, item } of gathered.splice(0)) {
              const items = works.get(work) ?? [];
              works.set(work, items);
              items.push({ unit, item });
            }
          for (const [work, items] of works) {
            await work.run(tx, items);
            more = true;
          }
          for (const [n, { before }] of committed.entries()) {
            for (; (ran[n] as number) < before.length; ran[n] = (ran[n] as number) + 1) {
              await (before[ran[n] as number] as () => Promise<void>)();
              more = true;
            }
          }
        }
        deferring.delete(tx);
        await writeTogether(tx, handle.dialect, atCommit);
        // The other nodes hear of it as this commits (NOTIFY is transactional); this one just below.
        if (handle.dialect === 'postgres' && topics.size > 0)
          await sql`select pg_notify(${CHANGES_CHANNEL}, t) from unnest(${[...topics]}::text[]) t`.execute(
            tx,
          );
      });
    } catch (e) {
      if (firstFailed) {
        if (!retry(first, firstFailed.error)) first.reject(firstFailed.error);
        return;
      }
      if (runAgain) {
        // Nothing of theirs was kept: they run again, first in the next group (their failure was not theirs).
        queue.unshift(...runAgain);
        return;
      }
      for (const { job } of committed) if (!retry(job, e)) job.reject(e);
      return;
    }
    // Copies are dropped before anyone is answered: what a caller changed, its next request reads.
    for (const topic of topics) changes.heard(topic);
    const started = new Map<() => Promise<void>, Promise<void>>();
    const waitFor = (f: () => Promise<void>) => {
      let p = started.get(f);
      if (!p) {
        p = f().catch(() => undefined);
        started.set(f, p);
      }
      return p;
    };
    for (const { job, result, pending, waits } of committed) {
      runAfterCommit(pending);
      if (waits.length === 0) job.resolve(result);
      else void Promise.all(waits.map(waitFor)).then(() => job.resolve(result));
    }
  }

  // Runners started that have not yet taken their first unit: a unit waiting in the queue starts one runner,
  // not every free one (each would open a transaction, and all but one would commit it empty).
  let starting = 0;
  function pump() {
    while (running < PARALLEL_GROUPS[handle.dialect] && queue.length > starting) {
      running++;
      starting++;
      void (async () => {
        try {
          // Yield one turn of the event loop first, so that requests already read from the network reach
          // the queue (on SQLite their authentication needs the connection that a running group holds).
          await yieldTurn();
          starting--;
          const first = queue.shift();
          if (first) await runGroup(first);
        } finally {
          running--;
          pump();
        }
      })();
    }
  }

  const committer = {
    run<T>(fn: (unit: Unit) => Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ fn, resolve: resolve as (value: unknown) => void, reject, attempts: 1 });
        pump();
      });
    },
  };
  committers.set(handle, committer);
  return committer;
}

// The writes of a commit group's own work (gathered work, end-of-unit writes) kept for its commit, by transaction.
const deferring = new WeakMap<object, CompiledQuery[]>();

/**
 * Writes whose rows nothing in the transaction reads afterwards (notifications, their steps and outbox items,
 * the report index): in a commit group's own work, kept and sent with the group's others just before it
 * commits (one round trip on PostgreSQL, see writeTogether); anywhere else — a unit's own work, which may be
 * rolled back to its savepoint alone, or a transaction that is not a commit group's — at once.
 */
export async function writeAtCommit(tx: Executor, writes: readonly CompiledQuery[]): Promise<void> {
  const kept = deferring.get(tx);
  if (kept) kept.push(...writes);
  else for (const w of writes) await tx.executeQuery(w);
}

const WRITE_LOCK = 72_061_013;
const locked = new WeakSet<object>();

/**
 * Serialises, on PostgreSQL, the commit groups that must see each other's writes (correlation of reports'
 * values); SQLite already has a single writer. Held from where it is taken to the commit, once per transaction.
 * The audit chain and the event log no longer take it: audit rows are sealed after commit (audit.sealer.ts),
 * and events are read in the order their transactions became visible (events.ts, EventCursor).
 */
export async function lockChain(unit: Unit): Promise<void> {
  if (unit.dialect !== 'postgres' || locked.has(unit.tx)) return;
  await sql`select pg_advisory_xact_lock(${WRITE_LOCK})`.execute(unit.tx);
  locked.add(unit.tx);
}
