import { type TSchema, Type } from 'typebox';
import { ProblemOut, Text } from '../../platform/http/schemas.js';
import { LESSON_TEXT_MAX, NOTE_MAX } from './lessons.js';

const Nullable = <T extends TSchema>(t: T, options: { description?: string } = {}) =>
  Type.Union([t, Type.Null()], options);
const Id = Type.String({ minLength: 1, maxLength: 64 });
const Status = Type.Union([Type.Literal('open'), Type.Literal('in_progress'), Type.Literal('done')], {
  description: 'open 未着手, in_progress 対応中, done 完了',
});

export const LessonParams = Type.Object({ lessonId: Id }, { additionalProperties: false });

export const LessonInput = Type.Object(
  {
    text: Text(LESSON_TEXT_MAX),
    ownerOrgId: Id,
    ownerUserId: Type.Optional(Id),
    dueOn: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' })),
  },
  { additionalProperties: false },
);

export const LessonEditInput = Type.Object(
  {
    version: Type.Integer({ minimum: 1, description: 'The version the caller saw' }),
    text: Type.Optional(Text(LESSON_TEXT_MAX)),
    ownerUserId: Type.Optional(
      Nullable(Id, {
        description: "One of the assignees (the center's active users); null: no owning person",
      }),
    ),
  },
  { additionalProperties: false },
);

export const AssigneesOut = Type.Object({
  items: Type.Array(Type.Object({ id: Type.String(), name: Type.String() }), {
    description: "The center's active users, whom a coordinator may make a lesson's owner",
  }),
});

export const FollowUpInput = Type.Object(
  {
    status: Status,
    note: Type.Optional(Text(NOTE_MAX)),
    version: Type.Integer({ minimum: 1, description: 'The version the caller saw' }),
  },
  { additionalProperties: false },
);

export const LessonOut = Type.Object({
  id: Type.String(),
  exerciseId: Type.String({ description: 'The exercise that taught it' }),
  exerciseNumber: Type.String(),
  text: Type.String(),
  owner: Type.Object({ id: Type.String(), name: Type.String() }),
  person: Nullable(Type.Object({ id: Type.String(), name: Type.String() })),
  status: Status,
  dueOn: Nullable(Type.String()),
  createdAt: Type.String(),
  closedAt: Nullable(Type.String()),
  version: Type.Integer(),
  history: Type.Array(
    Type.Object({
      at: Type.String(),
      by: Type.String(),
      status: Status,
      note: Nullable(Type.String()),
    }),
  ),
});

export const LessonListOut = Type.Object({
  items: Type.Array(LessonOut, { description: "This exercise's lessons" }),
  carriedOver: Type.Array(LessonOut, {
    description: 'Unfinished lessons of earlier exercises, carried to this one (the same lessons)',
  }),
});

export const LessonStaleOut = Type.Object(
  {
    ...ProblemOut.properties,
    latest: Type.Optional(LessonOut),
  },
  { additionalProperties: true },
);
