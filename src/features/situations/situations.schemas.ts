import { type Static, type TSchema, Type } from 'typebox';
import { ExportQuery } from '../../platform/export/sheets.js';
import { Line, Text } from '../../platform/http/schemas.js';
import { Tlp } from '../incidents/incidents.schemas.js';

const Id = Type.String({ minLength: 1, maxLength: 64 });
const Slug = Type.String({ minLength: 1, maxLength: 64 });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const NAME_MAX = 200;
export const DESCRIPTION_MAX = 5000;
export const NOTE_MAX = 1000;
export const ENTRY_MAX = 5000;

export const AnswerStatus = Type.Union([
  Type.Literal('none'),
  Type.Literal('investigating'),
  Type.Literal('affected'),
]);

export const ScopeInput = Type.Object(
  {
    kind: Type.Union([Type.Literal('all'), Type.Literal('ministries'), Type.Literal('bodies')]),
    bodies: Type.Optional(
      Type.Array(
        Type.Object(
          { orgId: Type.Optional(Id), orgSlug: Type.Optional(Slug), withAgencies: Type.Boolean() },
          { additionalProperties: false, description: 'A body by its id or its slug (one of them)' },
        ),
        {
          maxItems: 1000,
          description:
            'The bodies of scope `bodies` (each with or without its agencies); none for the others',
        },
      ),
    ),
  },
  { additionalProperties: false },
);

export const SituationInput = Type.Object(
  {
    name: Line(NAME_MAX),
    description: Text(DESCRIPTION_MAX),
    level: Type.String({
      minLength: 1,
      maxLength: 32,
      description: 'A level of GET /api/v1/situations/levels',
    }),
    tlp: Tlp,
    scope: ScopeInput,
    incidentIds: Type.Optional(
      Type.Array(Id, {
        maxItems: 100,
        uniqueItems: true,
        description: 'Incidents the center received that prompted the declaration',
      }),
    ),
  },
  { additionalProperties: false },
);
export type SituationInput = Static<typeof SituationInput>;

export const LevelInput = Type.Object(
  { level: Type.String({ minLength: 1, maxLength: 32 }), note: Type.Optional(Text(NOTE_MAX)) },
  { additionalProperties: false },
);
export const StandDownInput = Type.Object(
  { note: Type.Optional(Text(NOTE_MAX)) },
  { additionalProperties: false },
);

export const AnswerInput = Type.Object(
  {
    orgId: Type.Optional(Id),
    orgSlug: Type.Optional(Slug),
    status: AnswerStatus,
    note: Type.Optional(Text(NOTE_MAX)),
    incidentId: Type.Optional(Id),
  },
  { additionalProperties: false },
);
export type AnswerInput = Static<typeof AnswerInput>;

export const EntryInput = Type.Object(
  { kind: Type.Union([Type.Literal('note'), Type.Literal('decision')]), text: Text(ENTRY_MAX) },
  { additionalProperties: false },
);

export const IdParams = Type.Object({ id: Id });
export const AnswerParams = Type.Object({
  id: Id,
  orgId: Type.String({ minLength: 1, maxLength: 64, description: "The body's id or slug" }),
});
export const ListQuery = Type.Object(
  {
    state: Type.Optional(
      Type.Union([Type.Literal('open'), Type.Literal('closed'), Type.Literal('all')], {
        description: 'open (default), closed (stood down) or all',
      }),
    ),
    exercise: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 64,
        pattern: '^[A-Za-z0-9_-]+$',
        description:
          "An exercise's id, or `any`: that exercise's (or every exercise's) situations the caller sees instead of real ones (none of an exercise it takes no part in)",
      }),
    ),
  },
  { additionalProperties: false },
);
export const BoardQuery = Type.Object(
  {
    answer: Type.Optional(
      Type.Union([
        Type.Literal('none'),
        Type.Literal('investigating'),
        Type.Literal('affected'),
        Type.Literal('unanswered'),
      ]),
    ),
    ministry: Type.Optional(Id),
  },
  { additionalProperties: false },
);

export const BoardCsvQuery = Type.Object(
  {
    ...BoardQuery.properties,
    // The language and time zone of every export (a CSV only: no format to choose).
    lang: ExportQuery.properties.lang,
    tz: ExportQuery.properties.tz,
  },
  { additionalProperties: false },
);

export const LevelOut = Type.Object({
  id: Type.String(),
  ja: Type.String(),
  en: Type.String(),
  rollCallMinutes: Type.Integer(),
  ackMinutes: Type.Integer(),
});
export const LevelsOut = Type.Object({ items: Type.Array(LevelOut) });

