import type { AuditAction } from '../../platform/audit/actions.js';
import { type AuditLog, audited } from '../../platform/audit/audit.js';
import type { Clock } from '../../platform/clock.js';
import type { DatabaseHandle, Executor } from '../../platform/db/database.js';
import { inTransaction, type Unit } from '../../platform/db/transaction.js';
import { newId } from '../../platform/ids.js';
import { mfaErrors } from './mfa.errors.js';
import { mfaRepository } from './mfa.repository.js';
import type { RegistrationResponse } from './mfa.schemas.js';
import {
  CHALLENGE_TTL_MS,
  type RelyingParty,
  registrationOptions,
  verifyRegistration,
} from './passkeys.webauthn.js';
import { hashRecoveryCode, newRecoveryCodes } from './recovery.js';
import { matchTotp, newTotpSecret, totpUri } from './totp.js';

export interface MfaDeps {
  audit: AuditLog;
  clock: Clock;
  mfaRequiredRoles: readonly string[];
  relyingParty: () => RelyingParty;
}

/**
 * The user managing their own second factors, from a browser session: a full one, or one that may only enrol
 * (`stage: 'enrol'`). `mfa` says whether the session passed a second factor.
 */
export interface FactorOwner {
  userId: string;
  orgId: string;
  role: string;
  email: string;
  displayName: string;
  sessionId: string;
  mfa: boolean;
  stage: 'full' | 'enrol';
}

const audit = (unit: Unit, deps: MfaDeps, who: FactorOwner, action: AuditAction, detail = {}) =>
  deps.audit.append(unit, audited(who, action, 'user', who.userId, detail), deps.clock.now());

/**
 * A user who has a second factor changes their factors only from a session that passed one: a stolen password
 * alone (or a session opened before the first factor was added) cannot swap the factors.
 */
async function mayChangeFactors(db: Executor, who: FactorOwner): Promise<number> {
  const count = await mfaRepository.factorCount(db, who.userId);
  if (count > 0 && !who.mfa) throw mfaErrors.sessionRequired();
  return count;
}

/** What the user has set up (never a secret), and whether their role requires it. */
export async function factorsOf(db: Executor, who: Pick<FactorOwner, 'userId' | 'role'>, deps: MfaDeps) {
  const [totp, passkeys, recoveryCodesLeft] = await Promise.all([
    mfaRepository.totpOf(db, who.userId),
    mfaRepository.passkeysOf(db, who.userId),
    mfaRepository.unusedRecoveryCodes(db, who.userId),
  ]);
  return {
    required: deps.mfaRequiredRoles.includes(who.role),
    totp: totp?.confirmed_at ? { confirmedAt: totp.confirmed_at } : null,
    recoveryCodesLeft,
    passkeys: passkeys.map((p) => ({
      id: p.id,
      name: p.name,
      createdAt: p.created_at,
      lastUsedAt: p.last_used_at,
      backedUp: p.backed_up === 1,
    })),
  };
}

/** Starts setting up an authenticator app: a new secret, unconfirmed until a code from it is typed. */
export async function startTotp(args: { unit: Unit; who: FactorOwner; deps: MfaDeps }) {
  const { unit, who, deps } = args;
  await mayChangeFactors(unit.tx, who);
  if ((await mfaRepository.totpOf(unit.tx, who.userId))?.confirmed_at) throw mfaErrors.totpExists();
  const secret = newTotpSecret();
  await mfaRepository.putUnconfirmedTotp(unit.tx, who.userId, secret, deps.clock.now().toISOString());
  await audit(unit, deps, who, 'mfa.totp_started');
  return { secret, uri: totpUri(secret, who.email) };
}

/**
 * Confirms the authenticator app with a code from it. The first factor of a user also brings recovery codes,
 * returned this once. Returns whether it was the user's first factor (the caller then renews the session).
 */
export async function confirmTotp(args: { unit: Unit; who: FactorOwner; code: string; deps: MfaDeps }) {
  const { unit, who, deps } = args;
  const before = await mayChangeFactors(unit.tx, who);
  const totp = await mfaRepository.totpOf(unit.tx, who.userId);
  if (!totp) throw mfaErrors.noEnrolment();
  if (totp.confirmed_at) throw mfaErrors.totpExists();
  const now = deps.clock.now();
  const step = matchTotp(totp.secret, args.code, now);
  if (step === null || !(await mfaRepository.acceptTotpStep(unit.tx, who.userId, step, now.toISOString())))
    throw mfaErrors.invalidCode();
  const recoveryCodes = await recoveryCodesIfNone(unit, who, deps);
  await audit(unit, deps, who, 'mfa.totp_enrolled', { recoveryCodesIssued: recoveryCodes !== null });
  return { first: before === 0, recoveryCodes };
}

async function recoveryCodesIfNone(unit: Unit, who: FactorOwner, deps: MfaDeps) {
  if ((await mfaRepository.unusedRecoveryCodes(unit.tx, who.userId)) > 0) return null;
  return issueRecoveryCodes(unit, who.userId, deps.clock.now());
}

async function issueRecoveryCodes(unit: Unit, userId: string, now: Date) {
  const codes = newRecoveryCodes();
  await mfaRepository.replaceRecoveryCodes(unit.tx, userId, codes.map(hashRecoveryCode), now.toISOString());
  return codes;
}

