import type {
  AuthenticationResponseJSON,
  AuthenticatorTransportFuture,
  RegistrationResponseJSON,
} from '@simplewebauthn/server';
import type { AuthenticationResponse, RegistrationResponse } from './mfa.schemas.js';
import type { PasskeysTable } from './mfa.table.js';

// Loaded on first use: the library and its dependencies take a while to load, which no command needs.
const webauthn = () => import('@simplewebauthn/server');

/** The relying party: its id is the host name of RENRAKU_PUBLIC_URL, its origin that URL's origin. */
export interface RelyingParty {
  id: string;
  origin: string;
  name: string;
}

export const relyingPartyOf = (publicUrl: string): RelyingParty => {
  const url = new URL(publicUrl);
  return { id: url.hostname, origin: url.origin, name: 'Renraku' };
};

/** How long the browser and the user have to answer a passkey request. */
export const CHALLENGE_TTL_MS = 5 * 60_000;

const transportsOf = (row: Pick<PasskeysTable, 'transports'>) =>
  JSON.parse(row.transports) as AuthenticatorTransportFuture[];

export async function registrationOptions(args: {
  rp: RelyingParty;
  user: { id: string; email: string; display_name: string };
  existing: Pick<PasskeysTable, 'id' | 'transports'>[];
}) {
  const { rp, user } = args;
  const { generateRegistrationOptions } = await webauthn();
  return generateRegistrationOptions({
    rpName: rp.name,
    rpID: rp.id,
    userName: user.email,
    userDisplayName: user.display_name,
    // The user handle is Renraku's opaque user id: it names nobody.
    userID: new TextEncoder().encode(user.id),
    attestationType: 'none',
    timeout: CHALLENGE_TTL_MS,
    excludeCredentials: args.existing.map((p) => ({ id: p.id, transports: transportsOf(p) })),
    authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
  });
}

/** Verifies a new credential against the challenge issued for it; null when it does not verify. */
export async function verifyRegistration(args: {
  rp: RelyingParty;
  response: RegistrationResponse;
  challenge: string;
}) {
  const { verifyRegistrationResponse } = await webauthn();
  try {
    const result = await verifyRegistrationResponse({
      // The schema lets transports and attachments the standard may add through; the library reads them as hints.
      response: args.response as RegistrationResponseJSON,
      expectedChallenge: args.challenge,
      expectedOrigin: args.rp.origin,
      expectedRPID: args.rp.id,
      // Security keys without a PIN still prove possession: a second factor after the password.
      requireUserVerification: false,
    });
    if (!result.verified) return null;
    const info = result.registrationInfo;
    return {
      id: info.credential.id,
      publicKey: Buffer.from(info.credential.publicKey).toString('base64url'),
      counter: info.credential.counter,
      transports: info.credential.transports ?? [],
      deviceType: info.credentialDeviceType,
      backedUp: info.credentialBackedUp,
      userVerified: info.userVerified,
    };
  } catch {
    return null;
  }
}

/**
 * Options for a passkey assertion. With `credentials`, for the second step of a known user; without, for a
 * passkey log-in where the browser offers the user's discoverable credentials, which must then verify the user
 * (PIN or biometrics): the passkey is both factors.
 */
export async function authenticationOptions(args: {
  rp: RelyingParty;
  credentials?: Pick<PasskeysTable, 'id' | 'transports'>[];
}) {
  const { generateAuthenticationOptions } = await webauthn();
  return generateAuthenticationOptions({
    rpID: args.rp.id,
    timeout: CHALLENGE_TTL_MS,
    userVerification: args.credentials ? 'preferred' : 'required',
    ...(args.credentials
      ? { allowCredentials: args.credentials.map((p) => ({ id: p.id, transports: transportsOf(p) })) }
      : {}),
  });
}

/** Verifies an assertion by a stored credential; the new counter, or null when it does not verify. */
export async function verifyAssertion(args: {
  rp: RelyingParty;
  response: AuthenticationResponse;
  challenge: string;
  passkey: PasskeysTable;
  requireUserVerification: boolean;
}): Promise<{ newCounter: number } | null> {
  const { passkey } = args;
  const { verifyAuthenticationResponse } = await webauthn();
  try {
    const result = await verifyAuthenticationResponse({
      response: args.response as AuthenticationResponseJSON,
      expectedChallenge: args.challenge,
      expectedOrigin: args.rp.origin,
      expectedRPID: args.rp.id,
      requireUserVerification: args.requireUserVerification,
      credential: {
        id: passkey.id,
        publicKey: new Uint8Array(Buffer.from(passkey.public_key, 'base64url')),
        // A counter that does not grow (a cloned authenticator, a replay) fails the verification.
        counter: Number(passkey.counter),
        transports: transportsOf(passkey),
      },
    });
    return result.verified ? { newCounter: result.authenticationInfo.newCounter } : null;
  } catch {
    return null;
  }
}
