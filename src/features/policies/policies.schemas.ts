import { Type } from 'typebox';
import { Line, Text } from '../../platform/http/schemas.js';

export const DOCUMENT_NAME_MAX = 200;
export const DOCUMENT_VERSION_MAX = 50;
export const CLAUSE_TEXT_MAX = 4000;
export const REQUEST_MESSAGE_MAX = 2000;

const Id = Type.String({ minLength: 1, maxLength: 64 });
const Slug = Type.String({ minLength: 1, maxLength: 64 });
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'A calendar date, YYYY-MM-DD' });
const Revision = Type.Integer({
  minimum: 1,
  maximum: 1_000_000,
  description: 'The revision read: if it has changed since, 409 policies.stale and nothing changes',
});

export const IdParams = Type.Object({ id: Id });
export const SlugParams = Type.Object({ slug: Slug });
export const FiscalYearQuery = Type.Object(
  {
    fiscalYear: Type.Optional(
      Type.Integer({
        minimum: 2000,
        maximum: 2200,
        description: 'Fiscal year (April–March); default: the current one. A year not yet begun answers 400',
      }),
    ),
  },
  { additionalProperties: false },
);

export const ClauseInput = Type.Object(
  {
    documentName: Line(DOCUMENT_NAME_MAX, { description: 'The information security policy’s name' }),
    documentVersion: Line(DOCUMENT_VERSION_MAX, { description: 'Its version (版)' }),
    inForceOn: Day,
    clauseText: Text(CLAUSE_TEXT_MAX, { description: 'The clause that lays down the reporting duty' }),
  },
  { additionalProperties: false },
);
export const ClauseRevisionInput = Type.Object(
  {
    revision: Revision,
    documentName: Line(DOCUMENT_NAME_MAX, { description: 'The information security policy’s name' }),
    documentVersion: Line(DOCUMENT_VERSION_MAX, { description: 'Its version (版)' }),
    inForceOn: Day,
    clauseText: Text(CLAUSE_TEXT_MAX, { description: 'The clause that lays down the reporting duty' }),
  },
  { additionalProperties: false },
);
export const RevisionInput = Type.Object({ revision: Revision }, { additionalProperties: false });
export const ExcerptQuery = Type.Object(
  {
    revision: Revision,
    name: Type.String({ minLength: 1, maxLength: 255, description: 'The file name (…​.pdf)' }),
  },
  { additionalProperties: false },
);

const OrgRef = Type.Object({
  slug: Type.String(),
  nameJa: Type.String(),
  nameEn: Type.String(),
  kind: Type.String(),
});
const Status = Type.Enum(['recorded', 'confirmed', 'superseded'], {
  description:
    'recorded (not yet confirmed), confirmed (in force), superseded (a later record took its place)',
});

export const ClauseOut = Type.Object({
  id: Type.String(),
  org: OrgRef,
  documentName: Type.String(),
  documentVersion: Type.String(),
  inForceOn: Type.String(),
  clauseText: Type.String(),
  status: Status,
  excerpt: Type.Union([
    Type.Object({ name: Type.String(), size: Type.Integer(), sha256: Type.String(), href: Type.String() }),
    Type.Null(),
  ]),
  recordedBy: Type.String(),
  recordedAt: Type.String(),
  confirmedBy: Type.Union([Type.String(), Type.Null()]),
  confirmedAt: Type.Union([Type.String(), Type.Null()]),
  supersededBy: Type.Union([Type.String(), Type.Null()]),
  supersededAt: Type.Union([Type.String(), Type.Null()]),
  revision: Type.Integer(),
});
export const RegisterOut = Type.Object({
  org: OrgRef,
  /** Whether the caller may record and confirm here. */
  mayRecord: Type.Boolean(),
  items: Type.Array(ClauseOut),
});

export const RequestInput = Type.Object(
  {
    bodies: Type.Optional(
      Type.Array(Slug, {
        minItems: 1,
        maxItems: 1000,
        uniqueItems: true,
        description: 'The bodies asked, by slug; default: every body the sender may ask',
      }),
    ),
    dueDate: Day,
    message: Type.Optional(Text(REQUEST_MESSAGE_MAX)),
    asksClause: Type.Optional(Type.Boolean({ description: 'Add the reporting clause (default true)' })),
    asksContactStructure: Type.Optional(
      Type.Boolean({ description: 'Confirm the contact structure (default true)' }),
    ),
  },
  { additionalProperties: false },
);
export const AnswerInput = Type.Object(
  {
    clauseId: Type.Optional(Id),
    contactStructureConfirmed: Type.Optional(Type.Literal(true)),
  },
  { additionalProperties: false },
);

const TargetOut = Type.Object({
  org: OrgRef,
  status: Type.Enum(['open', 'answered', 'overdue', 'closed']),
  clauseId: Type.Union([Type.String(), Type.Null()]),
  clauseConfirmedAt: Type.Union([Type.String(), Type.Null()]),
  contactStructureConfirmedAt: Type.Union([Type.String(), Type.Null()]),
  answeredAt: Type.Union([Type.String(), Type.Null()]),
  remindedAt: Type.Union([Type.String(), Type.Null()]),
  escalatedAt: Type.Union([Type.String(), Type.Null()]),
});
export const RequestOut = Type.Object({
  id: Type.String(),
  sender: OrgRef,
  message: Type.String(),
  asksClause: Type.Boolean(),
  asksContactStructure: Type.Boolean(),
  dueDate: Type.String(),
  dueAt: Type.String(),
  fiscalYear: Type.Integer(),
  createdAt: Type.String(),
  closedAt: Type.Union([Type.String(), Type.Null()]),
  /** The bodies asked that the caller sees: all for the sender and the center, its own for an asked body. */
  targets: Type.Array(TargetOut),
});
export const RequestListOut = Type.Object({ fiscalYear: Type.Integer(), items: Type.Array(RequestOut) });

export const CoverageOut = Type.Object({
  fiscalYear: Type.Integer(),
  items: Type.Array(
    Type.Object({
      org: Type.Object({
        slug: Type.String(),
        nameJa: Type.String(),
        nameEn: Type.String(),
        kind: Type.String(),
        parentSlug: Type.Union([Type.String(), Type.Null()]),
      }),
      clause: Type.Union([
        Type.Object({
          id: Type.String(),
          documentName: Type.String(),
          documentVersion: Type.String(),
          confirmedAt: Type.String(),
        }),
        Type.Null(),
      ]),
      contactStructureConfirmedAt: Type.Union([Type.String(), Type.Null()]),
      requestsOpen: Type.Integer(),
      requestsOverdue: Type.Integer(),
    }),
  ),
});
