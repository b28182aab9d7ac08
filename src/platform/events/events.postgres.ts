import { type Selectable, sql } from 'kysely';
import type pg from 'pg';
import { CHANGES_CHANNEL, type changesOf } from '../db/changes.js';
import type { DatabaseHandle, Db } from '../db/database.js';
import { compareCursors, type EventCursor, type LiveEvent, toLive } from './events.js';
import type { EventsTable } from './events.table.js';

// PostgreSQL's side of the live events: which transactions are over (the horizon), and the node's reader, which
// listens for the writers' notifications and delivers the events in the order their transactions became visible.

/** The channel a unit that wrote events notifies as it commits. */
export const EVENTS_CHANNEL = 'renraku_events';

// The transaction id below which every transaction of this database has ended, as of the statement's snapshot.
// The snapshot's xmin is the cluster's: a long transaction in another database on the same server (another
// application, another test's database) would hold every reader back for as long as it runs. So the
// transactions still running are counted unless pg_stat_activity shows them in another database; one it
// cannot place (ended since, or of a role whose activity is hidden) is counted, which only delays a read.
const HORIZON = sql<string>`coalesce(
      (select min(x) from pg_snapshot_xip(s) as x
        where (x::text::numeric % 4294967296)::bigint not in (
          select backend_xid::text::bigint from pg_stat_activity
          where backend_xid is not null and datname is not null and datname <> current_database())),
      pg_snapshot_xmax(s))`;

/**
 * PostgreSQL: the transaction id below which every transaction of this database has ended (see HORIZON), read
 * before the events it bounds (in a statement of its own, so that the next statement's snapshot sees all they
 * wrote).
 */
export async function horizon(db: Db): Promise<bigint> {
  const { rows } = await sql<{ horizon: string }>`
    select ${HORIZON}::text as horizon from pg_current_snapshot() as s`.execute(db);
  return BigInt(rows[0]?.horizon ?? '0');
}

/**
 * What a read's snapshot said of the transactions it could not see: those running (`xip`) and the first not yet
 * begun (`xmax`). Only they can commit rows the next read sees for the first time.
 */
interface SeenSnapshot {
  xmax: string;
  xip: string[];
}

/** A row of a read: an event, or none (the read found no event and says only what it saw). */
type ReadRow = Partial<Selectable<EventsTable>> & { final: boolean | null; horizon: string; snap: string };

/**
 * The events after `from`, in readers' order: those of transactions below the horizon (final: nothing can still
 * appear before them), at most `limit`, and those of later transactions that committed already (early: an older
 * transaction still runs), at most `limit` — after a read whose snapshot is `seen`, only the rows of transactions
 * it could not see, so that rows delivered early are not read again and again while they wait (a long
 * transaction, a bulk import, holds the horizon for seconds). One round trip. The horizon is taken from the
 * statement's own snapshot (pg_current_snapshot() is the active one): a transaction below it had ended when that
 * snapshot was taken, so everything it wrote is visible to the same statement; and a row the statement sees is of
 * a transaction that committed (MVCC shows no other's rows), so an early row is one that will never change or go
 * away — only rows of older transactions may still come before it. The horizon and the snapshot come as text on
 * every row (no array to parse per row: the read runs at every commit of any node).
 */
async function eventsAfter(db: Db, from: EventCursor, limit: number, seen: SeenSnapshot | undefined) {
  const after = sql`(${from.txid}::xid8, ${from.seq}::bigint)`;
  // The snapshot is read once (materialized); both ranges are read along the (txid, seq) index.
  const { rows } = await sql<ReadRow>`
    with b as materialized (select ${HORIZON} as horizon, s::text as snap from pg_current_snapshot() as s)
    select b.horizon::text as horizon, b.snap, r.*
    from b left join lateral (
      (select true as final, e.* from events e
        where (txid, seq) > ${after} and txid < b.horizon
        order by txid, seq
        limit ${limit})
      union all
      (select false as final, e.* from events e
        where txid >= greatest(b.horizon, ${from.txid}::xid8)
          and (txid, seq) > ${after}
          and (${seen?.xmax ?? null}::xid8 is null or txid >= ${seen?.xmax ?? null}::xid8
            or txid = any(${seen?.xip ?? []}::text[]::xid8[]))
        order by txid, seq
        limit ${limit})
    ) as r on true
    order by r.final desc, r.txid, r.seq`.execute(db);
  const found = events(rows);
  return {
    horizon: rows[0]?.horizon,
    final: found.filter((r) => r.final),
    early: found.filter((r) => !r.final),
    snapshot: rows[0] ? snapshotOf(rows[0].snap) : undefined,
    // Early rows are delivered and remembered: the reader reads again while any waits to be final.
    waiting: false,
  };
}

