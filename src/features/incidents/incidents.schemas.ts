import { type Static, type TSchema, Type } from 'typebox';
import { Line, Text } from '../../platform/http/schemas.js';
import { IndicatorOut, IndicatorsInput, IndicatorType } from '../indicators/indicators.schemas.js';
import { DETAIL_INDICATORS } from '../indicators/indicators.types.js';
import { SORTS } from './incidents.cursor.js';

export { DETAIL_INDICATORS };

export const Tlp = Type.Union([
  Type.Literal('TLP:CLEAR'),
  Type.Literal('TLP:GREEN'),
  Type.Literal('TLP:AMBER'),
  Type.Literal('TLP:AMBER+STRICT'),
  Type.Literal('TLP:RED'),
]);
export const Severity = Type.Union([
  Type.Literal('low'),
  Type.Literal('medium'),
  Type.Literal('high'),
  Type.Literal('critical'),
]);

export const Impact = Type.Object(
  {
    personalData: Type.Optional(
      Type.Object(
        {
          involved: Type.Boolean(),
          approxPersons: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000_000_000 })),
        },
        { additionalProperties: false },
      ),
    ),
    serviceDisruption: Type.Optional(Type.Boolean()),
    informationLeaked: Type.Optional(Type.Boolean()),
    informationAltered: Type.Optional(Type.Boolean()),
    informationDestroyed: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

const AffectedSystems = Type.Array(Line(200), { maxItems: 100 });
const DateTime = Type.String({ format: 'date-time', maxLength: 40 });

const DateOnly = Type.String({ format: 'date', maxLength: 10, description: 'YYYY-MM-DD' });

/** Whether the incident was reported to an authority (the police, the Personal Information Protection Commission), and when. */
export const AuthorityReport = Type.Object(
  { reported: Type.Boolean(), date: Type.Optional(DateOnly) },
  { additionalProperties: false },
);

/** Who at the reporting body answers questions about the incident (担当者連絡先). */
export const ContactPerson = Type.Object(
  {
    name: Line(100),
    phone: Type.Optional(Type.String({ minLength: 3, maxLength: 40, pattern: '^[0-9+()\\- ]+$' })),
    email: Type.Optional(Type.String({ format: 'email', maxLength: 254 })),
  },
  { additionalProperties: false },
);

// What the report forms of JPCERT/CC and the ministries ask beyond the impact.
const formFields = {
  /** 対応状況 */
  responseStatus: Text(5000),
  /** 原因 */
  cause: Text(5000),
  /** 今後の対応（再発防止策） */
  nextSteps: Text(5000),
  /** 担当者連絡先 */
  contactPerson: ContactPerson,
  /** 警察への届出 */
  policeReport: AuthorityReport,
  /** 個人情報保護委員会への報告 */
  ppcReport: AuthorityReport,
};

const incidentFields = {
  category: Type.Optional(Type.String({ maxLength: 100 })),
  severity: Type.Optional(Severity),
  tlp: Type.Optional(Tlp),
  impact: Type.Optional(Impact),
  affectedSystems: Type.Optional(AffectedSystems),
  responseStatus: Type.Optional(formFields.responseStatus),
  cause: Type.Optional(formFields.cause),
  nextSteps: Type.Optional(formFields.nextSteps),
  contactPerson: Type.Optional(formFields.contactPerson),
  policeReport: Type.Optional(formFields.policeReport),
  ppcReport: Type.Optional(formFields.ppcReport),
  indicators: Type.Optional(IndicatorsInput),
};

// In a follow-up, a field left out keeps its value and null clears it (a field that may be unknown again).
const Clearable = <T extends TSchema>(t: T) => Type.Optional(Type.Union([t, Type.Null()]));
const followUpFields = {
  category: Clearable(Type.String({ maxLength: 100 })),
  severity: Clearable(Severity),
  tlp: Type.Optional(Tlp),
  impact: Type.Optional(Impact),
  affectedSystems: Type.Optional(AffectedSystems),
  responseStatus: Clearable(formFields.responseStatus),
  cause: Clearable(formFields.cause),
  nextSteps: Clearable(formFields.nextSteps),
  contactPerson: Clearable(formFields.contactPerson),
  policeReport: Clearable(formFields.policeReport),
  ppcReport: Clearable(formFields.ppcReport),
  // Indicators are added by each report (never cleared by a later one): this report's own.
  indicators: Type.Optional(IndicatorsInput),
};

