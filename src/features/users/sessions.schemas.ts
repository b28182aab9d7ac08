import { Type } from 'typebox';
import { MeOut } from './users.schemas.js';

export const LoginMethodSchema = Type.Union([
  Type.Literal('totp'),
  Type.Literal('recovery'),
  Type.Literal('passkey'),
]);

/** Where a log-in stands: done, waiting for the second factor, or for the enrolment of one. */
export const LoginOut = Type.Object({
  stage: Type.Union([Type.Literal('complete'), Type.Literal('second-factor'), Type.Literal('enrol')]),
  csrfToken: Type.String(),
  expiresAt: Type.String(),
  me: Type.Optional(MeOut),
  methods: Type.Optional(Type.Array(LoginMethodSchema)),
});

export const SessionOut = Type.Object({
  id: Type.String(),
  createdAt: Type.String(),
  lastSeenAt: Type.String(),
  expiresAt: Type.String(),
  clientAddress: Type.String(),
  userAgent: Type.String(),
  firstFactor: Type.String(),
  secondFactor: Type.Union([Type.String(), Type.Null()]),
  stage: Type.String(),
  current: Type.Boolean({ description: 'The session of this request' }),
});

export const SessionIdParams = Type.Object(
  { id: Type.String({ minLength: 1, maxLength: 64 }) },
  { additionalProperties: false },
);
