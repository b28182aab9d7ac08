import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor } from '../access/roles.js';
import { can } from '../access/rules.js';
import { eventReceivableBy, readerKeysOf } from '../access/visibility.js';
import { requireActor, SESSION_COOKIE } from '../auth/authenticate.js';
import { hashSecret } from '../auth/secrets.js';
import { media, problemResponse, retryAfter } from '../http/openapi.js';
import { problem } from '../http/problem.js';
import {
  compareCursors,
  type EventBus,
  type EventCursor,
  formatCursor,
  formatPosition,
  type LiveEvent,
  parsePosition,
  START,
  type StreamPosition,
} from './events.js';
import { streamPosition } from './stream-position.js';
import { type StreamLimits, streamSlots } from './stream-slots.js';

// Replayed events are read in pages of this many; a page is parsed and written before the next is read.
const REPLAY_PAGE = 200;
// A client that stops reading is let go once this much waits for it (it reconnects and catches up, or reloads).
const MAX_BUFFERED_BYTES = 1 << 20;
// When a refused client may try again: a stream of its own has usually ended by then, or a heartbeat noticed it.
const RETRY_AFTER_SECONDS = 30;

/**
 * Whether events after `position` may have been removed: events are removed oldest numbers first, so unless
 * the very next number is the oldest kept, numbers between were.
 */
const removedSince = (position: EventCursor, oldest: EventCursor | null): boolean =>
  oldest !== null && position.seq < oldest.seq - 1;

/** Whether a live event may reach this caller (see the visibility module). */
export const mayReceive = (actor: Actor, event: LiveEvent): boolean => eventReceivableBy(actor, event);

const frame = (e: LiveEvent, id: StreamPosition) =>
  `id: ${formatPosition(id)}\nevent: ${e.type}\ndata: ${JSON.stringify({
    seq: e.seq,
    type: e.type,
    at: e.at,
    incidentId: e.incidentId,
    ...e.payload,
  })}\n\n`;

/** Tells the client that what it missed will not be replayed: it loads its screen again, from `at` on. */
const reloadFrame = (at: EventCursor, reason: 'window' | 'unknown_id') =>
  `id: ${formatCursor(at)}\nevent: reload\ndata: ${JSON.stringify({ seq: at.seq, type: 'reload', reason })}\n\n`;

/** The credential a stream is counted under: the API token or the session cookie, hashed. */
const credentialOf = (request: FastifyRequest, actor: Actor) =>
  actor.via === 'token'
    ? `token:${hashSecret(request.headers.authorization ?? '')}`
    : `session:${hashSecret(request.cookies?.[SESSION_COOKIE] ?? '')}`;

/** The position a reconnecting client gives (an event's id, opaque to it), absent, or one that is none of ours. */
function lastEventId(header: string | string[] | undefined): StreamPosition | 'none' | 'invalid' {
  if (header === undefined) return 'none';
  const value = Array.isArray(header) ? header[0] : header;
  return (value !== undefined && parsePosition(value)) || 'invalid';
}

/**
 * `GET /api/v1/events`: Server-Sent Events of what the caller may see, resumable with Last-Event-ID. A
 * reconnecting client is sent what it missed, read in SQL by what it may receive, up to a window; past the
 * window, or from an id this server does not hold, it gets a `reload` event instead. Streams are counted per
 * credential and per client address.
 */