export const QuickReportInput = Type.Object(
  { title: Line(200), summary: Text(20_000), detectedAt: DateTime, ...incidentFields },
  { additionalProperties: false },
);
export type QuickReportInput = Static<typeof QuickReportInput>;

export const FollowUpInput = Type.Object(
  {
    kind: Type.Union([Type.Literal('update'), Type.Literal('final')]),
    text: Text(20_000),
    title: Type.Optional(Line(200)),
    summary: Type.Optional(Text(20_000)),
    ...followUpFields,
  },
  { additionalProperties: false },
);
export type FollowUpInput = Static<typeof FollowUpInput>;

/** The longest note to the center on forwarding, in characters after NFC normalisation. */
export const FORWARD_NOTE_MAX = 2000;
export const ForwardInput = Type.Object(
  { note: Type.Optional(Text(FORWARD_NOTE_MAX * 2)) },
  { additionalProperties: false },
);

/** The longest request for more, in characters after NFC normalisation. */
export const SEND_BACK_MAX = 4000;
export const SendBackInput = Type.Object(
  {
    // Checked again after normalisation (platform/text.ts); this bound keeps an oversize body from being read.
    message: Text(SEND_BACK_MAX * 2),
  },
  { additionalProperties: false },
);
export type SendBackInput = Static<typeof SendBackInput>;

export const IncidentParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

/** `?exercise=<id>`: one exercise's data instead of real data (an exercise the caller reads nothing of: none). */
export const ExerciseId = Type.String({
  minLength: 1,
  maxLength: 64,
  pattern: '^[A-Za-z0-9_-]+$',
  description:
    "An exercise's id (or `any`): its (every exercise's) data instead of real data (none of an exercise the caller takes no part in)",
});
export const FileQuery = Type.Object(
  {
    exercise: Type.Optional(ExerciseId),
    onBehalfOf: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 64,
        pattern: '^[A-Za-z0-9_-]+$',
        description:
          'Exercise control only (with exercise): the id of the body whose simulated report this is',
      }),
    ),
  },
  { additionalProperties: false },
);

export const ListQuery = Type.Object(
  {
    status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('final')])),
    org: Type.Optional(Type.String({ maxLength: 100 })),
    includeAgencies: Type.Optional(
      Type.Boolean({ description: "With org naming a ministry, also its agencies' incidents." }),
    ),
    severity: Type.Optional(Severity),
    category: Type.Optional(Type.String({ maxLength: 100 })),
    awaitingReview: Type.Optional(Type.Boolean()),
    from: Type.Optional(DateTime),
    to: Type.Optional(DateTime),
    q: Type.Optional(Type.String({ maxLength: 200 })),
    sort: Type.Optional(
      Type.Union(
        SORTS.map((s) => Type.Literal(s)),
        {
          default: 'reported-desc',
          description:
            'reported-desc (newest first), reported-asc, last-report-desc (latest report first), severity-desc (critical … low, then none; newest first within each)',
        },
      ),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    cursor: Type.Optional(
      Type.String({ maxLength: 200, description: 'nextCursor of the previous page, with the same sort' }),
    ),
    exercise: Type.Optional(ExerciseId),
  },
  { additionalProperties: false },
);
export type ListQuery = Static<typeof ListQuery>;

const OrgRef = Type.Object({
  slug: Type.String(),
  kind: Type.String(),
  nameJa: Type.String(),
  nameEn: Type.String(),
});
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

