import { Type } from 'typebox';
import { SCENARIO_MAX_BYTES, Targets } from './scenario.js';

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

const sourceFields = {
  scenario: Type.Optional(
    Type.Object(
      {},
      { additionalProperties: true, description: 'The scenario document (as a JSON file holds it)' },
    ),
  ),
  file: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: SCENARIO_MAX_BYTES,
      description: 'Or the text of a scenario file, JSON or YAML (no anchors or aliases)',
    }),
  ),
};

export const CreateInput = Type.Object(sourceFields, { additionalProperties: false });
export const EditInput = Type.Object(
  { version: Type.Integer({ minimum: 1 }), ...sourceFields },
  { additionalProperties: false },
);
export const ControlInput = Type.Object(
  {
    version: Type.Integer({
      minimum: 1,
      description: 'The version read: a changed exercise is refused (409)',
    }),
  },
  { additionalProperties: false },
);
export const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

const Status = Type.Union([
  Type.Literal('draft'),
  Type.Literal('running'),
  Type.Literal('paused'),
  Type.Literal('ended'),
  Type.Literal('final'),
  Type.Literal('purged'),
]);

export const ExerciseOut = Type.Object({
  id: Type.String(),
  number: Type.String(),
  name: Type.String(),
  description: Type.String(),
  status: Status,
  version: Type.Integer(),
  createdAt: Type.String(),
  startedAt: Nullable(Type.String()),
  pausedAt: Nullable(Type.String()),
  pausedMs: Type.Integer(),
  endedAt: Nullable(Type.String()),
  targets: Targets,
  injectCount: Type.Integer(),
  playedCount: Type.Integer(),
});
export const ExerciseListOut = Type.Object({ items: Type.Array(ExerciseOut) });

export const InjectOut = Type.Object({
  seq: Type.Integer(),
  offsetSeconds: Type.Integer(),
  kind: Type.String(),
  payload: Type.Object({}, { additionalProperties: true }),
  dueAt: Type.Union([Type.String(), Type.Null()], {
    description: 'When it is due, as of now (later if the exercise is paused again); null before the start',
  }),
  remainingSeconds: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()], {
    description:
      'Of a pending inject of a running or paused exercise, the seconds left until it is due: counting down while running, frozen while paused (the paused time is left out)',
  }),
  playedAt: Nullable(Type.String()),
  state: Type.Union(
    [Type.Literal('pending'), Type.Literal('played'), Type.Literal('failed'), Type.Literal('not_played')],
    { description: 'pending; played; failed (see outcome); not_played (the exercise ended first)' },
  ),
  outcome: Type.Union([Type.Object({}, { additionalProperties: true }), Type.Null()]),
});
export const ExerciseDetailOut = Type.Object({ ...ExerciseOut.properties, injects: Type.Array(InjectOut) });