/**
 * The events after `from` of transactions below the horizon, at most `limit`, and whether an event of a later
 * transaction waits beyond it (its events become final without a notification: a read must come soon), when no
 * stream listens for early events: the rows above the horizon are not read, only looked for (one row of the index).
 */
async function finalEventsAfter(db: Db, from: EventCursor, limit: number) {
  const after = sql`(${from.txid}::xid8, ${from.seq}::bigint)`;
  // Whether any waits is asked once (materialized): in the select list it would run once per row read.
  const { rows } = await sql<ReadRow & { waiting: boolean }>`
    with b as materialized (select ${HORIZON} as horizon from pg_current_snapshot() as s),
    w as materialized (
      select b.horizon, exists (
          select from events
          where txid >= greatest(b.horizon, ${from.txid}::xid8) and (txid, seq) > ${after}) as waiting
      from b)
    select w.horizon::text as horizon, w.waiting, r.*
    from w left join lateral (
      select true as final, e.* from events e
      where (txid, seq) > ${after} and txid < w.horizon
      order by txid, seq
      limit ${limit}
    ) as r on true
    order by r.txid, r.seq`.execute(db);
  return {
    horizon: rows[0]?.horizon,
    final: events(rows),
    early: [],
    snapshot: undefined,
    waiting: rows[0]?.waiting === true,
  };
}

const events = (rows: readonly ReadRow[]) =>
  rows.filter((r) => r.seq !== null && r.seq !== undefined) as (Selectable<EventsTable> & {
    final: boolean;
  })[];

/** The running transactions and xmax of a snapshot's text form (`xmin:xmax:xip,xip,…`). */
function snapshotOf(text: string): SeenSnapshot {
  const [, xmax = '0', xip = ''] = text.split(':');
  return { xmax, xip: xip === '' ? [] : xip.split(',') };
}

/** What the reader needs of the event bus. */
export interface PostgresReaderDeps {
  handle: DatabaseHandle;
  changes: ReturnType<typeof changesOf>;
  /** The last place a reader may take now: where delivering starts. */
  head: () => Promise<EventCursor>;
  /** Whether anyone listens for early events now (a live stream is open): else none are read. */
  wantsEarly: () => boolean;
  /** Delivers an event once it is final, in readers' order. */
  emit: (event: LiveEvent) => void;
  /**
   * Delivers an event whose transaction committed while an older one still runs (it is emitted again once
   * final), with the place up to which every event is final and was delivered.
   */
  emitEarly: (event: LiveEvent, finalAt: EventCursor) => void;
}

/**
 * The node's reader: a connection of its own listens for events (and for changes to kept rows: see changes.ts),
 * and each notification makes it read on from the place up to which this node delivered.
 */
