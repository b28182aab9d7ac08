import { requireActor } from '../../platform/auth/authenticate.js';
import type { Clock } from '../../platform/clock.js';
import type { DatabaseHandle } from '../../platform/db/database.js';
import type { Api } from '../../platform/http/api.js';
import { idempotentTransaction } from '../../platform/http/idempotency.js';
import { answers, jsonWith, location, refused } from '../../platform/http/openapi.js';
import type { SituationDeps } from './situations.deps.js';
import { presentSituation } from './situations.presenter.js';
import {
  IdParams,
  LevelsOut,
  ListQuery,
  SituationInput,
  SituationListOut,
  SituationOut,
} from './situations.schemas.js';
import { declareSituation, listSituations, readSituation } from './situations.usecases.js';

export const tags = ['situations'];

/** What the situation routes use. */
export interface SituationRoutesDeps {
  handle: DatabaseHandle;
  clock: Clock;
  situationDeps: SituationDeps;
}

/** Large-scale situations (大規模サイバー攻撃事態): declaration, the list, one situation, the posture levels. */
export function situationRoutes(app: Api, deps: SituationRoutesDeps): void {
  levelsRoute(app, deps);
  declareRoute(app, deps);
  listRoute(app, deps);
  readRoute(app, deps);
}

/** GET /api/v1/situations/levels */
function levelsRoute(app: Api, { situationDeps: deps }: SituationRoutesDeps): void {
  app.get(
    '/api/v1/situations/levels',
    {
      schema: {
        operationId: 'listSituationLevels',
        tags,
        summary: 'The configured posture levels (態勢), in ascending order (any signed-in user)',
        response: { 200: LevelsOut },
      },
    },
    async (request) => {
      requireActor(request);
      return { items: deps.levels.map((l) => ({ ...l })) };
    },
  );
}

/** POST /api/v1/situations */
function declareRoute(app: Api, { handle, clock, situationDeps: deps }: SituationRoutesDeps): void {
  app.post(
    '/api/v1/situations',
    {
      config: { idempotent: true },
      schema: {
        operationId: 'declareSituation',
        tags,
        summary:
          "Declare a large-scale situation to bodies in scope, at a posture level and TLP (the center's coordinators)",
        body: SituationInput,
        response: answers({
          201: jsonWith(SituationOut, { location }, 'Declared'),
          422: refused(
            'an unknown level, an unknown body in scope, an empty scope, or a prompting incident the center did not receive',
          ),
        }),
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const input = request.body;
      const result = await idempotentTransaction(handle, request, actor, clock.now, async (unit) => ({
        status: 201,
        body: presentSituation(await declareSituation({ unit, actor, input, deps })),
      }));
      reply.status(result.status).header('location', `/api/v1/situations/${result.body.id}`);
      return result.body;
    },
  );
}

/** GET /api/v1/situations */
function listRoute(app: Api, { handle, situationDeps: deps }: SituationRoutesDeps): void {
  app.get(
    '/api/v1/situations',
    {
      schema: {
        operationId: 'listSituations',
        tags,
        summary:
          "The situations the caller sees (the center; bodies in scope; ministries of agencies in scope), newest first: real ones, or with ?exercise= one exercise's",
        querystring: ListQuery,
        response: { 200: SituationListOut },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { state, exercise } = request.query;
      const views = await listSituations(handle.db, actor, state ?? 'open', deps, exercise);
      return { items: views.map(presentSituation) };
    },
  );
}

/** GET /api/v1/situations/:id */
function readRoute(app: Api, { handle, situationDeps: deps }: SituationRoutesDeps): void {
  app.get(
    '/api/v1/situations/:id',
    {
      schema: {
        operationId: 'getSituation',
        tags,
        summary:
          "A situation as the caller sees it: its body's answer, whom it may answer for, incidents it reads",
        params: IdParams,
        response: { 200: SituationOut },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return presentSituation(await readSituation(handle.db, actor, request.params.id, deps));
    },
  );
}