export const IncidentOut = Type.Object({
  id: Type.String(),
  number: Type.String({
    description:
      'The human number: the deployment prefix (RENRAKU_INCIDENT_NUMBER_PREFIX), the fiscal year of the quick report and its place in it, e.g. 2026-000123; searchable with q',
  }),
  org: OrgRef,
  status: Type.String(),
  title: Type.String(),
  summary: Type.String(),
  category: Nullable(Type.String()),
  severity: Nullable(Type.String()),
  tlp: Type.String(),
  impact: Type.Object({}, { additionalProperties: true }),
  affectedSystems: Type.Array(Type.String()),
  responseStatus: Nullable(Type.String()),
  cause: Nullable(Type.String()),
  nextSteps: Nullable(Type.String()),
  contactPerson: Type.Union([ContactPerson, Type.Null()]),
  policeReport: Type.Union([AuthorityReport, Type.Null()]),
  ppcReport: Type.Union([AuthorityReport, Type.Null()]),
  exercise: Type.Boolean({ description: 'Whether this is exercise data (訓練)' }),
  exerciseId: Nullable(Type.String({ description: 'The exercise it belongs to; null for real data' })),
  reportCount: Type.Integer(),
  sentBack: Type.Union([Type.Object({ requestedAt: Type.String(), message: Type.String() }), Type.Null()], {
    description: 'The open request of the supervising ministry for more, until a follow-up report answers it',
  }),
  chain: Type.Object({
    detectedAt: Type.String(),
    reportedAt: Type.String(),
    ministryReceivedAt: Nullable(Type.String()),
    centerReceivedAt: Nullable(Type.String()),
    awaitingReview: Type.Boolean(),
    reviewDueAt: Nullable(Type.String()),
    lastReportAt: Type.String(),
    finalAt: Nullable(Type.String()),
  }),
  reportingTarget: Type.Object({
    minutes: Type.Integer(),
    dueAt: Type.String(),
    met: Type.Union([Type.Boolean(), Type.Null()]),
    centerReceivedInTime: Type.Union([Type.Boolean(), Type.Null()]),
  }),
});

export const ReportOut = Type.Object({
  id: Type.String(),
  seq: Type.Integer(),
  kind: Type.String(),
  createdAt: Type.String(),
  author: Type.Object({ email: Type.String(), orgSlug: Type.String() }),
  body: Type.Object({}, { additionalProperties: true }),
});

export const DeliveryOut = Type.Object({
  level: Type.String(),
  org: OrgRef,
  state: Type.String(),
  route: Type.String(),
  createdAt: Type.String(),
  receivedAt: Nullable(Type.String()),
  reviewDueAt: Nullable(Type.String()),
  forwardedAt: Nullable(Type.String()),
  note: Type.Union([Type.String(), Type.Null()], {
    description:
      "The supervising ministry's note to the center when it forwarded (the center and that ministry)",
  }),
});

export const SendBackOut = Type.Object({
  requestedAt: Type.String(),
  requestedBy: Type.Object({ email: Type.String(), orgSlug: Type.String() }),
  message: Type.String(),
  answeredAt: Nullable(Type.String()),
  answeredBySeq: Type.Union([Type.Integer(), Type.Null()]),
});

export const IncidentDetailOut = Type.Intersect([
  IncidentOut,
  Type.Object({
    reports: Type.Array(ReportOut),
    deliveries: Type.Array(DeliveryOut),
    sendBacks: Type.Array(SendBackOut),
    indicators: Type.Array(IndicatorOut, {
      description: `The reports' indicators, in report order (a value two reports name appears with each): the first ${DETAIL_INDICATORS}; the others from GET /incidents/{id}/indicators`,
    }),
    indicatorsTotal: Type.Integer({
      minimum: 0,
      description:
        'How many indicators the reports carry in all (more than `indicators` holds when a page is not enough)',
    }),
    indicatorsNextCursor: Type.Union([Type.String(), Type.Null()], {
      description:
        'The cursor of the next page of GET /incidents/{id}/indicators; null when `indicators` holds them all',
    }),
  }),
]);

export const IncidentIndicatorsQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: DETAIL_INDICATORS })),
    cursor: Type.Optional(
      Type.String({ minLength: 1, maxLength: 100, description: 'The `nextCursor` of the page before' }),
    ),
    type: Type.Optional(IndicatorType),
    q: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 200,
        description:
          'Only indicators holding this text, in the canonical or the displayed form (NFKC, case and format characters aside)',
      }),
    ),
  },
  { additionalProperties: false },
);

export const IncidentIndicatorsPageOut = Type.Object({
  indicators: Type.Array(IndicatorOut),
  total: Type.Integer({ minimum: 0, description: 'How many the filter holds, on every page' }),
  nextCursor: Type.Union([Type.String(), Type.Null()], { description: 'null after the last page' }),
});

export const IncidentListOut = Type.Object({
  items: Type.Array(IncidentOut),
  total: Type.Integer(),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});

export const TaxonomyOut = Type.Object({
  profile: Type.String({ description: 'RENRAKU_TAXONOMY: jp-government or rsit' }),
  categories: Type.Array(
    Type.Object({
      code: Type.String({ description: 'What a report gives as category, and what is stored' }),
      rsit: Type.String({ description: 'The RSIT category/type it counts as in statistics and exports' }),
      nameJa: Type.Optional(Type.String()),
      nameEn: Type.Optional(Type.String()),
    }),
  ),
});
