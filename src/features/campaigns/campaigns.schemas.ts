import { type Static, Type } from 'typebox';
import { Line } from '../../platform/http/schemas.js';

const Slug = Type.String({ minLength: 1, maxLength: 64 });
const Name = Line(200);

/** Which bodies to ask; neither: every body the caller may ask (the center: all; a ministry: its agencies). */
const BodyChoice = {
  bodies: Type.Optional(Type.Array(Slug, { minItems: 1, maxItems: 1000, uniqueItems: true })),
  agenciesOf: Type.Optional(Slug),
};

export const CampaignInput = Type.Object(
  {
    name: Type.Optional(Name),
    deadline: Type.String({
      format: 'date',
      description: 'The last day to confirm (YYYY-MM-DD, in RENRAKU_TIME_ZONE)',
    }),
    remindDaysBefore: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 60,
        description: 'Days before the deadline of the first reminder',
      }),
    ),
    ...BodyChoice,
  },
  { additionalProperties: false },
);
export type CampaignInput = Static<typeof CampaignInput>;

export const CheckInput = Type.Object(
  { name: Type.Optional(Name), ...BodyChoice },
  { additionalProperties: false },
);
export type CheckInput = Static<typeof CheckInput>;

export const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
export const TokenParams = Type.Object({ token: Type.String({ minLength: 1, maxLength: 100 }) });
export const FiscalYearQuery = Type.Object(
  {
    fiscalYear: Type.Optional(
      Type.Integer({
        minimum: 2000,
        maximum: 2200,
        description: 'Fiscal year (April–March); default: the current one',
      }),
    ),
  },
  { additionalProperties: false },
);

const OrgRef = Type.Object({
  slug: Type.String(),
  nameJa: Type.String(),
  nameEn: Type.String(),
  kind: Type.String(),
});

export const EntryOut = Type.Object({
  org: OrgRef,
  confirmed: Type.Boolean(),
  confirmedAt: Type.Union([Type.String(), Type.Null()]),
  /** campaign: confirmed on the campaign; verify: through the contacts' own verification. */
  confirmedVia: Type.Union([Type.String(), Type.Null()]),
  late: Type.Boolean(),
  remindedBeforeAt: Type.Union([Type.String(), Type.Null()]),
  remindedAtDeadlineAt: Type.Union([Type.String(), Type.Null()]),
});

export const CampaignOut = Type.Object({
  id: Type.String(),
  name: Type.String(),
  startedBy: Type.Union([OrgRef, Type.Null()]),
  startedAt: Type.String(),
  deadline: Type.String(),
  deadlineAt: Type.String(),
  remindDaysBefore: Type.Integer(),
  fiscalYear: Type.Integer(),
  status: Type.Union([Type.Literal('open'), Type.Literal('closed')]),
  closedAt: Type.Union([Type.String(), Type.Null()]),
  counts: Type.Object({ bodies: Type.Integer(), confirmed: Type.Integer(), pending: Type.Integer() }),
  /** The bodies (that the caller may see) that have not confirmed. */
  pending: Type.Array(OrgRef),
  entries: Type.Array(EntryOut),
});
export const CampaignListOut = Type.Object({ fiscalYear: Type.Integer(), items: Type.Array(CampaignOut) });

export const CheckBodyOut = Type.Object({
  org: OrgRef,
  /** Contacts the test message went to, and how. */
  reached: Type.Array(
    Type.Object({
      name: Type.Union([Type.String(), Type.Null()]),
      role: Type.Union([Type.String(), Type.Null()]),
      channels: Type.Array(Type.String()),
    }),
  ),
  sentAt: Type.String(),
  acknowledgedAt: Type.Union([Type.String(), Type.Null()]),
  acknowledgedVia: Type.Union([Type.String(), Type.Null()]),
  secondsToAcknowledge: Type.Union([Type.Number(), Type.Null()]),
});

export const CheckSummaryOut = Type.Object({
  bodies: Type.Integer(),
  acknowledged: Type.Integer(),
  unanswered: Type.Integer(),
  medianSeconds: Type.Union([Type.Number(), Type.Null()]),
  slowest: Type.Union([Type.Object({ org: OrgRef, seconds: Type.Number() }), Type.Null()]),
});

export const CheckOut = Type.Object({
  id: Type.String(),
  name: Type.String(),
  startedBy: Type.Union([OrgRef, Type.Null()]),
  startedAt: Type.String(),
  fiscalYear: Type.Integer(),
  summary: CheckSummaryOut,
  bodies: Type.Array(CheckBodyOut),
});
export const CheckListOut = Type.Object({ fiscalYear: Type.Integer(), items: Type.Array(CheckOut) });

export const ReceivedChecksOut = Type.Object({
  items: Type.Array(Type.Object({ checkId: Type.String(), orgSlug: Type.String(), sentAt: Type.String() })),
});
