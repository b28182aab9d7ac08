import { Type } from 'typebox';
import { Line } from '../../platform/http/schemas.js';

const Email = Type.String({ format: 'email', maxLength: 254 });

export const LoginInput = Type.Object(
  { email: Email, password: Type.String({ minLength: 1, maxLength: 1024 }) },
  { additionalProperties: false },
);

export const RoleSchema = Type.Union([
  Type.Literal('reporter'),
  Type.Literal('security-officer'),
  Type.Literal('center-analyst'),
  Type.Literal('center-coordinator'),
  Type.Literal('admin'),
  Type.Literal('auditor'),
]);

export const UserInput = Type.Object(
  {
    org: Type.String({ minLength: 1, maxLength: 64 }),
    role: RoleSchema,
    email: Email,
    displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    password: Type.Optional(Type.String({ minLength: 1, maxLength: 1024 })),
    locale: Type.Optional(Type.Union([Type.Literal('ja'), Type.Literal('en')])),
  },
  { additionalProperties: false },
);

export const TokenInput = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100, pattern: '^[^\\r\\n]+$' }),
    readOnly: Type.Optional(
      Type.Boolean({ description: 'The token may only read: GET and HEAD (the live stream too)' }),
    ),
  },
  { additionalProperties: false },
);

export const MeOut = Type.Object({
  email: Type.String(),
  displayName: Type.String(),
  role: Type.String(),
  locale: Type.String(),
  org: Type.Object({
    slug: Type.String(),
    kind: Type.String(),
    nameJa: Type.String(),
    nameEn: Type.String(),
    reviewMode: Type.Boolean({
      description: "Whether the body (a ministry) reviews its agencies' reports before they go to the center",
    }),
  }),
});

export const UserOut = Type.Object({
  id: Type.String(),
  email: Type.String(),
  displayName: Type.String(),
  role: Type.String(),
  orgSlug: Type.String(),
  createdAt: Type.String(),
  disabled: Type.Boolean({ description: 'A disabled user cannot log in, and its API tokens do not work' }),
  lastLoginAt: Type.Union([Type.String(), Type.Null()], { description: 'Last browser log-in' }),
});

export const UserChangeInput = Type.Object(
  {
    role: Type.Optional(RoleSchema),
    displayName: Type.Optional(Line(200)),
    disabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const UsersQuery = Type.Object(
  { org: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })) },
  { additionalProperties: false },
);

export const TokenOut = Type.Object({
  id: Type.String(),
  name: Type.String(),
  createdAt: Type.String(),
  lastUsedAt: Type.Union([Type.String(), Type.Null()]),
  revokedAt: Type.Union([Type.String(), Type.Null()]),
  readOnly: Type.Boolean(),
});
