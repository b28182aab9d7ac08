import { EventEmitter } from 'node:events';
import { type Selectable, sql } from 'kysely';
import { eventReaderKeys } from '../access/visibility.js';
import { changesOf } from '../db/changes.js';
import type { DatabaseHandle, Db, DialectName, Tx } from '../db/database.js';
import { type InsertEnding, insertRows } from '../db/insert.js';
import type { GroupWork, Unit } from '../db/transaction.js';
import { createPostgresReader, EVENTS_CHANNEL, horizon } from './events.postgres.js';
import type { EventsTable } from './events.table.js';

/** What subscribers of the live stream receive; `readerOrgIds` decides who may receive it. */
export interface LiveEvent {
  seq: number;
  /** The writing transaction's id (PostgreSQL; '0' on SQLite): with seq, the event's place for readers. */
  txid: string;
  at: string;
  type: string;
  incidentId: string | null;
  readerOrgIds: string[];
  /** When set, only these users of those bodies receive it (TLP:RED shares name their readers). */
  readerUserIds?: string[];
  payload: Record<string, unknown>;
  /**
   * PostgreSQL: delivered as soon as its transaction committed, before every older transaction of the database
   * has ended (see EventCursor). It comes again, without this mark, once it is final; only subscribers that ask
   * for early events receive it this way.
   */
  early?: true;
  /**
   * Of an early event: the place up to which every event was final when it was sent — a stream that started
   * later than every one of those resumes from there (see stream-position.ts).
   */
  finalAt?: EventCursor;
}

export interface NewEvent {
  type: string;
  incidentId: string | null;
  readerOrgIds: string[];
  readerUserIds?: string[];
  payload: Record<string, unknown>;
  /** What it is about, for subscribers in the unit (notifications); neither stored nor streamed. */
  subject?: EventSubject;
}

/**
 * What an event is about, as the producer has it at hand: subscribers (notification planning) need not read
 * again what was just written. Only real-world things carry one (exercise data alerts nobody).
 */
export interface EventSubject {
  type: 'incident' | 'share' | 'consent_request' | 'situation';
  id: string;
  /** The body it is about: the incident's body, or the center for its shares, consent requests and situations. */
  orgId: string;
  tlp: string;
  /** Its title; a situation's name. */
  title: string;
  /** Its text: an incident's summary, a share's body, a situation's description. */
  summary: string;
  severity: string | null;
  /** An incident's human number (YYYY-NNNNNN, without the deployment's prefix). */
  number?: string;
  /** Path of its page in the web app. */
  link: string;
}

/**
 * Runs in the unit that records an event, right after it is recorded: what the event calls for in the same
 * transaction (notifications to plan), rolled back with it.
 */
export type EventSubscriber = (unit: Unit, event: NewEvent, at: Date) => Promise<void>;

/**
 * A place in the stream of events as readers see it: (txid, seq), in that order. On PostgreSQL numbers are taken
 * at insert, not at commit, so a smaller seq may commit later; readers take only rows of transactions older than
 * every transaction of the database still running (the horizon, below), all finished, in (txid, seq) order, so that no row can still appear before a place
 * already read. On SQLite, whose one writer commits in seq order, txid is '0'.
 */
export interface EventCursor {
  txid: string;
  seq: number;
}

export const START: EventCursor = { txid: '0', seq: 0 };

const SQLITE_TXID = '0';

/**
 * What a writer of events and their readers puts in `txid` (no default on PostgreSQL): the writing
 * transaction's id there, 0 on SQLite. An event's readers carry its own, written in the same transaction.
 */
export const writingTxid = (dialect: DialectName) =>
  dialect === 'postgres' ? sql<string>`pg_current_xact_id()` : sql<string>`${SQLITE_TXID}`;

/** Orders two places: negative when `a` comes first. */
export function compareCursors(a: EventCursor, b: EventCursor): number {
  const ta = BigInt(a.txid);
  const tb = BigInt(b.txid);
  if (ta !== tb) return ta < tb ? -1 : 1;
  return a.seq - b.seq;
}

/** The opaque text of a place (an SSE id): the seq alone on SQLite, `txid.seq` on PostgreSQL. */
export const formatCursor = (c: EventCursor): string => (c.txid === '0' ? `${c.seq}` : `${c.txid}.${c.seq}`);

/** The place a client gave back (Last-Event-ID), or undefined when it is none of ours. */
export function parseCursor(text: string): EventCursor | undefined {
  return parsePosition(text)?.at;
}

/**
 * Where a stream's client is: every event up to `at` (a final place) was handled, and so were the events
 * numbered `early`, sent before they were final (PostgreSQL's early delivery).
 */
