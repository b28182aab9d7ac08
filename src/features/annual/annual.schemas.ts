import { type TSchema, Type } from 'typebox';
import { Text } from '../../platform/http/schemas.js';
import { INDICATOR_KEYS } from './annual.indicators.js';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const YearParams = Type.Object(
  {
    fiscalYear: Type.Integer({
      minimum: 2000,
      maximum: 2999,
      description: 'The fiscal year (April–March), e.g. 2026',
    }),
  },
  { additionalProperties: false },
);

export const SectionParams = Type.Object(
  {
    fiscalYear: Type.Integer({ minimum: 2000, maximum: 2999 }),
    ministryId: Type.String({ minLength: 1, maxLength: 64, description: 'The ministry whose section it is' }),
  },
  { additionalProperties: false },
);

const IndicatorKey = Type.Unsafe<(typeof INDICATOR_KEYS)[number]>(Type.String({ enum: [...INDICATOR_KEYS] }));

export const ScoringIn = Type.Object(
  {
    weights: Type.Record(Type.String({ maxLength: 64 }), Type.Integer({ minimum: 0, maximum: 100 }), {
      description: 'Weight (0–100) of each percentage indicator',
      maxProperties: INDICATOR_KEYS.length,
    }),
    grades: Type.Array(
      Type.Object(
        {
          grade: Type.String({ minLength: 1, maxLength: 4 }),
          min: Type.Number({ minimum: 0, maximum: 100 }),
        },
        { additionalProperties: false },
      ),
      {
        minItems: 1,
        maxItems: 8,
        description: 'From the best down, each with the least score that earns it',
      },
    ),
  },
  { additionalProperties: false },
);

const Foreword = Text(20_000);

export const DraftIn = Type.Object(
  {
    fiscalYear: Type.Integer({ minimum: 2000, maximum: 2999 }),
    scoring: Type.Optional(ScoringIn),
    forewordJa: Type.Optional(Foreword),
    forewordEn: Type.Optional(Foreword),
  },
  { additionalProperties: false },
);

export const UpdateIn = Type.Object(
  {
    revision: Type.Integer({ minimum: 1, description: 'The revision read: a change on another is a 409' }),
    scoring: Type.Optional(ScoringIn),
    forewordJa: Type.Optional(Foreword),
    forewordEn: Type.Optional(Foreword),
  },
  { additionalProperties: false },
);

export const FinalIn = Type.Object(
  { revision: Type.Integer({ minimum: 1, description: 'The revision read' }) },
  { additionalProperties: false },
);

export const CommentIn = Type.Object({ body: Text(4_000) }, { additionalProperties: false });

export const ExportQuery = Type.Object(
  {
    format: Type.Union([Type.Literal('pdf'), Type.Literal('xlsx'), Type.Literal('csv')]),
    lang: Type.Optional(
      Type.Union([Type.Literal('ja'), Type.Literal('en')], { description: 'ja by default' }),
    ),
  },
  { additionalProperties: false },
);

export const SummaryOut = Type.Object({
  fiscalYear: Type.Integer(),
  status: Type.Union([Type.Literal('draft'), Type.Literal('final')]),
  revision: Type.Integer(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  finalizedAt: Nullable(Type.String()),
  sha256: Nullable(Type.String({ description: 'SHA-256 (hex) of the stored content, once final' })),
});

export const ListOut = Type.Object({ items: Type.Array(SummaryOut) });

const CountOut = Type.Object({ key: Nullable(Type.String()), count: Type.Integer() });

const IndicatorOut = Type.Object({
  key: IndicatorKey,
  value: Nullable(Type.Number()),
  basis: Type.Integer({ description: 'How many observations the value is over' }),
  reason: Nullable(Type.String({ description: 'Why there is no value' })),
});

const SectionOut = Type.Object({
  ministry: Type.Object({
    id: Type.String(),
    slug: Type.String(),
    nameJa: Type.String(),
    nameEn: Type.String(),
  }),
  agencies: Type.Integer(),
  indicators: Type.Array(IndicatorOut),
  score: Type.Object({
    points: Nullable(Type.Number()),
    grade: Nullable(Type.String()),
    formula: Type.String({ description: 'The formula with this section’s numbers in it' }),
  }),
});

const DefinitionOut = Type.Object({
  key: IndicatorKey,
  unit: Type.Union([Type.Literal('count'), Type.Literal('minutes'), Type.Literal('percent')]),
  ja: Type.Object({ name: Type.String(), definition: Type.String() }),
  en: Type.Object({ name: Type.String(), definition: Type.String() }),
});

export const PublicSummaryOut = Type.Object({
  textJa: Type.String(),
  textEn: Type.String(),
  reportSha256: Type.String({ description: 'The final report the totals were copied from' }),
  publishedAt: Type.String(),
  withdrawnAt: Nullable(Type.String({ description: 'Set once withdrawn: the public page is a tombstone' })),
});

export const ReportOut = Type.Object({
  report: SummaryOut,
  publicSummary: Type.Union([PublicSummaryOut, Type.Null()], {
    description:
      'The summary on the public site (null: none published); public text, so every reader sees it',
  }),
  scope: Type.Union([Type.Literal('all'), Type.Literal('own-section')], {
    description: 'Every section (the center, auditors), or the caller ministry’s own',
  }),
  from: Type.String(),
  to: Type.String(),
  timeZone: Type.String(),
  computedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], {
    description:
      "When the numbers were computed: a draft's are kept while the data they count stands, and computed again after any change of it; null for reports made final before this was recorded",
  }),
  trends: Type.Object({
    total: Type.Integer(),
    byMonth: Type.Array(Type.Object({ month: Type.String(), count: Type.Integer() })),
    byCategory: Type.Array(CountOut),
    bySeverity: Type.Array(CountOut),
    byKind: Type.Array(Type.Object({ kind: Type.String(), count: Type.Integer() })),
    byYear: Type.Array(Type.Object({ fiscalYear: Type.Integer(), count: Type.Integer() })),
  }),
  sections: Type.Array(SectionOut),
  definitions: Type.Array(DefinitionOut),
  scoring: ScoringIn,
  forewordJa: Type.String(),
  forewordEn: Type.String(),
  comments: Type.Array(
    Type.Object({
      id: Type.String(),
      ministryId: Type.String(),
      orgId: Type.String(),
      body: Type.String(),
      createdAt: Type.String(),
    }),
  ),
});

export const CommentOut = Type.Object({
  id: Type.String(),
  ministryId: Type.String(),
  orgId: Type.String(),
  body: Type.String(),
  createdAt: Type.String(),
});

export const VerifyOut = Type.Object({
  fiscalYear: Type.Integer(),
  sha256: Nullable(Type.String()),
  actual: Type.String({ description: 'SHA-256 of the content as stored now' }),
  verified: Type.Boolean(),
});

export const ChartParams = Type.Object(
  {
    fiscalYear: Type.Integer({ minimum: 2000, maximum: 2999 }),
    chart: Type.Union(
      [
        Type.Literal('month'),
        Type.Literal('category'),
        Type.Literal('severity'),
        Type.Literal('kind'),
        Type.Literal('year'),
      ],
      { description: 'Which of the government-wide trends' },
    ),
  },
  { additionalProperties: false },
);

export const LangQuery = Type.Object(
  {
    lang: Type.Optional(
      Type.Union([Type.Literal('ja'), Type.Literal('en')], { description: 'ja by default' }),
    ),
  },
  { additionalProperties: false },
);

export const PublicSummaryIn = Type.Object(
  {
    textJa: Text(20_000),
    textEn: Type.Optional(Text(20_000)),
  },
  { additionalProperties: false },
);
