import { requireActor } from '../../platform/auth/authenticate.js';
import type { Clock } from '../../platform/clock.js';
import type { DatabaseHandle } from '../../platform/db/database.js';
import { inTransaction } from '../../platform/db/transaction.js';
import type { Api } from '../../platform/http/api.js';
import { idempotentTransaction } from '../../platform/http/idempotency.js';
import { answers } from '../../platform/http/openapi.js';
import { presentMessages } from './conversation.presenter.js';
import { ConversationParams, MessageInput, MessageListOut, MessageOut } from './conversation.schemas.js';
import { type ConversationDeps, listMessages, postMessage } from './conversation.usecases.js';

const tags = ['incidents'];

/** What the conversation routes use. */
export interface ConversationRoutesDeps {
  handle: DatabaseHandle;
  clock: Clock;
  conversationDeps: ConversationDeps;
}

export function conversationRoutes(app: Api, deps: ConversationRoutesDeps): void {
  listMessagesRoute(app, deps);
  postMessageRoute(app, deps);
}

/** GET /api/v1/incidents/:id/messages */
function listMessagesRoute(app: Api, { handle, conversationDeps: deps }: ConversationRoutesDeps): void {
  app.get(
    '/api/v1/incidents/:id/messages',
    {
      schema: {
        operationId: 'listIncidentMessages',
        tags,
        summary: "The conversation on an incident, oldest first (the incident's readers)",
        params: ConversationParams,
        response: { 200: MessageListOut },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { id } = request.params;
      return inTransaction(handle, async (unit) => {
        const rows = await listMessages({ unit, actor, incidentId: id, deps });
        return { items: await presentMessages(unit.tx, rows) };
      });
    },
  );
}

/** POST /api/v1/incidents/:id/messages */
function postMessageRoute(app: Api, { handle, clock, conversationDeps: deps }: ConversationRoutesDeps): void {
  app.post(
    '/api/v1/incidents/:id/messages',
    {
      config: { idempotent: true },
      schema: {
        operationId: 'postIncidentMessage',
        tags,
        summary: "Post a message on an incident: a question or an answer among the incident's readers",
        params: ConversationParams,
        body: MessageInput,
        response: answers({ 201: MessageOut }),
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { id } = request.params;
      const input = request.body;
      const result = await idempotentTransaction(handle, request, actor, clock.now, async (unit) => {
        const row = await postMessage({ unit, actor, incidentId: id, input, deps });
        const [body] = await presentMessages(unit.tx, [row]);
        return { status: 201, body: body as NonNullable<typeof body> };
      });
      reply.status(result.status);
      return result.body;
    },
  );
}
