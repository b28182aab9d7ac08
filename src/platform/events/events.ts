import { EventEmitter } from 'node:events';
import { type Selectable, sql } from 'kysely';
import type pg from 'pg';
import { eventReaderKeys } from '../access/visibility.js';
import { CHANGES_CHANNEL, changesOf } from '../db/changes.js';
import type { DatabaseHandle, Db } from '../db/database.js';
import { type InsertEnding, insertRows } from '../db/insert.js';
import { lockChain, type Unit } from '../db/transaction.js';
import type { EventsTable } from './events.table.js';

/** What subscribers of the live stream receive; `readerOrgIds` decides who may receive it. */
export interface LiveEvent {
  seq: number;
  at: string;
  type: string;
  incidentId: string | null;
  readerOrgIds: string[];
  /** When set, only these users of those bodies receive it (TLP:RED shares name their readers). */
  readerUserIds?: string[];
  payload: Record<string, unknown>;
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

export interface EventBus {
  /**
   * Writes the event in the caller's transaction (so that a reconnecting client can replay it) and
   * delivers it to every node's subscribers once the transaction has committed.
   */
  record(unit: Unit, event: NewEvent, at: Date): Promise<void>;
  /** Adds a subscriber run in the unit of every event recorded (see EventSubscriber), in the order added. */
  onRecord(subscriber: EventSubscriber): void;
  subscribe(listener: (event: LiveEvent) => void): () => void;
  /** Events after `seq`, whoever may receive them (for nodes catching up, and tests). */
  since(seq: number, limit: number): Promise<LiveEvent[]>;
  /** The oldest and the newest event kept (null, 0 when there is none). */
  bounds(): Promise<{ oldest: number | null; head: number }>;
  /**
   * The numbers of the first `limit` events after `after`, up to `upTo`, addressed to any of `readers` (a
   * body's id, a person's user id): what a reconnecting client may have missed, read along an index.
   */
  addressedTo(readers: string[], after: number, upTo: number, limit: number): Promise<number[]>;
  /** These events, in order. */
  bySeqs(seqs: number[]): Promise<LiveEvent[]>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

const CHANNEL = 'renraku_events';
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

/** An event waiting for the end of its unit. */
interface Queued {
  event: Omit<NewEvent, 'subject'>;
  at: string;
}

// PostgreSQL refuses NOTIFY payloads of 8000 bytes or more.
const NOTIFY_MAX = 7900;

/**
 * The first `limit` event numbers in (after, upTo] addressed to any of `readers`: each reader's events are a
 * range of event_readers' primary key, read in order and cut at `limit`, and the first `limit` of their union
 * are the first `limit` of all. Null when there is nothing to read.
 */
export function addressedToQuery(db: Db, readers: string[], after: number, upTo: number, limit: number) {
  const keys = [...new Set(readers)];
  if (keys.length === 0 || limit <= 0 || upTo <= after) return null;
  const branch = (key: string, i: number) =>
    db
      .selectFrom(
        db
          .selectFrom('event_readers')
          .select('seq')
          .where('reader_id', '=', key)
          .where('seq', '>', after)
          .where('seq', '<=', upTo)
          .orderBy('seq')
          .limit(limit)
          .as(`r${i}`),
      )
      .select(`r${i}.seq as seq`);
  let q = branch(keys[0] as string, 0);
  for (const [i, key] of keys.slice(1).entries()) q = q.union(branch(key, i + 1));
  return q.orderBy('seq').limit(limit);
}

export function createEventBus(handle: DatabaseHandle): EventBus {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  let listener: pg.PoolClient | undefined;
  let stopped = false;
  // Rows kept in memory elsewhere are dropped when another node changes them: the same connection hears it.
  const changes = changesOf(handle);

  // The newest event delivered here; after a lost LISTEN connection, what was missed is read back from it.
  let lastSeq = 0;
  let pending: Promise<void> = Promise.resolve();
  const subscribers: EventSubscriber[] = [];
  const emit = (event: LiveEvent) => {
    if (event.seq > lastSeq) lastSeq = event.seq;
    emitter.emit('event', event);
  };

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
        if (msg.channel !== CHANNEL || !msg.payload) return;
        const note = JSON.parse(msg.payload) as LiveEvent | { seq: number; fetch: true };
        // Events too large for a notification (a share to every body) come as their number only; they are
        // read back in turn so that the stream keeps its order.
        pending = pending
          .then(async () => {
            if (!('fetch' in note)) return emit(note);
            for (const e of await readSince(note.seq - 1, 1)) if (e.seq === note.seq) emit(e);
          })
          // One event that could not be read back must not stop the ones after it.
          .catch(() => undefined);
      });
      own.on('error', () => {
        // Only the current listener is ours to give back; stop() may have released it already.
        if (listener !== own) return;
        listener = undefined;
        changes.hearing(false);
        own.release(true);
        if (!stopped) retry(500);
      });
      await own.query(`LISTEN ${CHANNEL}`);
      await own.query(`LISTEN ${CHANGES_CHANNEL}`);
      // Whatever changed while nobody here listened is read again.
      changes.hearing(true);
      if (lastSeq > 0) {
        // Reconnected: deliver what was committed while nobody here was listening.
        for (const e of await readSince(lastSeq, 10_000)) if (e.seq > lastSeq) emit(e);
      }
    } catch {
      if (client && listener === client) {
        listener = undefined;
        client.release(true);
      }
      if (!stopped) retry(1000);
    }
  }

  const toLive = (r: Selectable<EventsTable>): LiveEvent => ({
    seq: r.seq,
    at: r.at,
    type: r.type,
    incidentId: r.incident_id,
    readerOrgIds: JSON.parse(r.reader_org_ids) as string[],
    ...(r.reader_user_ids ? { readerUserIds: JSON.parse(r.reader_user_ids) as string[] } : {}),
    payload: JSON.parse(r.payload) as Record<string, unknown>,
  });

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

  const queued = new WeakMap<Unit, Queued[]>();

  async function write(unit: Unit, batch: Queued[]): Promise<void> {
    const rows = batch.map(({ event, at }) => ({
      at,
      type: event.type,
      incident_id: event.incidentId,
      reader_org_ids: JSON.stringify(event.readerOrgIds),
      reader_user_ids: event.readerUserIds ? JSON.stringify(event.readerUserIds) : null,
      payload: JSON.stringify(event.payload),
      subject_id: eventSubjectOf(event.payload),
    }));
    if (unit.dialect === 'postgres') {
      for (const [i, { event, at }] of batch.entries()) {
        const row = rows[i] as (typeof rows)[number];
        // NOTIFY is transactional: PostgreSQL delivers it to every listening node only if this commits.
        const rest = JSON.stringify({ at, ...event }).slice(1);
        const fits = Buffer.byteLength(rest) < NOTIFY_MAX;
        // One statement: insert, its readers, then notify with the sequence number the insert gave.
        await sql`with e as (
            insert into events (at, type, incident_id, reader_org_ids, reader_user_ids, payload, subject_id)
            values (${row.at}, ${row.type}, ${row.incident_id}, ${row.reader_org_ids}, ${row.reader_user_ids},
              ${row.payload}, ${row.subject_id})
            returning seq),
          r as (insert into event_readers (reader_id, seq) select k, e.seq from e, unnest(${eventReaderKeys(event)}::text[]) k)
          select pg_notify(${CHANNEL}, '{"seq":' || e.seq || ',' || ${fits ? rest : '"fetch":true}'}) from e`.execute(
          unit.tx,
        );
      }
      return;
    }
    // One insert for the unit's events: SQLite numbers the rows of one statement in order, so their numbers,
    // sorted, are the events' in the order recorded.
    const seqs: number[] = [];
    for (let i = 0; i < rows.length; i += EVENTS_CHUNK) {
      const inserted = await insertRows(unit.tx, 'events', rows.slice(i, i + EVENTS_CHUNK), RETURNING_SEQ);
      seqs.push(...inserted.map((r) => r.seq).sort((a, b) => a - b));
    }
    const readers = batch.flatMap(({ event }, i) =>
      eventReaderKeys(event).map((reader_id) => ({ reader_id, seq: seqs[i] as number })),
    );
    for (let i = 0; i < readers.length; i += READERS_CHUNK)
      await insertRows(unit.tx, 'event_readers', readers.slice(i, i + READERS_CHUNK));
    const live = batch.map(({ event, at }, i): LiveEvent => ({ seq: seqs[i] as number, at, ...event }));
    unit.afterCommit(() => {
      for (const e of live) emit(e);
    });
  }

  return {
    async record(unit, withSubject, at) {
      const { subject: _subject, ...event } = withSubject;
      // Written at the end of the unit, like the audit chain, to keep the writers' lock short; the events of
      // one unit together.
      let batch = queued.get(unit);
      if (!batch) {
        const events: Queued[] = [];
        batch = events;
        queued.set(unit, events);
        unit.beforeCommit(async () => {
          // An event recorded from here on (by a later hook) goes into a batch of its own.
          queued.delete(unit);
          await lockChain(unit);
          await write(unit, events);
        });
      }
      batch.push({ event, at: at.toISOString() });
      for (const subscriber of subscribers) await subscriber(unit, withSubject, at);
    },
    onRecord(subscriber) {
      subscribers.push(subscriber);
    },
    subscribe(fn) {
      emitter.on('event', fn);
      return () => emitter.off('event', fn);
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
    async addressedTo(readers, after, upTo, limit) {
      const q = addressedToQuery(handle.db, readers, after, upTo, limit);
      return q ? (await q.execute()).map((r) => Number(r.seq)) : [];
    },
    async bySeqs(seqs) {
      if (seqs.length === 0) return [];
      const rows = await handle.db
        .selectFrom('events')
        .selectAll()
        .where('seq', 'in', seqs)
        .orderBy('seq')
        .execute();
      return rows.map(toLive);
    },
    async start() {
      await listen();
    },
    async stop() {
      stopped = true;
      changes.hearing(false);
      emitter.removeAllListeners();
      const client = listener;
      listener = undefined;
      client?.release(true);
    },
  };
}
