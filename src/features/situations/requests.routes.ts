import { requireActor } from '../../platform/auth/authenticate.js';
import type { Clock } from '../../platform/clock.js';
import type { DatabaseHandle } from '../../platform/db/database.js';
import { inTransaction } from '../../platform/db/transaction.js';
import type { Api } from '../../platform/http/api.js';
import { idempotentTransaction } from '../../platform/http/idempotency.js';
import { answers, conflict, jsonWith, location, refused } from '../../platform/http/openapi.js';
import {
  AmendInput,
  MoveInput,
  RequestInput,
  RequestListOut,
  RequestOut,
  RequestParams,
  WithdrawInput,
} from './requests.schemas.js';
import {
  amendRequest,
  issueRequest,
  listRequests,
  moveRequest,
  readRequest,
  withdrawRequest,
} from './requests.usecases.js';
import type { SituationDeps } from './situations.deps.js';
import { tags } from './situations.routes.js';
import { IdParams } from './situations.schemas.js';

/** What the request routes use. */
export interface RequestRoutesDeps {
  handle: DatabaseHandle;
  clock: Clock;
  situationDeps: SituationDeps;
}

/** Requests (要請) of the center within a situation: issue, amend, withdraw, the bodies' moves, the list. */
export function requestRoutes(app: Api, deps: RequestRoutesDeps): void {
  issueRoute(app, deps);
  listRoute(app, deps);
  readRoute(app, deps);
  amendRoute(app, deps);
  withdrawRoute(app, deps);
  moveRoute(app, deps);
}

const STOOD_DOWN = 'the situation has been stood down';
const path = (id: string, requestId: string) =>
  `/api/v1/situations/${encodeURIComponent(id)}/requests/${encodeURIComponent(requestId)}`;

/** POST /api/v1/situations/:id/requests */
function issueRoute(app: Api, { handle, clock, situationDeps: deps }: RequestRoutesDeps): void {
  app.post(
    '/api/v1/situations/:id/requests',
    {
      config: { idempotent: true },
      schema: {
        operationId: 'issueSituationRequest',
        tags,
        summary:
          "Issue a request (要請) with a due time to bodies in scope of an open situation (the center's coordinators)",
        params: IdParams,
        body: RequestInput,
        response: answers({
          201: jsonWith(RequestOut, { location }, 'Issued'),
          409: conflict(STOOD_DOWN),
          422: refused('a due time not later than now, an addressee not in scope, or no addressee'),
        }),
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { id } = request.params;
      const result = await idempotentTransaction(handle, request, actor, clock.now, async (unit) => ({
        status: 201,
        body: await issueRequest({ unit, actor, situationId: id, input: request.body, deps }),
      }));
      reply.status(result.status).header('location', path(id, result.body.id));
      return result.body;
    },
  );
}

/** GET /api/v1/situations/:id/requests */
function listRoute(app: Api, { handle, situationDeps: deps }: RequestRoutesDeps): void {
  app.get(
    '/api/v1/situations/:id/requests',
    {
      schema: {
        operationId: 'listSituationRequests',
        tags,
        summary:
          "A situation's requests the caller sees (the center every one; a body those addressed to it or its agencies), with the states it reads",
        params: IdParams,
        response: { 200: RequestListOut },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return { items: await listRequests(handle.db, actor, request.params.id, deps) };
    },
  );
}

/** GET /api/v1/situations/:id/requests/:requestId */
function readRoute(app: Api, { handle, situationDeps: deps }: RequestRoutesDeps): void {
  app.get(
    '/api/v1/situations/:id/requests/:requestId',
    {
      schema: {
        operationId: 'getSituationRequest',
        tags,
        summary: 'One request the caller sees, with every move of the states it reads',
        params: RequestParams,
        response: { 200: RequestOut },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { id, requestId } = request.params;
      return readRequest(handle.db, actor, id, requestId, deps);
    },
  );
}

/** POST /api/v1/situations/:id/requests/:requestId/due */
function amendRoute(app: Api, { handle, situationDeps: deps }: RequestRoutesDeps): void {
  app.post(
    '/api/v1/situations/:id/requests/:requestId/due',
    {
      schema: {
        operationId: 'amendSituationRequestDue',
        tags,
        summary:
          "Move a standing request's due time (the center's coordinators), at the version read; announced",
        params: RequestParams,
        body: AmendInput,
        response: answers({
          200: RequestOut,
          409: conflict(
            `${STOOD_DOWN}, the request was withdrawn, changed since read, or is due then already`,
          ),
          422: refused('a due time not later than now'),
        }),
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { id, requestId } = request.params;
      return inTransaction(handle, (unit) =>
        amendRequest({ unit, actor, situationId: id, requestId, input: request.body, deps }),
      );
    },
  );
}

/** POST /api/v1/situations/:id/requests/:requestId/withdraw */
function withdrawRoute(app: Api, { handle, situationDeps: deps }: RequestRoutesDeps): void {
  app.post(
    '/api/v1/situations/:id/requests/:requestId/withdraw',
    {
      schema: {
        operationId: 'withdrawSituationRequest',
        tags,
        summary: "Withdraw a standing request (the center's coordinators), at the version read; announced",
        params: RequestParams,
        body: WithdrawInput,
        response: answers({
          200: RequestOut,
          409: conflict(`${STOOD_DOWN}, the request was withdrawn already or changed since read`),
        }),
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { id, requestId } = request.params;
      return inTransaction(handle, (unit) =>
        withdrawRequest({ unit, actor, situationId: id, requestId, input: request.body, deps }),
      );
    },
  );
}

/** POST /api/v1/situations/:id/requests/:requestId/moves */
function moveRoute(app: Api, { handle, situationDeps: deps }: RequestRoutesDeps): void {
  app.post(
    '/api/v1/situations/:id/requests/:requestId/moves',
    {
      schema: {
        operationId: 'moveSituationRequest',
        tags,
        summary:
          "Move an addressed body's state forward (受領 → 対応中 → 完了): its own people, or its supervising ministry's on its behalf",
        params: RequestParams,
        body: MoveInput,
        response: answers({
          200: RequestOut,
          409: conflict(
            `${STOOD_DOWN}, the request was withdrawn, the body's state is there or past it already, or its version is stale`,
          ),
        }),
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { id, requestId } = request.params;
      return inTransaction(handle, (unit) =>
        moveRequest({ unit, actor, situationId: id, requestId, input: request.body, deps }),
      );
    },
  );
}
