import { Type } from 'typebox';

const DateTime = Type.String({ format: 'date-time', maxLength: 40 });

const filters = {
  action: Type.Optional(
    Type.String({
      maxLength: 100,
      pattern: '^[a-z][a-z0-9_]*(\\.[a-z0-9_]+)*\\.?$',
      description: 'An action (incident.read), or a prefix ending with a dot (incident.)',
    }),
  ),
  actor: Type.Optional(Type.String({ format: 'email', maxLength: 254, description: "The actor's e-mail" })),
  subjectType: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
  subjectId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  from: Type.Optional(DateTime),
  to: Type.Optional(Type.String({ format: 'date-time', maxLength: 40, description: 'Exclusive' })),
};

export const AuditFilterQuery = Type.Object(filters, { additionalProperties: false });

export const AuditExportQuery = Type.Object(
  {
    ...filters,
    lang: Type.Optional(
      Type.Union([Type.Literal('en'), Type.Literal('ja')], {
        description: 'The language of the header line: en (the column names, by default) or ja',
      }),
    ),
    tz: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 64,
        pattern: '^[A-Za-z][A-Za-z0-9_+\\-]*(/[A-Za-z0-9_+\\-]+)*$',
        description:
          'An IANA time zone (Asia/Tokyo): times as its wall clock with their offset; UTC as stored by default',
      }),
    ),
  },
  { additionalProperties: false },
);

export const AuditPageQuery = Type.Object(
  {
    ...filters,
    before: Type.Optional(
      Type.Integer({ minimum: 1, description: 'id of the last row of the previous page' }),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  },
  { additionalProperties: false },
);

const Nullable = Type.Union([Type.String(), Type.Null()]);

export const AuditEntryOut = Type.Object({
  id: Type.Integer({ description: 'The row, in the order written (`before` pages by it)' }),
  seq: Type.Union([Type.Integer(), Type.Null()], {
    description: 'Its place in the hash chain; null until it is sealed (PostgreSQL, just after commit)',
  }),
  at: Type.String(),
  actorUserId: Nullable,
  actorOrgId: Nullable,
  actorEmail: Type.Union([Type.String(), Type.Null()], { description: "The actor's e-mail; null if none" }),
  actorOrgSlug: Type.Union([Type.String(), Type.Null()], { description: "The actor's body; null if none" }),
  action: Type.String(),
  subjectType: Type.String(),
  subjectId: Nullable,
  detail: Type.Unknown(),
  hash: Type.Union([Type.String(), Type.Null()], { description: 'Null until the row is sealed' }),
});

export const AuditCsvOut = {
  description:
    'UTF-8 CSV with a byte-order mark: seq,at,actor_email,actor_org,action,subject_type,subject_id,detail,hash (with lang=ja: 連番,日時,操作者,操作者の組織,操作,対象の種類,対象ID,詳細,ハッシュ)',
  headers: {
    'content-disposition': { type: 'string', description: 'attachment, with a file name' },
    'cache-control': { type: 'string', const: 'no-store' },
  },
  content: { 'text/csv': { schema: { type: 'string' } } },
};

export const VerifyOut = Type.Union([
  Type.Object({
    ok: Type.Literal(true),
    rows: Type.Integer(),
    hmacChecked: Type.Boolean({ description: "Every row's HMAC was checked with the audit key" }),
    anchor: Type.Union([
      Type.Object({ n: Type.Integer(), seq: Type.Integer(), at: Type.String(), key: Type.String() }),
      Type.Null(),
    ]),
    unanchoredRows: Type.Integer({ description: 'Rows written after the newest anchor' }),
    unsealedRows: Type.Integer({
      description: 'Rows committed but not yet sealed into the chain (PostgreSQL); younger than the bound',
    }),
    warnings: Type.Array(Type.String()),
  }),
  Type.Object({
    ok: Type.Literal(false),
    rows: Type.Integer(),
    seq: Type.Union([Type.Integer(), Type.Null()], { description: 'The first row concerned' }),
    anchor: Type.Union([Type.Integer(), Type.Null()], { description: 'The anchor concerned' }),
    problem: Type.String(),
    hmacChecked: Type.Boolean(),
  }),
]);
