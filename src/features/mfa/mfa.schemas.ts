import { type Static, Type } from 'typebox';
import { Line } from '../../platform/http/schemas.js';

const Base64Url = (maxLength: number) => Type.String({ maxLength, pattern: '^[A-Za-z0-9_-]*={0,2}$' });

export const CodeInput = Type.Object(
  { code: Type.String({ minLength: 1, maxLength: 64 }) },
  { additionalProperties: false },
);

export const SecondFactorInput = Type.Object(
  {
    method: Type.Union([Type.Literal('totp'), Type.Literal('recovery')]),
    code: Type.String({ minLength: 1, maxLength: 64 }),
  },
  { additionalProperties: false },
);

const PasskeyName = Line(100);

// What @simplewebauthn/browser returns; its inner objects may grow with the standard, their sizes may not.
const Extensions = Type.Object({}, { additionalProperties: true, maxProperties: 20 });
const Credential = {
  id: Base64Url(1400),
  rawId: Base64Url(1400),
  type: Type.Literal('public-key'),
  clientExtensionResults: Type.Optional(Extensions),
  authenticatorAttachment: Type.Optional(Type.String({ maxLength: 32 })),
};

export const RegistrationResponse = Type.Object(
  {
    ...Credential,
    response: Type.Object(
      {
        clientDataJSON: Base64Url(8192),
        attestationObject: Base64Url(65536),
        transports: Type.Optional(Type.Array(Type.String({ maxLength: 32 }), { maxItems: 10 })),
      },
      { additionalProperties: true, maxProperties: 20 },
    ),
  },
  { additionalProperties: false },
);
export type RegistrationResponse = Static<typeof RegistrationResponse>;

export const AuthenticationResponse = Type.Object(
  {
    ...Credential,
    response: Type.Object(
      {
        clientDataJSON: Base64Url(8192),
        authenticatorData: Base64Url(8192),
        signature: Base64Url(2048),
        userHandle: Type.Optional(Base64Url(1024)),
      },
      { additionalProperties: true, maxProperties: 20 },
    ),
  },
  { additionalProperties: false },
);
export type AuthenticationResponse = Static<typeof AuthenticationResponse>;

export const PasskeyInput = Type.Object(
  {
    challengeId: Type.String({ minLength: 1, maxLength: 64 }),
    name: PasskeyName,
    response: RegistrationResponse,
  },
  { additionalProperties: false },
);

export const PasskeyLoginInput = Type.Object(
  { challengeId: Type.String({ minLength: 1, maxLength: 64 }), response: AuthenticationResponse },
  { additionalProperties: false },
);

export const PasskeyRename = Type.Object({ name: PasskeyName }, { additionalProperties: false });

export const PasskeyParams = Type.Object(
  { id: Type.String({ minLength: 1, maxLength: 1400 }) },
  { additionalProperties: false },
);

export const ChallengeOut = Type.Object({
  challengeId: Type.String(),
  options: Type.Object({}, { additionalProperties: true }),
});

export const FactorsOut = Type.Object({
  required: Type.Boolean({ description: 'Whether your role needs a second factor' }),
  totp: Type.Union([Type.Object({ confirmedAt: Type.String() }), Type.Null()]),
  recoveryCodesLeft: Type.Integer(),
  passkeys: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      createdAt: Type.String(),
      lastUsedAt: Type.Union([Type.String(), Type.Null()]),
      backedUp: Type.Boolean(),
    }),
  ),
});

export const TotpStartOut = Type.Object({
  secret: Type.String({ description: 'Base32, for typing into an app by hand' }),
  uri: Type.String({ description: 'otpauth:// URI, as in the QR code' }),
  qrCode: Type.String({ description: 'The URI as a QR code: an SVG data URL' }),
});
