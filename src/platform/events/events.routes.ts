import type { FastifyInstance } from 'fastify';
import type { Actor } from '../access/roles.js';
import { can } from '../access/rules.js';
import { requireActor } from '../auth/authenticate.js';
import type { EventBus, LiveEvent } from './events.js';

const REPLAY_PAGE = 1000;
// A client gone for longer than this many events should reload its screens rather than replay them.
const REPLAY_MAX = 20_000;

/** Whether a live event may reach this caller: the same reader-set rule as every other read. */
export const mayReceive = (actor: Actor, event: LiveEvent): boolean =>
  can.readIncidents(actor) &&
  event.readerOrgIds.includes(actor.orgId) &&
  (event.readerUserIds === undefined || event.readerUserIds.includes(actor.userId));

const frame = (e: LiveEvent) =>
  `id: ${e.seq}\nevent: ${e.type}\ndata: ${JSON.stringify({
    seq: e.seq,
    type: e.type,
    at: e.at,
    incidentId: e.incidentId,
    ...e.payload,
  })}\n\n`;

/** `GET /api/v1/events`: Server-Sent Events of what the caller may see, resumable with Last-Event-ID. */
export function eventRoutes(
  app: FastifyInstance,
  deps: { events: EventBus; onClients: (delta: number) => void; heartbeatMs: number },
) {
  const open = new Set<() => void>();
  // Streams never end by themselves; a server that is shutting down ends them so that it can stop.
  app.addHook('preClose', async () => {
    for (const end of open) end();
  });
  app.get(
    '/api/v1/events',
    {
      schema: {
        tags: ['events'],
        summary:
          'Live stream (text/event-stream) of new incidents, reports and deliveries the caller may see',
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const lastId = Number(request.headers['last-event-id']);
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      res.write('retry: 2000\n\n');
      deps.onClients(1);

      // Buffer live events while replaying, so that nothing falls between the replay and the subscription.
      let replaying = Number.isSafeInteger(lastId) && lastId >= 0;
      const held: LiveEvent[] = [];
      let lastSent = replaying ? lastId : 0;
      const send = (e: LiveEvent) => {
        if (e.seq <= lastSent && lastSent !== 0) return;
        lastSent = e.seq;
        if (mayReceive(actor, e)) res.write(frame(e));
      };
      const unsubscribe = deps.events.subscribe((e) => (replaying ? held.push(e) : send(e)));
      // Every heartbeat asks again whether the caller may still listen: a revoked token, a closed session or
      // a changed role ends the stream.
      const heartbeat = setInterval(() => {
        request
          .stillAuthenticated()
          .catch(() => false)
          .then((ok) => (ok ? res.write(': keep-alive\n\n') : end()));
      }, deps.heartbeatMs);
      heartbeat.unref();
      let closed = false;
      const close = () => {
        if (closed) return;
        closed = true;
        open.delete(end);
        clearInterval(heartbeat);
        unsubscribe();
        deps.onClients(-1);
      };
      const end = () => {
        close();
        res.end();
      };
      open.add(end);
      request.raw.on('close', close);

      if (replaying) {
        try {
          // Page through what was missed, however many pages, up to a bound.
          let after = lastId;
          for (let read = 0; read < REPLAY_MAX; read += REPLAY_PAGE) {
            const page = await deps.events.since(after, REPLAY_PAGE);
            for (const e of page) send(e);
            const last = page.at(-1);
            if (!last || page.length < REPLAY_PAGE) break;
            after = last.seq;
          }
        } finally {
          replaying = false;
          for (const e of held.splice(0)) send(e);
        }
      }
    },
  );
}
