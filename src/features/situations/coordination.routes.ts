import { requireActor } from '../../platform/auth/authenticate.js';
import type { DatabaseHandle } from '../../platform/db/database.js';
import { inTransaction } from '../../platform/db/transaction.js';
import type { Api } from '../../platform/http/api.js';
import { answers, conflict, refused } from '../../platform/http/openapi.js';
import type { SituationDeps } from './situations.deps.js';
import { addEntry, changeLevel, standDown } from './situations.direct.js';
import { presentEntry, presentSituation } from './situations.presenter.js';
import { tags } from './situations.routes.js';
import {
  EntryInput,
  EntryOut,
  IdParams,
  LevelInput,
  SituationOut,
  StandDownInput,
  TimelineOut,
} from './situations.schemas.js';
import { entryViews, readTimeline } from './situations.timeline.js';

/** What the coordination routes use. */
export interface CoordinationRoutesDeps {
  handle: DatabaseHandle;
  situationDeps: SituationDeps;
}

/** Coordinating a situation: its level, its stand-down, its timeline with notes and decisions. */
export function coordinationRoutes(app: Api, deps: CoordinationRoutesDeps): void {
  levelRoute(app, deps);
  standDownRoute(app, deps);
  timelineRoute(app, deps);
  entryRoute(app, deps);
}

const STOOD_DOWN = 'the situation has been stood down';

/** POST /api/v1/situations/:id/level */
function levelRoute(app: Api, { handle, situationDeps: deps }: CoordinationRoutesDeps): void {
  app.post(
    '/api/v1/situations/:id/level',
    {
      schema: {
        operationId: 'changeSituationLevel',
        tags,
        summary: "Move an open situation to another posture level (the center's coordinators); announced",
        params: IdParams,
        body: LevelInput,
        response: answers({
          200: SituationOut,
          409: conflict(`${STOOD_DOWN}, or it is at this level already`),
          422: refused('an unknown level'),
        }),
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const view = await inTransaction(handle, (unit) =>
        changeLevel({ unit, actor, id: request.params.id, input: request.body, deps }),
      );
      return presentSituation(view);
    },
  );
}

/** POST /api/v1/situations/:id/stand-down */
function standDownRoute(app: Api, { handle, situationDeps: deps }: CoordinationRoutesDeps): void {
  app.post(
    '/api/v1/situations/:id/stand-down',
    {
      schema: {
        operationId: 'standDownSituation',
        tags,
        summary:
          "Stand a situation down (終結; the center's coordinators): no answer is taken after it; announced",
        params: IdParams,
        body: StandDownInput,
        response: answers({ 200: SituationOut, 409: conflict(`${STOOD_DOWN} already`) }),
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const view = await inTransaction(handle, (unit) =>
        standDown({ unit, actor, id: request.params.id, input: request.body, deps }),
      );
      return presentSituation(view);
    },
  );
}

/** GET /api/v1/situations/:id/timeline */
function timelineRoute(app: Api, { handle, situationDeps: deps }: CoordinationRoutesDeps): void {
  app.get(
    '/api/v1/situations/:id/timeline',
    {
      schema: {
        operationId: 'getSituationTimeline',
        tags,
        summary:
          "The situation's timeline, oldest first: a body's answers only to it, its ministry and the center; linked incidents only to their readers",
        params: IdParams,
        response: { 200: TimelineOut },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const views = await readTimeline(handle.db, actor, request.params.id, deps);
      return { items: views.map(presentEntry) };
    },
  );
}

/** POST /api/v1/situations/:id/entries */
function entryRoute(app: Api, { handle, situationDeps: deps }: CoordinationRoutesDeps): void {
  app.post(
    '/api/v1/situations/:id/entries',
    {
      schema: {
        operationId: 'addSituationEntry',
        tags,
        summary: "Write a note or a decision on an open situation's timeline (the center's coordinators)",
        params: IdParams,
        body: EntryInput,
        response: answers({ 201: EntryOut, 409: conflict(STOOD_DOWN) }),
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const [view] = await inTransaction(handle, async (unit) => {
        const entry = await addEntry({ unit, actor, id: request.params.id, input: request.body, deps });
        return entryViews(unit.tx, actor, entry.situation_id, [entry], deps);
      });
      reply.status(201);
      return presentEntry(view as NonNullable<typeof view>);
    },
  );
}
