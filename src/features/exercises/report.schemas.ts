import { type TSchema, Type } from 'typebox';
import { ExportQuery } from '../../platform/export/sheets.js';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Minutes = Nullable(Type.Number({ description: 'Minutes from the declaration; null: no target' }));

export const ExerciseParams = Type.Object(
  { id: Type.String({ minLength: 1, maxLength: 64 }) },
  { additionalProperties: false },
);

const TimingOut = Type.Object({
  at: Nullable(Type.String({ description: 'When it happened by the end of the exercise' })),
  seconds: Nullable(Type.Integer({ description: 'Whole seconds from the declaration' })),
  met: Nullable(Type.Boolean({ description: 'Within the target (null: no target, or not happened)' })),
  missed: Type.Boolean({ description: 'Never happened by the end of the exercise' }),
});

const RequestTimingOut = Type.Object({
  requestId: Type.String(),
  number: Type.String({ description: 'R-n within its situation' }),
  title: Type.String(),
  acknowledge: TimingOut,
  complete: TimingOut,
  withdrawn: Nullable(
    Type.Object(
      {
        at: Type.String({ description: 'When the request was withdrawn' }),
        by: Nullable(Type.String({ description: 'Who withdrew it (null: not known)' })),
      },
      { description: 'A withdrawn request is shown, counted in no median and in no miss (null: it stands)' },
    ),
  ),
});

const BodyOut = Type.Object({ id: Type.String(), name: Type.String() });

const RowOut = Type.Object({
  situationId: Type.String(),
  org: Type.Object({ id: Type.String(), name: Type.String(), kind: Type.String() }),
  ministry: BodyOut,
  ackDeclaration: TimingOut,
  answerRollCall: Type.Object({
    ...TimingOut.properties,
    onBehalf: Type.Boolean({ description: 'Its ministry answered on its behalf' }),
  }),
  requests: Type.Array(RequestTimingOut, {
    description:
      "Timings of the standing requests (要請) addressed to the body, from each request's issue (paused time left out)",
  }),
});

const StatsOut = Type.Object({
  bodies: Type.Integer(),
  done: Type.Integer(),
  missed: Type.Integer(),
  late: Type.Integer({ description: 'Done past the target' }),
  median: Nullable(Type.Number({ description: 'Seconds' })),
  p90: Nullable(Type.Number({ description: 'Seconds, nearest rank' })),
});
const PerMeasure = <T extends TSchema>(t: T) => Type.Object({ ackDeclaration: t, answerRollCall: t });
const PerRequestMeasure = <T extends TSchema>(t: T) => Type.Object({ ackRequest: t, completeRequest: t });

const SlowOut = Type.Object({
  situationId: Type.String(),
  orgId: Type.String(),
  name: Type.String(),
  seconds: Nullable(Type.Integer()),
  missed: Type.Boolean(),
});

const Trend = Nullable(
  Type.Union([Type.Literal('faster'), Type.Literal('slower'), Type.Literal('same')], {
    description: 'Against the latest previous final exercise of the body',
  }),
);

const SlowRequestOut = Type.Object({
  ...SlowOut.properties,
  requestId: Type.String(),
  number: Type.String(),
});

const RequestFiguresOut = Type.Object(
  {
    measures: PerRequestMeasure(StatsOut),
    byMinistry: Type.Array(Type.Object({ ministry: BodyOut, measures: PerRequestMeasure(StatsOut) })),
    slowest: PerRequestMeasure(Type.Array(SlowRequestOut)),
  },
  {
    description:
      'Every (request, addressed body) pair is one measurement: to acknowledge (受領), to complete (完了)',
  },
);

export const ReportOut = Type.Object({
  exercise: Type.Object({
    id: Type.String(),
    number: Type.String(),
    name: Type.String(),
    status: Type.String(),
    startedAt: Nullable(Type.String()),
    endedAt: Nullable(Type.String()),
    finalAt: Nullable(Type.String()),
    purgedAt: Nullable(Type.String()),
  }),
  frozen: Type.Boolean({ description: 'The figures are those frozen when the report was declared final' }),
  targets: Type.Object({
    ackDeclaration: Minutes,
    answerRollCall: Minutes,
    ackRequest: Minutes,
    completeRequest: Minutes,
  }),
  situations: Type.Array(
    Type.Object({ id: Type.String(), number: Type.String(), name: Type.String(), declaredAt: Type.String() }),
  ),
  rows: Type.Array(RowOut),
  measures: PerMeasure(StatsOut),
  byMinistry: Type.Array(
    Type.Object({
      ministry: BodyOut,
      own: PerMeasure(StatsOut),
      agencies: PerMeasure(StatsOut),
      lateLink: Nullable(Type.Union([Type.Literal('ministry'), Type.Literal('agency')])),
    }),
  ),
  slowest: PerMeasure(Type.Array(SlowOut)),
  requests: RequestFiguresOut,
  comparison: Type.Array(
    Type.Object({
      orgId: Type.String(),
      previous: Type.Array(
        Type.Object({
          exerciseId: Type.String(),
          number: Type.String(),
          startedAt: Nullable(Type.String()),
          seconds: PerMeasure(Nullable(Type.Integer())),
          missed: PerMeasure(Type.Boolean()),
          requests: PerRequestMeasure(
            Type.Object({
              median: Nullable(Type.Number({ description: "Median seconds over the body's requests" })),
              missed: Type.Integer({ description: 'Requests it never acknowledged / completed' }),
            }),
          ),
        }),
      ),
      trend: Type.Object({ ...PerMeasure(Trend).properties, ...PerRequestMeasure(Trend).properties }),
    }),
  ),
});

export const ReportCsvQuery = Type.Object(
  { lang: ExportQuery.properties.lang, tz: ExportQuery.properties.tz },
  { additionalProperties: false },
);

export const PurgeOut = Type.Object({
  exerciseId: Type.String(),
  purgedAt: Type.String(),
  counts: Type.Record(Type.String(), Type.Integer(), { description: 'Rows erased, by table' }),
});
