import { requireActor } from '../../platform/auth/authenticate.js';
import type { DatabaseHandle } from '../../platform/db/database.js';
import { inTransaction } from '../../platform/db/transaction.js';
import type { Api } from '../../platform/http/api.js';
import { idempotentTransaction } from '../../platform/http/idempotency.js';
import { answers, conflict, jsonWith, location, refused } from '../../platform/http/openapi.js';
import type { ExerciseDeps } from './exercises.deps.js';
import { presentExercise, presentExerciseDetail } from './exercises.presenter.js';
import {
  ControlInput,
  CreateInput,
  EditInput,
  ExerciseDetailOut,
  ExerciseListOut,
  IdParams,
} from './exercises.schemas.js';
import {
  type ControlAction,
  controlExercise,
  createExercise,
  editExercise,
  listExercises,
  readExercise,
} from './exercises.usecases.js';

export const tags = ['exercises'];

const CONTROLS: readonly [ControlAction, string][] = [
  ['start', 'Start a draft exercise: its injects play from now, as the caller'],
  ['pause', 'Pause a running exercise: nothing is played until it resumes, and what is pending shifts'],
  ['resume', 'Resume a paused exercise'],
  ['end', 'End a running or paused exercise: what is not played never will be'],
];
const REFUSAL: Record<ControlAction, string> = {
  start: 'exercises.not_draft',
  pause: 'exercises.not_running',
  resume: 'exercises.not_paused',
  end: 'exercises.not_live',
};

/** What the exercise routes use. */
export interface ExerciseRoutesDeps {
  handle: DatabaseHandle;
  exerciseDeps: ExerciseDeps;
}

const badScenario = refused(
  'the scenario has problems (`exercises.scenario_invalid`, each in `problems` with its inject index and field)',
);

/** Exercises (訓練): exercise control writes, starts, pauses, resumes and ends them (center coordinators). */
export function exerciseRoutes(app: Api, deps: ExerciseRoutesDeps): void {
  const { handle, exerciseDeps } = deps;
  const now = () => exerciseDeps.clock.now();

  app.post(
    '/api/v1/exercises',
    {
      config: { idempotent: true },
      schema: {
        operationId: 'createExercise',
        tags,
        summary: 'Write a draft exercise from a scenario, as a document or as the text of a JSON/YAML file',
        body: CreateInput,
        response: answers({ 201: jsonWith(ExerciseDetailOut, { location }, 'Written'), 422: badScenario }),
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const result = await idempotentTransaction(
        handle,
        request,
        actor,
        exerciseDeps.clock.now,
        async (unit) => ({
          status: 201,
          body: presentExerciseDetail(
            await createExercise({ unit, actor, source: request.body, deps: exerciseDeps }),
            now(),
          ),
        }),
      );
      reply.status(result.status).header('location', `/api/v1/exercises/${result.body.id}`);
      return result.body;
    },
  );

  app.get(
    '/api/v1/exercises',
    {
      schema: {
        operationId: 'listExercises',
        tags,
        summary: 'Every exercise, newest first (exercise control; refused to anyone else)',
        response: { 200: ExerciseListOut },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const views = await listExercises(handle.db, actor);
      return { items: views.map((v) => presentExercise(v.row, v.injects)) };
    },
  );

  app.get(
    '/api/v1/exercises/:id',
    {
      schema: {
        operationId: 'getExercise',
        tags,
        summary: 'One exercise with its injects, when each is due and how it was played (exercise control)',
        params: IdParams,
        response: { 200: ExerciseDetailOut },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return presentExerciseDetail(await readExercise(handle.db, actor, request.params.id), now());
    },
  );

  app.put(
    '/api/v1/exercises/:id/scenario',
    {
      schema: {
        operationId: 'editExerciseScenario',
        tags,
        summary: "Replace a draft's scenario, at the version read",
        params: IdParams,
        body: EditInput,
        response: answers({
          200: ExerciseDetailOut,
          409: conflict('the exercise is no draft, or changed since it was read'),
          422: badScenario,
        }),
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { version, ...source } = request.body;
      return inTransaction(handle, async (unit) =>
        presentExerciseDetail(
          await editExercise({ unit, actor, id: request.params.id, version, source, deps: exerciseDeps }),
          now(),
        ),
      );
    },
  );

  for (const [action, what] of CONTROLS) {
    app.post(
      `/api/v1/exercises/:id/${action}`,
      {
        config: { idempotent: true },
        schema: {
          operationId: `${action}Exercise`,
          tags,
          summary: `${what} (at the version read)`,
          params: IdParams,
          body: ControlInput,
          response: answers({
            200: ExerciseDetailOut,
            409: conflict(
              `not in a state it applies to (\`${REFUSAL[action]}\`) or changed since read (\`exercises.version_conflict\`)`,
            ),
          }),
        },
      },
      async (request) => {
        const actor = requireActor(request);
        const { id } = request.params;
        const result = await idempotentTransaction(
          handle,
          request,
          actor,
          exerciseDeps.clock.now,
          async (unit) => ({
            status: 200,
            body: presentExerciseDetail(
              await controlExercise({
                unit,
                actor,
                id,
                version: request.body.version,
                action,
                deps: exerciseDeps,
              }),
              now(),
            ),
          }),
        );
        return result.body;
      },
    );
  }
}
