import type pg from 'pg';
import type { DatabaseHandle } from '../db/database.js';
import { type AuditLog, type ChainRow, GENESIS } from './audit.js';
import type { AuditLogTable } from './audit.table.js';

/**
 * Seals the audit rows that PostgreSQL's transactions wrote unsealed: gives each its place in the hash chain
 * (seq, prev_hash, hash) after it committed. Sealing passes run one at a time in the whole deployment (each
 * holds a transaction-level advisory lock); one started node, the one whose dedicated connection holds a
 * session-level advisory lock, leads: it seals every `intervalMs` what any node wrote. When it dies its
 * connection ends, the lock is free, and the next started node to ask leads. A process that is not started
 * (a CLI command, a script) seals its own rows itself after commit: it may be the only one writing. On SQLite
 * rows are written sealed: it does nothing.
 */
export interface AuditSealer {
  /** Takes part in leading (a server): takes the lead when it is free, and then seals every `intervalMs`. */
  start(log?: SealLog): void;
  /**
   * Seals what is committed and unsealed, on this process (taking the lead now if it is free and this process
   * is started). Resolves, with the number of rows sealed, once a pass that began after the call ended.
   */
  sealNow(): Promise<number>;
  /** Whether this process leads the sealing. */
  holding(): boolean;
  /** Stops, and lets go of the lead for another node to take. */
  stop(): Promise<void>;
}

export interface SealLog {
  error(obj: object, msg: string): void;
}

// Held for the session by the node that leads.
const LEAD_LOCK = 72_061_016;
// Held for its transaction by each sealing pass, on whichever node: passes never read the same head.
const PASS_LOCK = 72_061_017;
// Rows sealed by one transaction of the sealer.
const BATCH = 2000;

/** An unsealed row as the sealer reads it: what its hash covers, and its id. */
type Pending = Omit<AuditLogTable, 'id' | 'seq' | 'prev_hash' | 'hash'> & { id: number };

const HEX_HASH = /^[0-9a-f]{64}$/;
const UPDATE = `update audit_log a set seq = v.seq, prev_hash = v.prev_hash, hash = v.hash
  from unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[]) as v(id, seq, prev_hash, hash)
  where a.id = v.id and a.seq is null`;

/**
 * The update that seals a batch, and its commit, in one round trip: a text of several statements takes no
 * parameters, so the values are written into it — only integers and hex hashes, checked here; anything else
 * (a head hash changed behind the application's back) goes as parameters, and the commit after.
 */
function sealAndCommit(ids: number[], seqs: number[], prevs: string[], hashes: string[]): pg.QueryConfig {
  const integers = [...ids, ...seqs].every(Number.isSafeInteger);
  const hexes = [...prevs, ...hashes].every((h) => HEX_HASH.test(h));
  if (!integers || !hexes) return { text: UPDATE, values: [ids, seqs, prevs, hashes] };
  const array = (values: (number | string)[]) => `'{${values.join(',')}}'`;
  return {
    text: `${UPDATE.replace('$1', array(ids)).replace('$2', array(seqs)).replace('$3', array(prevs)).replace('$4', array(hashes))};
      commit`,
  };
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
  // Whether the next pass must seal here even when another node leads (sealNow).
  let forceNext = false;
  // A started node that does not lead asks for the lead at most this often on its own (the timer asks too).
  let lastAsked = 0;

  const drop = (c: pg.PoolClient) => {
    if (client !== c) return;
    client = undefined;
    c.release(true);
  };

  /** The lead, if it is free; kept on a connection of its own for as long as this process runs. */
  async function lead(): Promise<pg.PoolClient | undefined> {
    if (client || !pool || stopped) return client;
    lastAsked = Date.now();
    const c = await pool.connect();
    try {
      const { rows } = await c.query<{ ok: boolean }>('select pg_try_advisory_lock($1) as ok', [LEAD_LOCK]);
      if (!rows[0]?.ok || stopped) {
        if (rows[0]?.ok) await c.query('select pg_advisory_unlock($1)', [LEAD_LOCK]);
        c.release();
        return undefined;
      }
    } catch (e) {
      c.release(true);
      throw e;
    }
    client = c;
    // A connection that dies takes the lead with it: another node leads, or this one asks again.
    c.on('error', () => drop(c));
    return c;
  }

  /**
   * One transaction, after the pass lock (another node's pass ends first): the chain's head and the oldest
   * unsealed rows, chained in id order, written back: two round trips (the read, then the update with the commit).
   */
  async function sealBatch(c: pg.PoolClient): Promise<number> {
    const [, , headResult, pendingResult] = (await c.query(
      `begin;
       select pg_advisory_xact_lock(${PASS_LOCK});
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
      const sealing = sealAndCommit(ids, seqs, prevs, hashes);
      await c.query(sealing);
      if (sealing.values) await c.query('commit');
      audit.chained(seq);
      return pending.length;
    } catch (e) {
      await c.query('rollback').catch(() => undefined);
      throw e;
    }
  }

  /** Every batch there is, on `c`. */
  async function sealAll(c: pg.PoolClient): Promise<number> {
    let sealed = 0;
    for (let n = BATCH; n === BATCH; sealed += n) n = await sealBatch(c);
    return sealed;
  }

  async function pass(): Promise<number> {
    const force = forceNext;
    forceNext = false;
    if (!pool || stopped) return 0;
    const started = timer !== undefined;
    const own =
      client ?? (started && (force || Date.now() - lastAsked >= intervalMs) ? await lead() : undefined);
    if (own) {
      try {
        return await sealAll(own);
      } catch (e) {
        // The connection is suspect: let go of it (and of the lead); the next pass asks again.
        drop(own);
        throw e;
      }
    }
    // A started node that does not lead: the leader seals within intervalMs.
    if (started && !force) return 0;
    const c = await pool.connect();
    try {
      const sealed = await sealAll(c);
      c.release();
      return sealed;
    } catch (e) {
      c.release(true);
      throw e;
    }
  }

  /** A pass that begins after this call: the one running now may have read before the caller's commit. */
  function requestPass(force = false): Promise<number> {
    if (force) forceNext = true;
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
      // Asked for in person (anchoring, verify, a test): seal here now, whoever leads.
      return requestPass(true);
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
        await c.query('select pg_advisory_unlock($1)', [LEAD_LOCK]);
        c.release();
      } catch {
        c.release(true);
      }
    },
  };
}