export function createPostgresReader(deps: PostgresReaderDeps) {
  const { handle, changes, head, emit, emitEarly, wantsEarly } = deps;
  let listener: pg.PoolClient | undefined;
  let stopped = false;
  // The place up to which this node delivered events; each notification makes it read on from there.
  let delivered: EventCursor | undefined;

  // Events committed after `delivered` are read in (txid, seq) order up to the horizon, and delivered as final. A
  // row of a transaction not older than it (another, older transaction of this database still runs) is delivered
  // at once as early, remembered here until it is final, and read again (as final) by a later read, which comes
  // soon: it may not be followed by any notification. A stream thus hears of a commit within a read, not after
  // every older transaction has ended; streams that resume from an id go by final places (see events.routes.ts).
  let reading: Promise<void> = Promise.resolve();
  let readAgain = false;
  let heldBack: NodeJS.Timeout | undefined;
  const deliveredEarly = new Map<number, EventCursor>();
  let seen: SeenSnapshot | undefined;
  const PAGE = 1000;
  async function readOn(): Promise<void> {
    for (;;) {
      const from = delivered;
      if (!from || stopped) return;
      // With nobody listening for early events, the rows above the horizon are only looked for: one says that a
      // read must come soon (its events become final without a notification); the next read that wants them
      // looks at all again.
      const wanted = wantsEarly();
      const read = wanted
        ? await eventsAfter(handle.db, from, PAGE, seen)
        : await finalEventsAfter(handle.db, from, PAGE);
      const { final, early } = read;
      // A full page of early rows may have left some of a transaction seen: the next read looks at all again.
      seen = wanted && early.length < PAGE ? read.snapshot : undefined;
      for (const row of final) {
        const event = toLive(row);
        delivered = { txid: event.txid, seq: event.seq };
        deliveredEarly.delete(event.seq);
        emit(event);
      }
      // An event delivered early is forgotten once passed, or once its transaction is below the horizon and the
      // read took every final row (it was not among them: purged since, it will never be final).
      const below = final.length < PAGE && read.horizon !== undefined ? BigInt(read.horizon) : undefined;
      for (const [seq, place] of deliveredEarly)
        if (
          (delivered && compareCursors(place, delivered) <= 0) ||
          (below !== undefined && BigInt(place.txid) < below)
        )
          deliveredEarly.delete(seq);
      for (const row of early) {
        const event = toLive(row);
        if (deliveredEarly.has(event.seq)) continue;
        deliveredEarly.set(event.seq, { txid: event.txid, seq: event.seq });
        emitEarly(event, delivered ?? from);
      }
      if (final.length === PAGE) continue;
      if (deliveredEarly.size > 0 || read.waiting) {
        if (!heldBack && !stopped)
          heldBack = setTimeout(() => {
            heldBack = undefined;
            wake();
          }, 5);
      }
      return;
    }
  }
  function wake() {
    if (readAgain) return;
    readAgain = true;
    reading = reading
      .then(() => {
        readAgain = false;
        return readOn();
      })
      // A read that failed is tried again at the next notification, or the next wake-up.
      .catch(() => undefined);
  }

  async function listen(): Promise<void> {
    if (!handle.pool || stopped) return;
    let client: pg.PoolClient | undefined;
    const retry = (ms: number) => setTimeout(() => void listen(), ms).unref();
    try {
      client = await handle.pool.connect();
      const own = client;
      listener = own;
      own.on('notification', (msg) => {
        if (msg.channel === CHANGES_CHANNEL && msg.payload) return changes.heard(msg.payload);
        if (msg.channel === EVENTS_CHANNEL) wake();
      });
      own.on('error', () => {
        // Only the current listener is ours to give back; stop() may have released it already.
        if (listener !== own) return;
        listener = undefined;
        changes.hearing(false);
        own.release(true);
        if (!stopped) retry(500);
      });
      await own.query(`LISTEN ${EVENTS_CHANNEL}`);
      await own.query(`LISTEN ${CHANGES_CHANNEL}`);
      // Whatever changed while nobody here listened is read again.
      changes.hearing(true);
      // Delivered from here on: at the first start, what is final now; after a lost connection, what was
      // committed while nobody here listened.
      if (!delivered) delivered = await head();
      wake();
    } catch {
      if (client && listener === client) {
        listener = undefined;
        client.release(true);
      }
      if (!stopped) retry(1000);
    }
  }

  return {
    start: listen,
    async stop() {
      stopped = true;
      clearTimeout(heldBack);
      const client = listener;
      listener = undefined;
      client?.release(true);
      await reading;
    },
  };
}
