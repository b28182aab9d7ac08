import { Type } from 'typebox';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const OrgRef = Type.Object({
  slug: Type.String(),
  kind: Type.String(),
  nameJa: Type.String(),
  nameEn: Type.String(),
});

export const ChangeParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

export const ChangesQuery = Type.Object(
  {
    status: Type.Optional(
      Type.Union([Type.Literal('pending'), Type.Literal('decided'), Type.Literal('all')]),
    ),
    org: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  },
  { additionalProperties: false },
);

export const RejectInput = Type.Object(
  { reason: Type.Optional(Type.String({ maxLength: 1000, pattern: '^[^\\r\\n]*$' })) },
  { additionalProperties: false },
);

export const ChangeOut = Type.Object({
  id: Type.String(),
  kind: Type.String({
    description: 'user.create, user.update, contact.create, contact.update, contact.delete…',
  }),
  status: Type.String({
    description: 'pending, confirmed, rejected, expired, or applied (made at once by the body, listed)',
  }),
  org: OrgRef,
  summary: Type.Object({}, { additionalProperties: true, description: 'What the change is, by kind' }),
  requestedBy: Type.Object({ email: Type.String(), displayName: Type.String(), role: Type.String() }),
  requestedAt: Type.String(),
  expiresAt: Nullable(Type.String()),
  confirmBy: Nullable(Type.String({ description: 'body (its security officer) or second-admin' })),
  decidedBy: Nullable(Type.String()),
  decidedAt: Nullable(Type.String()),
  reason: Nullable(Type.String()),
  mayConfirm: Type.Boolean({ description: 'The caller may confirm it now' }),
  mayReject: Type.Boolean({ description: 'The caller may reject it now (its requester: withdraw it)' }),
});

export const ChangeListOut = Type.Object({ items: Type.Array(ChangeOut) });

/** A confirmed change; `secret` once, when applying it made one for the body (a new webhook key). */
export const ConfirmedOut = Type.Intersect([
  ChangeOut,
  Type.Object({
    secret: Type.Optional(
      Type.String({
        description: 'Shown this once: a new account’s first password, or the body’s new webhook key',
      }),
    ),
  }),
]);
