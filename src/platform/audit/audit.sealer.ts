import type pg from 'pg';
import type { DatabaseHandle } from '../db/database.js';
import { type AuditLog, type ChainRow, GENESIS } from './audit.js';

/**
 * Seals the audit rows that PostgreSQL's transactions wrote unsealed: gives each its place in the hash chain
 * (seq, prev_hash, hash) after it committed. One sealer at a time in the whole deployment: the one whose
 * dedicated connection holds the session-level advisory lock. When that node dies, its connection ends, the
 * lock is free, and the next node to ask takes it over. On SQLite rows are written sealed: it does nothing.
 */
export interface AuditSealer {
  /** Takes part in sealing in the background: takes the lock when it is free, and seals every `intervalMs`. */
  start(log?: SealLog): void;
  /**
   * Seals what is committed and unsealed, if this process holds the lock or can take it now (it then keeps
   * it until stop). Resolves, with the number of rows sealed, once a pass that began after the call ended; 0
   * at once when another process seals.
   */
  sealNow(): Promise<number>;
  /** Whether this process is the one that seals. */
  holding(): boolean;
  /** Stops, and lets go of the lock for another node to take. */
  stop(): Promise<void>;
}

export interface SealLog {
  error(obj: object, msg: string): void;
}

const SEAL_LOCK = 72_061_016;
// Rows sealed by one transaction of the sealer.
const BATCH = 2000;

interface Pending {
  id: number;
  at: string;
  actor_user_id: string | null;
  actor_org_id: string | null;
  action: string;
  subject_type: string;
  subject_id: string | null;
  detail: string;
}

export function createAuditSealer(deps: {
  handle: DatabaseHandle;
  audit: AuditLog;
  intervalMs: number;
}): AuditSealer {
  const { handle, audit, intervalMs } = deps;
  let log: SealLog | undefined;
  const pool = handle.pool;
  let client: pg.PoolClient | undefined;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;
  let again: Promise<number> | undefined;
  // A node that does not seal asks for the lock at most this often on its own (the timer asks too).
  let lastAsked = 0;

  const drop = (c: pg.PoolClient) => {
    if (client !== c) return;
    client = undefined;
    c.release(true);
  };

  /** The lock, if it is free; kept on a connection of its own for as long as this process runs. */
  async function acquire(): Promise<pg.PoolClient | undefined> {
    if (client || !pool || stopped) return client;
    lastAsked = Date.now();
    const c = await pool.connect();
    try {
      const { rows } = await c.query<{ ok: boolean }>('select pg_try_advisory_lock($1) as ok', [SEAL_LOCK]);
      if (!rows[0]?.ok || stopped) {
        if (rows[0]?.ok) await c.query('select pg_advisory_unlock($1)', [SEAL_LOCK]);
        c.release();
        return undefined;
      }
    } catch (e) {
      c.release(true);
      throw e;
    }
    client = c;
    // A connection that dies takes the lock with it: another node seals, or this one asks again.
    c.on('error', () => drop(c));
    return c;
  }

  /** One transaction: the chain's head and the oldest unsealed rows, chained in id order, written back. */
  async function sealBatch(c: pg.PoolClient): Promise<number> {
    const [, headResult, pendingResult] = (await c.query(
      `begin;
       select seq, hash from audit_log where seq is not null order by seq desc limit 1;
       select id, at, actor_user_id, actor_org_id, action, subject_type, subject_id, detail
         from audit_log where seq is null order by id limit ${BATCH}`,
    )) as unknown as pg.QueryResult[];
    try {
      const head = headResult?.rows[0] as { seq: number | string; hash: string } | undefined;
      const pending = (pendingResult?.rows ?? []) as Pending[];
      if (pending.length === 0) {
        await c.query('commit');
        return 0;
      }
      let seq = Number(head?.seq ?? 0);
      let prevHash = head?.hash ?? GENESIS;
      const ids: number[] = [];
      const seqs: number[] = [];
      const prevs: string[] = [];
      const hashes: string[] = [];
      for (const { id, ...rest } of pending) {
        const row: ChainRow = { ...rest, seq: ++seq };
        const hash = audit.hashOf(prevHash, row);
        ids.push(Number(id));
        seqs.push(seq);
        prevs.push(prevHash);
        hashes.push(hash);
        prevHash = hash;
      }
      await c.query(
        `update audit_log a set seq = v.seq, prev_hash = v.prev_hash, hash = v.hash
         from unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[]) as v(id, seq, prev_hash, hash)
         where a.id = v.id and a.seq is null`,
        [ids, seqs, prevs, hashes],
      );
      await c.query('commit');
      audit.chained(seq);
      return pending.length;
    } catch (e) {
      await c.query('rollback').catch(() => undefined);
      throw e;
    }
  }

  async function pass(): Promise<number> {
    const c = client ?? (Date.now() - lastAsked >= intervalMs ? await acquire() : undefined);
    if (!c) return 0;
    let sealed = 0;
    try {
      for (let n = BATCH; n === BATCH; sealed += n) n = await sealBatch(c);
    } catch (e) {
      // The connection is suspect: let go of it (and of the lock); the next pass asks again.
      drop(c);
      throw e;
    }
    return sealed;
  }

  /** A pass that begins after this call: the one running now may have read before the caller's commit. */
  function requestPass(): Promise<number> {
    if (again) return again;
    if (!running) {
      running = pass().finally(() => {
        running = undefined;
      });
      return running;
    }
    again = running
      .catch(() => 0)
      .then(() => {
        again = undefined;
        return requestPass();
      });
    return again;
  }

  if (handle.dialect === 'postgres')
    audit.onUnsealed(async () => {
      await requestPass();
    });

  return {
    start(logTo) {
      if (handle.dialect !== 'postgres' || timer || stopped) return;
      log = logTo;
      const tick = () =>
        void requestPass().catch((e: unknown) => log?.error({ err: e }, 'audit sealing failed'));
      timer = setInterval(tick, intervalMs);
      timer.unref();
      tick();
    },
    sealNow() {
      if (handle.dialect !== 'postgres') return Promise.resolve(0);
      // Asked for in person (anchoring, verify, a test): ask for the lock now, however recently it was asked.
      lastAsked = 0;
      return requestPass();
    },
    holding: () => client !== undefined,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await Promise.allSettled([running, again]);
      const c = client;
      client = undefined;
      if (!c) return;
      try {
        await c.query('select pg_advisory_unlock($1)', [SEAL_LOCK]);
        c.release();
      } catch {
        c.release(true);
      }
    },
  };
}
