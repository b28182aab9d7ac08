import { Type } from 'typebox';
import { RoleSchema } from '../users/users.schemas.js';

const Slug = Type.String({ minLength: 2, maxLength: 64, pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' });
const Name = Type.String({ minLength: 1, maxLength: 200, pattern: '^[^\\p{C}]*\\S[^\\p{C}]*$' });
/** Printable ASCII without spaces: client ids, claim names, acr values. */
const Token = (maxLength: number) => Type.String({ minLength: 1, maxLength, pattern: '^[\\x21-\\x7e]+$' });
const Issuer = Type.String({ minLength: 8, maxLength: 2048, pattern: '^[\\x21-\\x7e]+$' });
const Secret = Type.String({ minLength: 1, maxLength: 1024, pattern: '^[\\x20-\\x7e]+$' });
// Scope tokens (RFC 6749 §3.3), openid first.
const Scopes = Type.String({
  minLength: 6,
  maxLength: 1000,
  pattern: '^openid( [\\x21\\x23-\\x5b\\x5d-\\x7e]+)*$',
});
const AcrValues = Type.Array(Token(200), { maxItems: 10, uniqueItems: true });

export const ProviderInput = Type.Object(
  {
    slug: Slug,
    org: Slug,
    includeAgencies: Type.Optional(Type.Boolean()),
    nameJa: Name,
    nameEn: Name,
    issuer: Issuer,
    clientId: Token(255),
    clientSecret: Type.Optional(Secret),
    scopes: Type.Optional(Scopes),
    groupsClaim: Type.Optional(Token(200)),
    mfaAcrValues: Type.Optional(AcrValues),
  },
  { additionalProperties: false },
);

export const ProviderChange = Type.Object(
  {
    includeAgencies: Type.Optional(Type.Boolean()),
    nameJa: Type.Optional(Name),
    nameEn: Type.Optional(Name),
    issuer: Type.Optional(Issuer),
    clientId: Type.Optional(Token(255)),
    clientSecret: Type.Optional(Type.Union([Secret, Type.Null()])),
    scopes: Type.Optional(Scopes),
    groupsClaim: Type.Optional(Token(200)),
    mfaAcrValues: Type.Optional(AcrValues),
    disabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const MappingInput = Type.Object(
  {
    claim: Type.Optional(Token(200)),
    // Matched exactly as the provider sends it: no control, format or invisible characters to hide behind.
    value: Type.String({ minLength: 1, maxLength: 256, pattern: '^[^\\p{C}\\p{Z}]+( [^\\p{C}\\p{Z}]+)*$' }),
    org: Slug,
    role: RoleSchema,
    provision: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const MappingOut = Type.Object({
  id: Type.String(),
  claim: Type.String(),
  value: Type.String(),
  org: Type.String(),
  role: Type.String(),
  provision: Type.Boolean({ description: 'A first log-in that matches creates the user' }),
});

export const ProviderOut = Type.Object({
  slug: Type.String(),
  org: Type.String(),
  includeAgencies: Type.Boolean(),
  nameJa: Type.String(),
  nameEn: Type.String(),
  issuer: Type.String(),
  clientId: Type.String(),
  clientSecret: Type.Union([Type.Literal('sealed'), Type.Literal('file'), Type.Literal('none')], {
    description:
      'Where the secret is kept (never the secret): sealed in the database, a file, or none (PKCE only)',
  }),
  scopes: Type.String(),
  groupsClaim: Type.String(),
  mfaAcrValues: Type.Array(Type.String()),
  redirectUri: Type.String({ description: 'Register this at the provider' }),
  disabled: Type.Boolean(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  mappings: Type.Array(MappingOut),
});

/** What a change answers when it waits for the body's confirmation instead of taking effect. */
export const PendingOut = Type.Object({
  status: Type.Literal('pending'),
  changeId: Type.String(),
});

export const PublicProviderOut = Type.Object({
  slug: Type.String(),
  nameJa: Type.String(),
  nameEn: Type.String(),
  startUrl: Type.String(),
});

export const ProviderParams = Type.Object({ provider: Type.String({ minLength: 1, maxLength: 64 }) });

export const StartQuery = Type.Object(
  { returnTo: Type.Optional(Type.String({ maxLength: 2048 })) },
  { additionalProperties: false },
);

// Whatever the provider adds (session_state, …) is ignored, not refused: only these are read.
export const CallbackQuery = Type.Object({
  code: Type.Optional(Type.String({ maxLength: 4096 })),
  state: Type.Optional(Type.String({ maxLength: 512 })),
  iss: Type.Optional(Type.String({ maxLength: 2048 })),
  error: Type.Optional(Type.String({ maxLength: 256 })),
  error_description: Type.Optional(Type.String({ maxLength: 2048 })),
});

export const LinkInput = Type.Object(
  { returnTo: Type.Optional(Type.String({ maxLength: 512 })) },
  { additionalProperties: false },
);

export const IdentityOut = Type.Object({
  id: Type.String(),
  provider: Type.String(),
  nameJa: Type.String(),
  nameEn: Type.String(),
  linkedAt: Type.String(),
  lastLoginAt: Type.Union([Type.String(), Type.Null()]),
});
