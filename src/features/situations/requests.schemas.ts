import { type Static, type TSchema, Type } from 'typebox';
import { Line, Text } from '../../platform/http/schemas.js';

const Id = Type.String({ minLength: 1, maxLength: 64 });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Time = Type.String({ format: 'date-time', maxLength: 40 });

export const TITLE_MAX = 200;
export const BODY_MAX = 5000;
export const MOVE_NOTE_MAX = 1000;

export const RequestStateSchema = Type.Union(
  [Type.Literal('issued'), Type.Literal('acknowledged'), Type.Literal('in_progress'), Type.Literal('done')],
  { description: '未受領 issued → 受領 acknowledged → 対応中 in_progress → 完了 done' },
);

export const RequestInput = Type.Object(
  {
    title: Line(TITLE_MAX),
    body: Text(BODY_MAX),
    dueAt: Time,
    addressees: Type.Object(
      {
        kind: Type.Union([Type.Literal('all'), Type.Literal('ministries'), Type.Literal('bodies')], {
          description: 'every body in scope, the ministries in scope, or the bodies named',
        }),
        bodies: Type.Optional(
          Type.Array(
            Type.Object(
              { orgId: Type.Optional(Id), orgSlug: Type.Optional(Id) },
              {
                additionalProperties: false,
                description: 'A body in scope by its id or its slug (one of them)',
              },
            ),
            { maxItems: 1000 },
          ),
        ),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export type RequestInput = Static<typeof RequestInput>;

export const AmendInput = Type.Object(
  { dueAt: Time, version: Type.Integer({ minimum: 1, description: 'The version the change is based on' }) },
  { additionalProperties: false },
);
export const WithdrawInput = Type.Object(
  { version: Type.Integer({ minimum: 1 }), note: Type.Optional(Text(MOVE_NOTE_MAX)) },
  { additionalProperties: false },
);
export const MoveInput = Type.Object(
  {
    state: Type.Union([Type.Literal('acknowledged'), Type.Literal('in_progress'), Type.Literal('done')]),
    orgId: Type.Optional(Id),
    orgSlug: Type.Optional(Id),
    version: Type.Optional(
      Type.Integer({ minimum: 1, description: "The body's state version the move is based on" }),
    ),
    note: Type.Optional(Text(MOVE_NOTE_MAX)),
  },
  { additionalProperties: false },
);
export type MoveInput = Static<typeof MoveInput>;

export const RequestParams = Type.Object({ id: Id, requestId: Id });

const Person = Nullable(Type.Object({ name: Type.String(), orgId: Type.String(), onBehalf: Type.Boolean() }));

export const RequestBodyOut = Type.Object({
  orgId: Type.String(),
  orgSlug: Type.String(),
  orgName: Type.String(),
  parentId: Nullable(Type.String()),
  state: RequestStateSchema,
  version: Type.Integer(),
  acknowledgedAt: Nullable(Type.String()),
  acknowledgedBy: Person,
  startedAt: Nullable(Type.String()),
  startedBy: Person,
  doneAt: Nullable(Type.String()),
  doneBy: Person,
  doneNote: Nullable(Type.String()),
  overdue: Type.Boolean({ description: 'Past its due time, not done, the request standing' }),
});

const Counts = Type.Object({
  issued: Type.Integer(),
  acknowledged: Type.Integer(),
  in_progress: Type.Integer(),
  done: Type.Integer(),
  total: Type.Integer(),
});

export const MoveOut = Type.Object({
  orgId: Type.String(),
  from: RequestStateSchema,
  to: RequestStateSchema,
  at: Type.String(),
  byName: Type.String(),
  onBehalf: Type.Boolean(),
  note: Nullable(Type.String()),
});

export const RequestOut = Type.Object({
  id: Type.String(),
  number: Type.String({ description: 'R-<n>, per situation' }),
  situationId: Type.String(),
  title: Type.String(),
  body: Type.String(),
  dueAt: Type.String(),
  addresseesKind: Type.Union([Type.Literal('all'), Type.Literal('ministries'), Type.Literal('bodies')]),
  createdAt: Type.String(),
  amendedAt: Nullable(Type.String()),
  withdrawnAt: Nullable(Type.String()),
  version: Type.Integer(),
  counts: Type.Object(Counts.properties, {
    description: 'By state, over the addressed bodies the caller sees',
  }),
  overdueBodies: Type.Array(
    Type.Object({ orgId: Type.String(), orgSlug: Type.String(), name: Type.String() }),
  ),
  mine: Type.Union([RequestBodyOut, Type.Null()], {
    description: "The caller's own body's state, if addressed",
  }),
  mayMoveFor: Type.Array(Type.String(), {
    description: 'The addressed bodies (ids) whose state the caller may move, while the request stands',
  }),
  bodies: Type.Array(RequestBodyOut, { description: 'The addressed bodies whose states the caller sees' }),
  moves: Type.Optional(
    Type.Array(MoveOut, { description: 'Every move of the states the caller sees (one request)' }),
  ),
});
export const RequestListOut = Type.Object({ items: Type.Array(RequestOut) });