const IncidentRef = Type.Object({ id: Type.String(), number: Type.String(), title: Type.String() });

export const AnswerOut = Type.Object({
  orgId: Type.String(),
  orgSlug: Type.String(),
  orgName: Type.String(),
  revision: Type.Integer(),
  status: AnswerStatus,
  note: Nullable(Type.String()),
  incidentId: Nullable(Type.String()),
  incident: Type.Union([IncidentRef, Type.Null()], {
    description: 'The linked incident, when the caller reads it',
  }),
  answeredAt: Type.String(),
  answeredBy: Type.Object({
    name: Type.String(),
    orgId: Type.String(),
    orgSlug: Type.String(),
    orgName: Type.String(),
  }),
  onBehalf: Type.Boolean({ description: "Answered by the body's supervising ministry" }),
});
export const AnswerListOut = Type.Object({ items: Type.Array(AnswerOut) });

const BodyRef = Type.Object({ orgId: Type.String(), orgSlug: Type.String(), name: Type.String() });

/** The mark of exercise data: the exercise it belongs to. */
export const ExerciseMark = Type.Object(
  { id: Type.String(), number: Type.String(), name: Type.String() },
  { description: 'The exercise (訓練) this belongs to' },
);

export const SituationOut = Type.Object({
  id: Type.String(),
  number: Type.String(),
  name: Type.String(),
  description: Type.String(),
  exercise: Type.Union([ExerciseMark, Type.Null()], {
    description: 'The exercise this situation belongs to (exercise data); null for a real situation',
  }),
  level: Type.String(),
  tlp: Tlp,
  scope: Type.Object({
    kind: Type.Union([Type.Literal('all'), Type.Literal('ministries'), Type.Literal('bodies')]),
    bodies: Type.Array(
      Type.Object({
        orgId: Type.String(),
        orgSlug: Type.String(),
        name: Type.String(),
        withAgencies: Type.Boolean(),
      }),
    ),
  }),
  declaredAt: Type.String(),
  rollCallDueAt: Type.String(),
  levelChangedAt: Nullable(Type.String()),
  stoodDownAt: Nullable(Type.String()),
  open: Type.Boolean(),
  version: Type.Integer(),
  inScopeCount: Type.Integer(),
  myBody: Type.Object({
    orgId: Type.String(),
    orgSlug: Type.String(),
    inScope: Type.Boolean(),
    answer: Type.Union([AnswerOut, Type.Null()]),
  }),
  mayAnswerFor: Type.Array(BodyRef, {
    description: 'While open: its own body if in scope, and for a ministry its agencies in scope',
  }),
  incidents: Type.Array(IncidentRef, { description: 'The prompting and linked incidents the caller reads' }),
});
export const SituationListOut = Type.Object({ items: Type.Array(SituationOut) });

const Counts = Type.Object({
  none: Type.Integer(),
  investigating: Type.Integer(),
  affected: Type.Integer(),
  unanswered: Type.Integer(),
  total: Type.Integer(),
});

export const BoardOut = Type.Object({
  counts: Counts,
  byMinistry: Type.Array(
    Type.Object({ orgId: Type.String(), orgSlug: Type.String(), name: Type.String(), counts: Counts }),
  ),
  bodies: Type.Array(
    Type.Object({
      orgId: Type.String(),
      orgSlug: Type.String(),
      name: Type.String(),
      kind: Type.String(),
      parentId: Nullable(Type.String()),
      parentSlug: Nullable(Type.String()),
      parentName: Nullable(Type.String()),
      answer: Type.Union([AnswerOut, Type.Null()]),
      acknowledgedAt: Nullable(Type.String()),
      escalated: Type.Boolean(),
      requests: Type.Object(
        { open: Type.Integer(), overdue: Type.Integer(), done: Type.Integer() },
        { description: 'The body’s standing requests (要請): not 完了, not 完了 past the due time, 完了.' },
      ),
    }),
  ),
});

export const EntryOut = Type.Object({
  id: Type.String(),
  at: Type.String(),
  kind: Type.String(),
  actorName: Nullable(Type.String()),
  orgId: Nullable(Type.String()),
  orgSlug: Nullable(Type.String()),
  orgName: Nullable(Type.String()),
  text: Nullable(Type.String()),
  data: Type.Object({}, { additionalProperties: true }),
});
export const TimelineOut = Type.Object({ items: Type.Array(EntryOut) });
