import { Type } from 'typebox';
import { MAX_BREAK_GLASS } from './login-policy.usecases.js';

export const LoginPolicyIn = Type.Object(
  {
    passwordsDisabled: Type.Boolean(),
    breakGlass: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), {
      maxItems: MAX_BREAK_GLASS,
      uniqueItems: true,
    }),
  },
  { additionalProperties: false },
);

export const LoginPolicyOut = Type.Object({
  org: Type.String(),
  passwordsDisabled: Type.Boolean({
    description: "The body's people log in through its identity provider only",
  }),
  breakGlass: Type.Array(
    Type.Object({ id: Type.String(), email: Type.String(), displayName: Type.String(), role: Type.String() }),
    {
      description:
        'Accounts that may still log in with a password (when the identity provider is out of reach)',
    },
  ),
  providers: Type.Array(Type.String(), { description: 'Identity providers in use that log in its people' }),
});

/** A change of the login policy asked of the body, waiting for it to confirm. */
export const LoginPolicyPendingOut = Type.Object({
  status: Type.Literal('pending'),
  changeId: Type.String(),
});
