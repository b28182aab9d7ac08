import { type Static, Type } from 'typebox';
import { Line, ProblemOut, Text } from '../../platform/http/schemas.js';
import { Tlp } from '../incidents/incidents.schemas.js';

const DateTime = Type.String({ format: 'date-time', maxLength: 40 });
const Slug = Type.String({ minLength: 1, maxLength: 64 });
const Email = Type.String({ minLength: 3, maxLength: 254 });

export const IndicatorIn = Type.Object(
  {
    type: Type.Union([
      Type.Literal('ipv4-addr'),
      Type.Literal('ipv6-addr'),
      Type.Literal('domain-name'),
      Type.Literal('url'),
      Type.Literal('email-addr'),
      Type.Literal('file-md5'),
      Type.Literal('file-sha1'),
      Type.Literal('file-sha256'),
      Type.Literal('file-sha512'),
      Type.Literal('file-name'),
      Type.Literal('autonomous-system'),
      Type.Literal('vulnerability'),
      Type.Literal('user-agent'),
      Type.Literal('observable'),
    ]),
    value: Line(2048),
    description: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);

export const ContentIn = Type.Object(
  {
    title: Line(200),
    body: Text(20_000),
    indicators: Type.Optional(Type.Array(IndicatorIn, { maxItems: 500 })),
    mitigations: Type.Optional(Type.Array(Text(2000), { maxItems: 50 })),
  },
  { additionalProperties: false },
);

export const AudienceIn = Type.Union([
  Type.Object({ kind: Type.Literal('all') }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('ministries') }, { additionalProperties: false }),
  Type.Object(
    {
      kind: Type.Literal('orgs'),
      orgs: Type.Array(Slug, { minItems: 1, maxItems: 1000 }),
      includeAgencies: Type.Optional(Type.Boolean()),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    { kind: Type.Literal('users'), users: Type.Array(Email, { minItems: 1, maxItems: 200 }) },
    { additionalProperties: false },
  ),
]);

export const RedactIn = Type.Object(
  {
    anonymiseSource: Type.Optional(Type.Boolean()),
    terms: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 100 })),
    internalAddresses: Type.Optional(Type.Boolean()),
    personalData: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type RedactIn = Static<typeof RedactIn>;

export const CreateShareInput = Type.Object(
  {
    kind: Type.Optional(Type.Union([Type.Literal('share'), Type.Literal('advisory')])),
    sourceIncidentIds: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 50 }),
    content: ContentIn,
    audience: AudienceIn,
    tlp: Tlp,
    consentDueAt: Type.Optional(DateTime),
    redact: Type.Optional(RedactIn),
    attachmentIds: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 64 }), {
        maxItems: 50,
        description: 'Attachments of the source incidents the share carries (its consent request shows them)',
      }),
    ),
  },
  { additionalProperties: false },
);
export type CreateShareInput = Static<typeof CreateShareInput>;

export const EditShareInput = Type.Object(
  {
    content: Type.Optional(ContentIn),
    audience: Type.Optional(AudienceIn),
    tlp: Type.Optional(Tlp),
    consentDueAt: Type.Optional(DateTime),
    redact: Type.Optional(RedactIn),
    attachmentIds: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 64 }), {
        maxItems: 50,
        description: 'Attachments of the source incidents the share carries (its consent request shows them)',
      }),
    ),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type EditShareInput = Static<typeof EditShareInput>;

export const ShareParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