export function eventRoutes(
  app: FastifyInstance,
  deps: {
    events: EventBus;
    onClients: (delta: number) => void;
    heartbeatMs: number;
    replayMax: number;
    limits: StreamLimits;
  },
) {
  const open = new Set<() => void>();
  const slots = streamSlots(deps.limits);
  // Streams never end by themselves; a server that is shutting down ends them so that it can stop.
  app.addHook('preClose', async () => {
    for (const end of open) end();
  });
  app.get(
    '/api/v1/events',
    {
      schema: {
        operationId: 'streamEvents',
        tags: ['events'],
        summary:
          'Live stream (text/event-stream) of new incidents, reports and deliveries the caller may see',
        headers: {
          type: 'object',
          properties: {
            'last-event-id': {
              type: 'string',
              description:
                'The id of the last event received: what was missed since is sent first (or a `reload` event)',
            },
          },
        },
        response: {
          200: media(
            'text/event-stream',
            { type: 'string' },
            'Server-Sent Events: `id` (an opaque position, given back as Last-Event-ID), `event` (its type, or `reload`), `data` (JSON)',
            { 'cache-control': { type: 'string', const: 'no-store' } },
          ),
          429: problemResponse('Too many live streams for this credential or address', {
            'retry-after': retryAfter,
          }),
        },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const release = slots.take(credentialOf(request, actor), request.ip);
      if (!release)
        return reply
          .code(429)
          .header('retry-after', String(RETRY_AFTER_SECONDS))
          .type('application/problem+json')
          .send(
            problem(
              429,
              'events.too_many_streams',
              'Too many live streams are open for this credential or this address. Close one, or wait.',
            ),
          );
      const position = lastEventId(request.headers['last-event-id']);
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      deps.onClients(1);

      let closed = false;
      const write = (chunk: string) => {
        if (closed) return;
        res.write(chunk);
        if (res.writableLength > MAX_BUFFERED_BYTES) end();
      };
      write('retry: 2000\n\n');

      // Live events wait while the client catches up, so that nothing falls between the replay and them.
      let catchingUp = position !== 'none';
      const held: LiveEvent[] = [];
      // Final events come in readers' order (see EventCursor), live and replayed, and early ones as soon as they
      // committed (PostgreSQL): the stream's position sends each once and gives every frame an id to resume from.
      const place = streamPosition();
      const send = (e: LiveEvent) => {
        if (place.take(e, mayReceive(actor, e))) write(frame(e, place.current()));
      };
      const unsubscribe = deps.events.subscribe((e) => (catchingUp ? held.push(e) : send(e)), {
        early: true,
      });
      // Every heartbeat asks again whether the caller may still listen: a revoked token, a closed session or
      // a changed role ends the stream.
      const heartbeat = setInterval(() => {
        request
          .stillAuthenticated()
          .catch(() => false)
          .then((ok) => (ok ? write(': keep-alive\n\n') : end()));
      }, deps.heartbeatMs);
      heartbeat.unref();
      const close = () => {
        if (closed) return;
        closed = true;
        open.delete(end);
        clearInterval(heartbeat);
        unsubscribe();
        release();
        deps.onClients(-1);
      };
      function end() {
        close();
        res.end();
      }
      open.add(end);
      request.raw.on('close', close);
      res.on('close', close);
      // A client gone while it was being authenticated closed before anyone listened: its slot is free now.
      if (request.raw.socket.destroyed) close();

      if (closed || position === 'none') return;
      try {
        place.reach(await catchUp(actor, position, place, send, write, () => closed));
      } finally {
        catchingUp = false;
        for (const e of held.splice(0)) send(e);
      }
    },
  );

  /**
   * Sends a reconnecting client what it missed after `position`, or a reload event; returns the place it is
   * now at. Nothing is read for a caller who may receive nothing.
   */
  async function catchUp(
    actor: Actor,
    position: StreamPosition | 'invalid',
    place: ReturnType<typeof streamPosition>,
    send: (e: LiveEvent) => void,
    write: (chunk: string) => void,
    gone: () => boolean,
  ): Promise<EventCursor> {
    if (!can.readIncidents(actor)) return START;
    const { oldest, head } = await deps.events.places();
    const reload = (reason: 'window' | 'unknown_id') => {
      write(reloadFrame(head, reason));
      return head;
    };
    if (position === 'invalid' || compareCursors(position.at, head) > 0 || removedSince(position.at, oldest))
      return reload('unknown_id');
    // The early events the client was sent are looked up (a number that names nothing held is dropped): the
    // replay leaves them out, and those not final yet are not sent again when they are.
    const sentEarly = position.early.length > 0 ? await deps.events.bySeqs(position.early) : [];
    place.resume(position.at, sentEarly);
    const missed = await deps.events.addressedTo(readerKeysOf(actor), position.at, head, deps.replayMax + 1);
    if (missed.length > deps.replayMax) return reload('window');
    for (let i = 0; i < missed.length && !gone(); i += REPLAY_PAGE)
      for (const e of await deps.events.bySeqs(missed.slice(i, i + REPLAY_PAGE).map((c) => c.seq))) send(e);
    return head;
  }
}
