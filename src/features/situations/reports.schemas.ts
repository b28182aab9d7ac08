import { Type } from 'typebox';
import { Line, Text } from '../../platform/http/schemas.js';
import { Tlp } from '../incidents/incidents.schemas.js';

export const REPORT_TITLE_MAX = 200;
export const REPORT_BODY_MAX = 20_000;
export const CHANGE_NOTE_MAX = 1000;

const Id = Type.String({ minLength: 1, maxLength: 64 });
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

export const ReportParams = Type.Object({ id: Id, reportId: Id }, { additionalProperties: false });

export const CountsKind = Type.Union(
  [Type.Literal('none'), Type.Literal('totals'), Type.Literal('by-ministry')],
  {
    description:
      'Which roll-call counts the report includes, snapshotted from the board at issue: none, the totals by answer, or the totals and the counts by ministry',
  },
);

const Title = Line(REPORT_TITLE_MAX);
const Body = Text(REPORT_BODY_MAX);
const RowVersion = Type.Integer({
  minimum: 1,
  maximum: 1_000_000,
  description: 'The version of the report as the caller read it (a stale one is refused)',
});

export const DraftInput = Type.Object(
  { title: Title, body: Body, counts: Type.Optional(CountsKind) },
  { additionalProperties: false },
);

export const DraftEdit = Type.Object(
  { title: Title, body: Body, counts: CountsKind, version: RowVersion },
  { additionalProperties: false },
);

export const IssueInput = Type.Object({ version: RowVersion }, { additionalProperties: false });

export const CorrectionInput = Type.Object(
  {
    title: Title,
    body: Body,
    changeNote: Type.String({
      minLength: 1,
      maxLength: CHANGE_NOTE_MAX,
      pattern: '\\S',
      description: 'What the correction changed (shown with the corrected report)',
    }),
    version: Type.Integer({
      minimum: 1,
      maximum: 1000,
      description: 'The latest version (版) of this number as the caller read it',
    }),
  },
  { additionalProperties: false },
);

export const IntervalInput = Type.Object(
  {
    minutes: Type.Union([Type.Integer({ minimum: 5, maximum: 10_080 }), Type.Null()], {
      description: 'Minutes between reports (5 to 10080); null: no interval',
    }),
  },
  { additionalProperties: false },
);

const Counts = Type.Object(
  {
    none: Type.Integer(),
    investigating: Type.Integer(),
    affected: Type.Integer(),
    unanswered: Type.Integer(),
    total: Type.Integer(),
  },
  { additionalProperties: false },
);

export const CountsSnapshot = Type.Object(
  {
    at: Type.String({ format: 'date-time' }),
    totals: Counts,
    byMinistry: Type.Optional(
      Type.Array(
        Type.Object(
          { orgId: Type.String(), orgSlug: Type.String(), name: Type.String(), counts: Counts },
          { additionalProperties: false },
        ),
      ),
    ),
  },
  { additionalProperties: false },
);

export const ReportOut = Type.Object(
  {
    id: Type.String(),
    situationId: Type.String(),
    status: Type.Union([Type.Literal('draft'), Type.Literal('issued')]),
    number: Type.Union([Type.Integer(), Type.Null()], { description: '第n報; null for a draft' }),
    version: Type.Integer({ description: '版: 1 as first issued, 2… for each correction' }),
    latest: Type.Boolean({ description: 'Whether it is the latest version of its number' }),
    corrected: Type.Boolean({
      description: 'Whether a later version corrects it, or it corrects an earlier one',
    }),
    title: Type.String(),
    body: Type.String(),
    countsKind: CountsKind,
    counts: Type.Union([CountsSnapshot, Type.Null()]),
    changeNote: Nullable(Type.String()),
    tlp: Tlp,
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
    issuedAt: Nullable(Type.String({ format: 'date-time' })),
    issuedBy: Nullable(Type.String({ description: 'The display name of who issued it' })),
    rowVersion: Type.Integer({ description: 'Name it to edit, issue or correct this report' }),
  },
  { additionalProperties: false },
);

export const ReportListOut = Type.Object(
  {
    items: Type.Array(ReportOut, {
      description: 'Issued reports, newest number first, each number latest version first',
    }),
    drafts: Type.Array(ReportOut, { description: "Drafts, newest first (the center's only)" }),
    schedule: Type.Object(
      {
        intervalMinutes: Type.Union([Type.Integer(), Type.Null()]),
        nextDueAt: Nullable(Type.String({ format: 'date-time' })),
        overdue: Type.Boolean(),
      },
      {
        additionalProperties: false,
        description: 'When the next report is due (null: no interval or stood down)',
      },
    ),
  },
  { additionalProperties: false },
);