export interface StreamPosition {
  at: EventCursor;
  early: number[];
}

/** At most this many early events are named in a stream's id; one left out may be sent twice, never lost. */
export const MAX_EARLY_IN_ID = 32;

/** The opaque text of a stream's position (an SSE id): its place, then `+seq` for each early event. */
export const formatPosition = (p: StreamPosition): string =>
  formatCursor(p.at) + p.early.map((seq) => `+${seq}`).join('');

const POSITION = new RegExp(`^(?:([0-9]{1,19})\\.)?([0-9]{1,15})((?:\\+[0-9]{1,15}){0,${MAX_EARLY_IN_ID}})$`);

/** The position a client gave back (Last-Event-ID), or undefined when it is none of ours. */
export function parsePosition(text: string): StreamPosition | undefined {
  const m = POSITION.exec(text);
  if (!m) return undefined;
  return {
    at: { txid: m[1] === undefined ? '0' : BigInt(m[1]).toString(), seq: Number(m[2]) },
    early: m[3] ? m[3].slice(1).split('+').map(Number) : [],
  };
}

export interface EventBus {
  /**
   * Writes the event in the caller's transaction (so that a reconnecting client can replay it) and
   * delivers it to every node's subscribers once the transaction has committed.
   */
  record(unit: Unit, event: NewEvent, at: Date): Promise<void>;
  /** Adds a subscriber run in the unit of every event recorded (see EventSubscriber), in the order added. */
  onRecord(subscriber: EventSubscriber): void;
  /**
   * Calls `listener` with every event once it is final, in readers' order; with `early`, also with each event of
   * PostgreSQL as soon as its transaction committed (marked `early`; it comes again once final).
   */
  subscribe(listener: (event: LiveEvent) => void, options?: { early?: boolean }): () => void;
  /** Events numbered after `seq`, whoever may receive them, by number (tests, and tools). */
  since(seq: number, limit: number): Promise<LiveEvent[]>;
  /** The smallest and the greatest event number kept (null, 0 when there is none). */
  bounds(): Promise<{ oldest: number | null; head: number }>;
  /**
   * The place of the smallest number kept (null when there is none) and the last place a reader may take now:
   * every event up to it is final (PostgreSQL: its transaction is older than every one of the database still
   * running).
   */
  places(): Promise<{ oldest: EventCursor | null; head: EventCursor }>;
  /**
   * The places of the first `limit` events after `after`, up to `upTo`, addressed to any of `readers` (a
   * body's id, a person's user id): what a reconnecting client may have missed, read along an index.
   */
  addressedTo(
    readers: string[],
    after: EventCursor,
    upTo: EventCursor,
    limit: number,
  ): Promise<EventCursor[]>;
  /** These events, in the readers' order. */
  bySeqs(seqs: number[]): Promise<LiveEvent[]>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

const READERS_CHUNK = 400;
// Rows of one insert into events: seven parameters each, well under SQLite's bound on them.
const EVENTS_CHUNK = 500;
const RETURNING_SEQ: InsertEnding<'events', { seq: number }> = {
  name: 'returning seq',
  finish: (q) => q.returning('seq'),
};

/**
 * The situation or exercise an event names — its payload's `situationId`, else `exerciseId`, else the exercise
 * mark's `exercise.id` — stored beside it so that the purge of an exercise's data finds the events of its
 * situations and of the exercise along an index (migration 0031 fills the rows recorded before).
 */
export function eventSubjectOf(payload: Record<string, unknown>): string | null {
  const exercise = payload.exercise as { id?: unknown } | null | undefined;
  for (const id of [payload.situationId, payload.exerciseId, exercise?.id])
    if (typeof id === 'string') return id;
  return null;
}

/** An event waiting for the end of its commit group. */
interface Queued {
  event: Omit<NewEvent, 'subject'>;
  at: string;
}

/**
 * The places of the first `limit` events in (after, upTo] addressed to any of `readers`: each reader's events
 * are a range of an index of event_readers, read in order and cut at `limit`, and the first `limit` of their
 * union are the first `limit` of all (SQLite: along its key (reader_id, seq); PostgreSQL: along (reader_id,
 * txid, seq)). Null when there is nothing to read.
 */
export function addressedToQuery(
  db: Db,
  readers: string[],
  after: EventCursor,
  upTo: EventCursor,
  limit: number,
  dialect: DialectName = 'sqlite',
) {
  const keys = [...new Set(readers)];
  if (keys.length === 0 || limit <= 0 || compareCursors(upTo, after) <= 0) return null;
  const branch = (key: string, i: number) => {
    let q = db.selectFrom('event_readers').select(['txid', 'seq']).where('reader_id', '=', key);
    q =
      dialect === 'postgres'
        ? q
            .where(sql<boolean>`(txid, seq) > (${after.txid}::xid8, ${after.seq}::bigint)`)
            .where(sql<boolean>`(txid, seq) <= (${upTo.txid}::xid8, ${upTo.seq}::bigint)`)
            .orderBy('txid')
            .orderBy('seq')
        : q.where('seq', '>', after.seq).where('seq', '<=', upTo.seq).orderBy('seq');
    return db.selectFrom(q.limit(limit).as(`r${i}`)).select([`r${i}.txid as txid`, `r${i}.seq as seq`]);
  };
  let q = branch(keys[0] as string, 0);
  for (const [i, key] of keys.slice(1).entries()) q = q.union(branch(key, i + 1));
  return (dialect === 'postgres' ? q.orderBy('txid').orderBy('seq') : q.orderBy('seq')).limit(limit);
}

/** An event as it is delivered, from its row. */
export const toLive = (r: Selectable<EventsTable>): LiveEvent => ({
  seq: Number(r.seq),
  txid: String(r.txid),
  at: r.at,
  type: r.type,
  incidentId: r.incident_id,
  readerOrgIds: JSON.parse(r.reader_org_ids) as string[],
  ...(r.reader_user_ids ? { readerUserIds: JSON.parse(r.reader_user_ids) as string[] } : {}),
  payload: JSON.parse(r.payload) as Record<string, unknown>,
});

export function createEventBus(handle: DatabaseHandle): EventBus {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  // Rows kept in memory elsewhere are dropped when another node changes them: the same connection hears it.
  const changes = changesOf(handle);
  const postgres = handle.dialect === 'postgres';

  const subscribers: EventSubscriber[] = [];
  const emit = (event: LiveEvent) => emitter.emit('event', event);
  const emitEarly = (event: LiveEvent, finalAt: EventCursor) =>
    emitter.emit('early', { ...event, early: true, finalAt });

  /** The last place a reader may take now (see EventCursor). */
  async function head(): Promise<EventCursor> {
    let q = handle.db.selectFrom('events').select(['txid', 'seq']);
    q = postgres
      ? q
          .where(sql<boolean>`txid < ${String(await horizon(handle.db))}::xid8`)
          .orderBy('txid', 'desc')
          .orderBy('seq', 'desc')
      : q.orderBy('seq', 'desc');
    const row = await q.limit(1).executeTakeFirst();
    return row ? { txid: String(row.txid), seq: Number(row.seq) } : START;
  }

  // PostgreSQL: this node's reader of what every node writes (events.postgres.ts); SQLite's events are emitted by
  // the unit that wrote them, after commit.
  const reader = postgres
    ? createPostgresReader({
        handle,
        changes,
        head,
        emit,
        emitEarly,
        wantsEarly: () => emitter.listenerCount('early') > 0,
      })
    : undefined;

  async function readSince(seq: number, limit: number): Promise<LiveEvent[]> {
    const rows = await handle.db
      .selectFrom('events')
      .selectAll()
      .where('seq', '>', seq)
      .orderBy('seq')
      .limit(limit)
      .execute();
    return rows.map(toLive);
  }

  async function write(tx: Tx, dialect: DialectName, items: readonly { unit: Unit; item: Queued }[]) {
    const batch = items.map(({ item }) => item);
    const rows = batch.map(({ event, at }) => ({
      at,
      type: event.type,
      incident_id: event.incidentId,
      reader_org_ids: JSON.stringify(event.readerOrgIds),
      reader_user_ids: event.readerUserIds ? JSON.stringify(event.readerUserIds) : null,
      payload: JSON.stringify(event.payload),
      subject_id: eventSubjectOf(event.payload),
    }));
    if (dialect === 'postgres') {
      // One statement for the commit group's events, their readers and one notification (NOTIFY is transactional:
      // the other nodes hear it only if this commits; they then read the events in readers' order). No lock:
      // the transaction id the rows carry orders them for readers (see EventCursor).
      const readers = batch.flatMap(({ event }, i) => eventReaderKeys(event).map((k) => [i, k] as const));
      const col = <K extends keyof (typeof rows)[number]>(k: K) => rows.map((r) => r[k]);
      await sql`with e as (
          insert into events (at, type, incident_id, reader_org_ids, reader_user_ids, payload, subject_id, txid)
          select at, type, incident_id, reader_org_ids, reader_user_ids, payload, subject_id, pg_current_xact_id() from unnest(${col('at')}::text[], ${col('type')}::text[], ${col('incident_id')}::text[],
            ${col('reader_org_ids')}::text[], ${col('reader_user_ids')}::text[], ${col('payload')}::text[],
            ${col('subject_id')}::text[]) with ordinality
            as v(at, type, incident_id, reader_org_ids, reader_user_ids, payload, subject_id, n)
          order by n
          returning seq, txid),
        numbered as (select seq, txid, row_number() over (order by seq) - 1 as i from e),
        r as (insert into event_readers (reader_id, seq, txid)
          select k.reader_id, numbered.seq, numbered.txid
          from unnest(${readers.map(([i]) => i)}::int[], ${readers.map(([, k]) => k)}::text[]) as k(i, reader_id)
          join numbered on numbered.i = k.i)
        select pg_notify(${EVENTS_CHANNEL}, '')`.execute(tx);
      return;
    }
    // One insert for the group's events: SQLite numbers the rows of one statement in order, so their numbers,
    // sorted, are the events' in the order recorded.
    const seqs: number[] = [];
    const sqliteRows = rows.map((r) => ({ ...r, txid: SQLITE_TXID }));
    for (let i = 0; i < rows.length; i += EVENTS_CHUNK) {
      const inserted = await insertRows(tx, 'events', sqliteRows.slice(i, i + EVENTS_CHUNK), RETURNING_SEQ);
      seqs.push(...inserted.map((r) => r.seq).sort((a, b) => a - b));
    }
    const readers = batch.flatMap(({ event }, i) =>
      eventReaderKeys(event).map((reader_id) => ({ reader_id, seq: seqs[i] as number, txid: SQLITE_TXID })),
    );
    for (let i = 0; i < readers.length; i += READERS_CHUNK)
      await insertRows(tx, 'event_readers', readers.slice(i, i + READERS_CHUNK));
    // They go out after the commit in the order of their numbers, which streams require: one unit of the group
    // (the first that wrote events in this transaction) emits every write of the group, in turn. Per unit, a
    // unit's events written by a later pass (planning's notices) would go out after a later unit's lower numbers.
    const live = items.map(
      ({ item }, i): LiveEvent => ({ seq: seqs[i] as number, txid: '0', at: item.at, ...item.event }),
    );
    let emitter = emitters.get(tx);
    if (!emitter) {
      emitter = (items[0] as (typeof items)[number]).unit;
      emitters.set(tx, emitter);
    }
    emitter.afterCommit(() => {
      for (const e of live) emit(e);
    });
  }
  const emitters = new WeakMap<Tx, Unit>();

  // The events of every unit of a commit group are written together, after the units' own work (see GroupWork):
  // one statement on PostgreSQL whatever the number of reports in the group, not one per unit.
  const writeEvents: GroupWork<Queued> = {
    run: (tx, items) => write(tx, handle.dialect, items),
  };

  return {
    async record(unit, withSubject, at) {
      const { subject: _subject, ...event } = withSubject;
      unit.gather(writeEvents, { event, at: at.toISOString() });
      for (const subscriber of subscribers) await subscriber(unit, withSubject, at);
    },
    onRecord(subscriber) {
      subscribers.push(subscriber);
    },
    subscribe(fn, options) {
      emitter.on('event', fn);
      if (options?.early) emitter.on('early', fn);
      return () => {
        emitter.off('event', fn);
        emitter.off('early', fn);
      };
    },
    since: readSince,
    async bounds() {
      const row = await handle.db
        .selectFrom('events')
        .select((eb) => [eb.fn.min('seq').as('oldest'), eb.fn.max('seq').as('head')])
        .executeTakeFirst();
      const oldest = row?.oldest ?? null;
      return { oldest: oldest === null ? null : Number(oldest), head: Number(row?.head ?? 0) };
    },
    async places() {
      const first = await handle.db
        .selectFrom('events')
        .select(['txid', 'seq'])
        .orderBy('seq')
        .limit(1)
        .executeTakeFirst();
      return {
        oldest: first ? { txid: String(first.txid), seq: Number(first.seq) } : null,
        head: await head(),
      };
    },
    async addressedTo(readers, after, upTo, limit) {
      const q = addressedToQuery(handle.db, readers, after, upTo, limit, handle.dialect);
      return q ? (await q.execute()).map((r) => ({ txid: String(r.txid), seq: Number(r.seq) })) : [];
    },
    async bySeqs(seqs) {
      if (seqs.length === 0) return [];
      let q = handle.db.selectFrom('events').selectAll().where('seq', 'in', seqs);
      q = postgres ? q.orderBy('txid').orderBy('seq') : q.orderBy('seq');
      return (await q.execute()).map(toLive);
    },
    async start() {
      await reader?.start();
    },
    async stop() {
      changes.hearing(false);
      emitter.removeAllListeners();
      await reader?.stop();
    },
  };
}