export const ListSharesQuery = Type.Object(
  {
    box: Type.Optional(Type.Union([Type.Literal('inbox'), Type.Literal('managed'), Type.Literal('all')])),
    status: Type.Optional(
      Type.Union([
        Type.Literal('draft'),
        Type.Literal('awaiting-consent'),
        Type.Literal('awaiting-publication'),
        Type.Literal('published'),
        Type.Literal('rejected'),
        Type.Literal('expired'),
        Type.Literal('withdrawn'),
      ]),
    ),
    kind: Type.Optional(Type.Union([Type.Literal('share'), Type.Literal('advisory')])),
    q: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type ListSharesQuery = Static<typeof ListSharesQuery>;

export const AcknowledgeInput = Type.Object(
  { kind: Type.Union([Type.Literal('read'), Type.Literal('mitigation-applied')]) },
  { additionalProperties: false },
);
export const PublishInput = Type.Object(
  {
    revision: Type.Integer({
      minimum: 1,
      description: 'The revision the publisher read: a share changed since is refused (shares.changed).',
    }),
  },
  { additionalProperties: false },
);
export const WithdrawInput = Type.Object(
  { reason: Type.Optional(Type.String({ maxLength: 2000 })) },
  { additionalProperties: false },
);

export const DecisionInput = Type.Object(
  {
    decision: Type.Union([Type.Literal('approve'), Type.Literal('reject')]),
    reason: Type.Optional(Type.String({ maxLength: 2000 })),
    tlp: Type.Optional(Tlp),
    audience: Type.Optional(AudienceIn),
    content: Type.Optional(ContentIn),
    revision: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);
export type DecisionInput = Static<typeof DecisionInput>;

export const ConsentListQuery = Type.Object(
  {
    status: Type.Optional(
      Type.Union([Type.Literal('pending'), Type.Literal('decided'), Type.Literal('all')]),
    ),
  },
  { additionalProperties: false },
);

export const StandingConsentInput = Type.Object(
  {
    tlp: Tlp,
    audience: Type.Union([
      Type.Object({ kind: Type.Literal('all') }, { additionalProperties: false }),
      Type.Object({ kind: Type.Literal('ministries') }, { additionalProperties: false }),
    ]),
    scope: Type.Union([Type.Literal('indicators-only'), Type.Literal('any')]),
    anonymised: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type StandingConsentInput = Static<typeof StandingConsentInput>;

// What the API answers. Every field is listed: the presenter is the allow-list, these describe it.
const OrgRef = Type.Object({
  slug: Type.String(),
  nameJa: Type.String(),
  nameEn: Type.String(),
  kind: Type.String(),
});
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Ack = Type.Object({ at: Type.String(), by: Type.String() });
const IndicatorOut = Type.Object({
  type: Type.String(),
  value: Type.String(),
  description: Type.Optional(Type.String()),
});

/** How an approval tightened the asked terms, computed by the server; empty when approved as asked. */
const Tightened = Type.Array(
  Type.Object({
    field: Type.Union([
      Type.Literal('tlp'),
      Type.Literal('recipients'),
      Type.Literal('namedUsers'),
      Type.Literal('title'),
      Type.Literal('body'),
      Type.Literal('indicators'),
      Type.Literal('mitigations'),
    ]),
    asked: Type.Union([Type.String(), Type.Array(Type.String())]),
    granted: Type.Union([Type.String(), Type.Array(Type.String())]),
  }),
  {
    description:
      'Each field the approving body made stricter than asked: TLP, recipient bodies (slugs), named people (e-mail), title, body, indicators (type:value), mitigations; what was asked and what was granted',
  },
);

export const ShareOut = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  status: Type.String(),
  view: Type.String(),
  tlp: Type.String(),
  title: Type.String(),
  body: Type.String(),
  indicators: Type.Array(IndicatorOut),
  mitigations: Type.Array(Type.String()),
  createdAt: Nullable(Type.String()),
  updatedAt: Nullable(Type.String()),
  publishedAt: Nullable(Type.String()),
  withdrawnAt: Nullable(Type.String()),
  audience: Type.Object({
    kind: Type.String(),
    orgs: Type.Optional(Type.Array(Type.String())),
    includeAgencies: Type.Optional(Type.Boolean()),
    users: Type.Optional(Type.Array(Type.String())),
  }),
  acknowledgment: Nullable(Type.Object({ read: Nullable(Ack), mitigationApplied: Nullable(Ack) })),
  revision: Type.Optional(Type.Integer()),
  round: Type.Optional(Type.Integer()),
  consentDueAt: Type.Optional(Nullable(Type.String())),
  withdrawReason: Type.Optional(Nullable(Type.String())),
  recipients: Type.Optional(
    Type.Object({
      orgs: Type.Array(OrgRef),
      users: Type.Array(Type.Object({ email: Type.String(), orgSlug: Type.String() })),
    }),
  ),
  sources: Type.Optional(
    Type.Array(
      Type.Object({
        id: Type.String(),
        title: Type.String(),
        orgSlug: Type.String(),
        number: Nullable(
          Type.String({
            description: "The incident's number (with the prefix), when the caller's body reads it",
          }),
        ),
      }),
    ),
  ),
  sourceIncidents: Type.Optional(
    Type.Array(Type.Object({ id: Type.String(), number: Type.String() }), {
      description:
        'The incidents the share derives from that the caller’s body may read, by id and number; a recipient is never told of the others',
    }),
  ),
  consents: Type.Optional(
    Type.Array(
      Type.Object({
        id: Type.String(),
        org: OrgRef,
        status: Type.String(),
        dueAt: Type.String(),
        decidedAt: Nullable(Type.String()),
        decidedBy: Nullable(Type.String()),
        reason: Nullable(Type.String()),
        standing: Type.Boolean(),
        youngAccount: Type.Boolean({
          description: 'Given by an account (or a role) younger than RENRAKU_CONSENT_MIN_ACCOUNT_AGE_DAYS',
        }),
        tightened: Tightened,
      }),
    ),
  ),
  consentByYoungAccount: Type.Optional(
    Type.Boolean({ description: 'A consent of the current round was given by a young account (flagged)' }),
  ),
  redactions: Type.Optional(Type.Array(Type.Object({ kind: Type.String(), count: Type.Integer() }))),
  attachments: Type.Optional(
    Type.Array(
      Type.Object({
        id: Type.String(),
        fileName: Type.String(),
        mediaType: Type.String(),
        size: Type.Integer(),
        sha256: Type.String(),
        downloadUrl: Type.String(),
        withdrawn: Type.Boolean({
          description: "Withdrawn by the incident's body since: its bytes are gone (a download answers 410)",
        }),
      }),
      { description: 'The files the share carries, as its consent request showed them' },
    ),
  ),
  // Who wrote and who published it (four eyes), for those who manage it.
  draftedBy: Type.Optional(Type.String()),
  editedBy: Type.Optional(Type.Array(Type.String())),
  publishedBy: Type.Optional(Nullable(Type.String())),
});
export const ShareListOut = Type.Object({ items: Type.Array(ShareOut), nextCursor: Nullable(Type.String()) });
export const AckStateOut = Type.Object({ read: Nullable(Ack), mitigationApplied: Nullable(Ack) });
export const AckBoardOut = Type.Object({
  items: Type.Array(
    Type.Object({
      org: OrgRef,
      readAt: Nullable(Type.String()),
      readBy: Nullable(Type.String()),
      mitigationAppliedAt: Nullable(Type.String()),
      mitigationAppliedBy: Nullable(Type.String()),
    }),
  ),
  recipients: Type.Integer(),
  read: Type.Integer(),
  mitigated: Type.Integer(),
  lastReminder: Type.Union([Type.Object({ at: Type.String(), bodies: Type.Integer() }), Type.Null()], {
    description: 'When the recipients that had not read it were last reminded, and how many bodies',
  }),
});
export const ReminderOut = Type.Object({
  remindedAt: Type.String(),
  nextAt: Type.String({ description: 'The earliest time of the next reminder of this share' }),
  orgs: Type.Array(OrgRef),
});
export const ConsentRequestOut = Type.Object({
  id: Type.String(),
  status: Type.String(),
  org: OrgRef,
  askedAt: Type.String(),
  dueAt: Type.String(),
  decidedAt: Nullable(Type.String()),
  decidedBy: Nullable(Type.String()),
  reason: Nullable(Type.String()),
  standing: Type.Boolean(),
  youngAccount: Type.Boolean(),
  tightened: Tightened,
  share: ShareOut,
});
export const ConsentListOut = Type.Object({ items: Type.Array(ConsentRequestOut) });
export const StandingConsentOut = Type.Object({
  id: Type.String(),
  org: OrgRef,
  tlp: Type.String(),
  audience: Type.Object({ kind: Type.String() }),
  scope: Type.String(),
  anonymised: Type.Boolean(),
  createdAt: Type.String(),
  createdBy: Type.String(),
  revokedAt: Nullable(Type.String()),
  youngAccount: Type.Optional(Type.Boolean({ description: 'Given by a young account (flagged)' })),
});
export const StandingListOut = Type.Object({ items: Type.Array(StandingConsentOut) });

/** A refused draft or edit: shares.undeclared_source names the incidents the share is derived from. */
export const ShareProblemOut = Type.Object({
  ...ProblemOut.properties,
  incidentIds: Type.Optional(Type.Array(Type.String())),
  attachmentIds: Type.Optional(Type.Array(Type.String())),
});
export const ShareAttachmentParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 64 }),
  attachmentId: Type.String({ minLength: 1, maxLength: 64 }),
});

/** A STIX 2.1 bundle as exported (the objects' own properties are STIX's: only their common ones are listed). */
export const StixBundleOut = Type.Object(
  {
    type: Type.Literal('bundle'),
    id: Type.String({ pattern: '^bundle--' }),
    objects: Type.Array(
      Type.Object(
        {
          type: Type.String(),
          spec_version: Type.Literal('2.1'),
          id: Type.String({ pattern: '^[a-z0-9-]+--[0-9a-f-]{36}$' }),
        },
        { additionalProperties: true },
      ),
    ),
  },
  { additionalProperties: false },
);