/** New recovery codes in place of all the old ones, shown this once. */
export async function regenerateRecoveryCodes(args: { unit: Unit; who: FactorOwner; deps: MfaDeps }) {
  const { unit, who, deps } = args;
  if ((await mayChangeFactors(unit.tx, who)) === 0) throw mfaErrors.noFactor();
  const codes = await issueRecoveryCodes(unit, who.userId, deps.clock.now());
  await audit(unit, deps, who, 'mfa.recovery_codes_generated');
  return codes;
}

/**
 * Refuses to remove the last second factor of a user whose role needs one; when a user whose role does not
 * removes their last one, their recovery codes go with it.
 */
async function afterRemoval(unit: Unit, who: FactorOwner, deps: MfaDeps, countBefore: number) {
  if (countBefore > 1) return;
  if (deps.mfaRequiredRoles.includes(who.role)) throw mfaErrors.lastFactor();
  await mfaRepository.deleteRecoveryCodes(unit.tx, who.userId);
}

export async function removeTotp(args: { unit: Unit; who: FactorOwner; deps: MfaDeps }) {
  const { unit, who, deps } = args;
  const count = await mayChangeFactors(unit.tx, who);
  const totp = await mfaRepository.totpOf(unit.tx, who.userId);
  if (!totp?.confirmed_at) throw mfaErrors.noFactor();
  await afterRemoval(unit, who, deps, count);
  await mfaRepository.deleteTotp(unit.tx, who.userId);
  await audit(unit, deps, who, 'mfa.totp_removed');
}

/** Options for registering a passkey, with the challenge kept for its answer. */
export async function passkeyRegistration(args: { unit: Unit; who: FactorOwner; deps: MfaDeps }) {
  const { unit, who, deps } = args;
  await mayChangeFactors(unit.tx, who);
  const options = await registrationOptions({
    rp: deps.relyingParty(),
    user: { id: who.userId, email: who.email, display_name: who.displayName },
    existing: await mfaRepository.passkeysOf(unit.tx, who.userId),
  });
  const challengeId = newId();
  await mfaRepository.saveChallenge(unit.tx, {
    id: challengeId,
    challenge: options.challenge,
    purpose: 'register',
    userId: who.userId,
    at: deps.clock.now(),
    ttlMs: CHALLENGE_TTL_MS,
  });
  return { challengeId, options };
}

/**
 * Checks a new passkey answering a registration challenge of the same user. The challenge is spent first, in a
 * unit of its own, so that an answer is tried once; the attestation is checked outside any unit. Returns the
 * credential for `storePasskey`.
 */
export async function verifyNewPasskey(args: {
  handle: DatabaseHandle;
  who: FactorOwner;
  challengeId: string;
  response: RegistrationResponse;
  deps: MfaDeps;
}) {
  const { handle, who, deps } = args;
  const challenge = await inTransaction(handle, async (unit) => {
    await mayChangeFactors(unit.tx, who);
    return mfaRepository.takeChallenge(unit.tx, args.challengeId, 'register', who.userId, deps.clock.now());
  });
  if (!challenge) throw mfaErrors.challengeInvalid();
  const credential = await verifyRegistration({
    rp: deps.relyingParty(),
    response: args.response,
    challenge: challenge.challenge,
  });
  if (!credential) throw mfaErrors.passkeyRejected();
  return credential;
}

/** Stores a passkey checked by `verifyNewPasskey`; the first factor of a user brings recovery codes. */
export async function storePasskey(args: {
  unit: Unit;
  who: FactorOwner;
  credential: NonNullable<Awaited<ReturnType<typeof verifyRegistration>>>;
  name: string;
  deps: MfaDeps;
}) {
  const { unit, who, credential, deps } = args;
  const before = await mayChangeFactors(unit.tx, who);
  if (await mfaRepository.passkeyById(unit.tx, credential.id)) throw mfaErrors.passkeyExists();
  const now = deps.clock.now().toISOString();
  await mfaRepository.insertPasskey(unit.tx, {
    id: credential.id,
    user_id: who.userId,
    name: args.name,
    public_key: credential.publicKey,
    counter: credential.counter,
    transports: JSON.stringify(credential.transports),
    device_type: credential.deviceType,
    backed_up: credential.backedUp ? 1 : 0,
    created_at: now,
    last_used_at: null,
  });
  const recoveryCodes = await recoveryCodesIfNone(unit, who, deps);
  await audit(unit, deps, who, 'mfa.passkey_added', { passkeyId: credential.id, name: args.name });
  return { id: credential.id, first: before === 0, recoveryCodes };
}

export async function renamePasskey(args: {
  unit: Unit;
  who: FactorOwner;
  passkeyId: string;
  name: string;
  deps: MfaDeps;
}) {
  const { unit, who, deps } = args;
  await mayChangeFactors(unit.tx, who);
  if (!(await mfaRepository.renamePasskey(unit.tx, who.userId, args.passkeyId, args.name)))
    throw mfaErrors.passkeyNotFound();
  await audit(unit, deps, who, 'mfa.passkey_renamed', { passkeyId: args.passkeyId, name: args.name });
}

export async function removePasskey(args: {
  unit: Unit;
  who: FactorOwner;
  passkeyId: string;
  deps: MfaDeps;
}) {
  const { unit, who, deps } = args;
  const count = await mayChangeFactors(unit.tx, who);
  const passkey = await mfaRepository.passkeyById(unit.tx, args.passkeyId);
  if (!passkey || passkey.user_id !== who.userId) throw mfaErrors.passkeyNotFound();
  await afterRemoval(unit, who, deps, count);
  await mfaRepository.deletePasskey(unit.tx, who.userId, args.passkeyId);
  await audit(unit, deps, who, 'mfa.passkey_removed', { passkeyId: args.passkeyId, name: passkey.name });
}
