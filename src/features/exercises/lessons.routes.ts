import { requireActor } from '../../platform/auth/authenticate.js';
import type { DatabaseHandle } from '../../platform/db/database.js';
import { inTransaction } from '../../platform/db/transaction.js';
import type { Api } from '../../platform/http/api.js';
import { answers, conflict, jsonWith, location, problemOf, refused } from '../../platform/http/openapi.js';
import { editLesson } from './lessons.edit.js';
import { followUpLesson, type LessonsDeps, lessonAssignees, lessonsOf, recordLesson } from './lessons.js';
import { presentLesson } from './lessons.presenter.js';
import {
  AssigneesOut,
  FollowUpInput,
  LessonEditInput,
  LessonInput,
  LessonListOut,
  LessonOut,
  LessonParams,
  LessonStaleOut,
} from './lessons.schemas.js';
import { ExerciseParams } from './report.schemas.js';

const tags = ['exercises'];

export interface LessonRoutesDeps {
  handle: DatabaseHandle;
  lessonsDeps: LessonsDeps;
}

/** Lessons learned (教訓) of exercises: the list with those carried over, recording one, following it up. */
export function lessonRoutes(app: Api, deps: LessonRoutesDeps): void {
  listRoute(app, deps);
  recordRoute(app, deps);
  followUpRoute(app, deps);
  editRoute(app, deps);
  assigneesRoute(app, deps);
}

/** PATCH /api/v1/exercise-lessons/:lessonId */
function editRoute(app: Api, { handle, lessonsDeps }: LessonRoutesDeps): void {
  app.patch(
    '/api/v1/exercise-lessons/:lessonId',
    {
      schema: {
        operationId: 'editExerciseLesson',
        tags,
        summary: "Edit a lesson's text or owning person at the version read (exercise control)",
        params: LessonParams,
        body: LessonEditInput,
        response: answers({
          200: LessonOut,
          409: problemOf(
            LessonStaleOut,
            'The lesson changed since it was read: `latest` is as it stands now',
          ),
          422: refused('the owning person is not an active user of the center'),
        }),
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const view = await inTransaction(handle, (unit) =>
        editLesson({
          unit,
          actor,
          lessonId: request.params.lessonId,
          input: request.body,
          deps: lessonsDeps,
        }),
      );
      return presentLesson(view);
    },
  );
}

/** GET /api/v1/exercise-lessons/assignees */
function assigneesRoute(app: Api, { handle }: LessonRoutesDeps): void {
  app.get(
    '/api/v1/exercise-lessons/assignees',
    {
      schema: {
        operationId: 'listExerciseLessonAssignees',
        tags,
        summary:
          "The people a coordinator may make a lesson's owner: the center's active users (exercise control)",
        response: answers({ 200: AssigneesOut }),
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return { items: await lessonAssignees(handle.db, actor) };
    },
  );
}

/** GET /api/v1/exercises/:id/lessons */
function listRoute(app: Api, { handle }: LessonRoutesDeps): void {
  app.get(
    '/api/v1/exercises/:id/lessons',
    {
      schema: {
        operationId: 'listExerciseLessons',
        tags,
        summary:
          "An exercise's lessons learned and the unfinished ones carried to it from earlier exercises (exercise control all; a body those it owns, a ministry also its agencies')",
        params: ExerciseParams,
        response: { 200: LessonListOut },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { own, carried } = await lessonsOf(handle.db, actor, request.params.id);
      return { items: own.map(presentLesson), carriedOver: carried.map(presentLesson) };
    },
  );
}

/** POST /api/v1/exercises/:id/lessons */
function recordRoute(app: Api, { handle, lessonsDeps }: LessonRoutesDeps): void {
  app.post(
    '/api/v1/exercises/:id/lessons',
    {
      schema: {
        operationId: 'recordExerciseLesson',
        tags,
        summary:
          "Record a lesson learned on an exercise, owned by a body and optionally by one of the center's people (exercise control)",
        params: ExerciseParams,
        body: LessonInput,
        response: answers({
          201: jsonWith(LessonOut, { location }, 'Recorded'),
          422: refused('the owning body does not exist, or the person is not an active user of the center'),
        }),
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const view = await inTransaction(handle, (unit) =>
        recordLesson({ unit, actor, exerciseId: request.params.id, input: request.body, deps: lessonsDeps }),
      );
      reply.status(201).header('location', `/api/v1/exercise-lessons/${view.row.id}`);
      return presentLesson(view);
    },
  );
}

/** POST /api/v1/exercise-lessons/:lessonId/follow-up */
function followUpRoute(app: Api, { handle, lessonsDeps }: LessonRoutesDeps): void {
  app.post(
    '/api/v1/exercise-lessons/:lessonId/follow-up',
    {
      schema: {
        operationId: 'followUpExerciseLesson',
        tags,
        summary:
          "Move a lesson's follow-up to open, in progress or done, at the version read (exercise control, or the owning body's security officer); every step is kept",
        params: LessonParams,
        body: FollowUpInput,
        response: answers({
          200: LessonOut,
          409: conflict('the lesson changed since it was read, or it is at this status already'),
        }),
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const view = await inTransaction(handle, (unit) =>
        followUpLesson({
          unit,
          actor,
          lessonId: request.params.lessonId,
          input: request.body,
          deps: lessonsDeps,
        }),
      );
      return presentLesson(view);
    },
  );
}
