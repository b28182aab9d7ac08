import { audited } from '../../platform/audit/audit.js';
import type { LoginStep } from '../../platform/auth/authenticate.js';
import { beginAttempt, finishAttempt, type ThrottleRule } from '../../platform/auth/throttle.js';
import type { DatabaseHandle } from '../../platform/db/database.js';
import { inTransaction, type Unit } from '../../platform/db/transaction.js';
import { newId } from '../../platform/ids.js';
import { passwordLoginAllowed } from '../orgs/login-policy.reads.js';
import {
  type ClientInfo,
  completeLoginStep,
  type OpenedSession,
  openSession,
  type SecondFactor,
} from '../users/sessions.open.js';
import { addressRule, factorRule } from '../users/sessions.throttle.js';
import { type LoginDeps, passwordsDisabled, refusedLocalLogin } from '../users/sessions.usecases.js';
import { usersReads } from '../users/users.reads.js';
import { mfaErrors } from './mfa.errors.js';
import { mfaRepository } from './mfa.repository.js';
import type { AuthenticationResponse } from './mfa.schemas.js';
import type { MfaDeps } from './mfa.usecases.js';
import { authenticationOptions, CHALLENGE_TTL_MS, verifyAssertion } from './passkeys.webauthn.js';
import { hashRecoveryCode } from './recovery.js';
import { matchTotp } from './totp.js';

export type StepDeps = MfaDeps & LoginDeps;

/** The person logging in, if they still may (not disabled). */
async function userOf(unit: Unit, userId: string) {
  const person = await usersReads.activeById(unit.tx, userId);
  return person && { id: person.userId, org_id: person.orgId, role: person.role };
}

async function throttled(handle: DatabaseHandle, rules: ThrottleRule[], deps: StepDeps) {
  const start = await inTransaction(handle, (unit) => beginAttempt(unit, rules, deps.clock.now()));
  if (!start.allowed) throw mfaErrors.throttled(start.retryAfterSeconds);
}

async function failed(
  unit: Unit,
  rules: ThrottleRule[],
  deps: StepDeps,
  user: { id: string; org_id: string },
) {
  const now = deps.clock.now();
  await finishAttempt(unit, rules, 'failure', now);
  await deps.audit.append(
    unit,
    audited({ userId: user.id, orgId: user.org_id }, 'session.second_factor_failed', 'user', user.id),
    now,
  );
  return null;
}

/**
 * The second step of a log-in with a code: a TOTP code of a step later than any accepted before, or an unused
 * recovery code (spent). Throttled per user, like the password per account. Null when the code is refused (the
 * refusal is committed: it counts and is audited).
 */
export async function secondFactorWithCode(args: {
  handle: DatabaseHandle;
  step: LoginStep;
  method: 'totp' | 'recovery';
  code: string;
  client: ClientInfo;
  deps: StepDeps;
}): Promise<OpenedSession | null> {
  const { handle, step, deps } = args;
  const rules = [factorRule(deps.throttle, step.userId)];
  await throttled(handle, rules, deps);
  return inTransaction(handle, async (unit) => {
    const user = await userOf(unit, step.userId);
    if (!user) return null;
    const now = deps.clock.now();
    let ok = false;
    if (args.method === 'totp') {
      const totp = await mfaRepository.totpOf(unit.tx, user.id);
      const found = totp?.confirmed_at ? matchTotp(totp.secret, args.code, now) : null;
      ok = found !== null && (await mfaRepository.acceptTotpStep(unit.tx, user.id, found));
    } else {
      ok = await mfaRepository.spendRecoveryCode(
        unit.tx,
        user.id,
        hashRecoveryCode(args.code),
        now.toISOString(),
      );
    }
    if (!ok) return failed(unit, rules, deps, user);
    await finishAttempt(unit, rules, 'success', now);
    if (args.method === 'recovery')
      await deps.audit.append(
        unit,
        audited({ userId: user.id, orgId: user.org_id }, 'mfa.recovery_code_used', 'user', user.id, {
          left: await mfaRepository.unusedRecoveryCodes(unit.tx, user.id),
        }),
        now,
      );
    const factor: SecondFactor = args.method;
    return completeLoginStep({ unit, stepSessionId: step.sessionId, user, secondFactor: factor, ...args });
  });
}

/**
 * Options for a passkey assertion: for the second step of `userId` (its credentials), or, with none, for a
 * passkey log-in by a discoverable credential.
 */
export async function passkeyLoginOptions(args: { unit: Unit; userId: string | null; deps: StepDeps }) {
  const { unit, userId, deps } = args;
  const options = await authenticationOptions({
    rp: deps.relyingParty(),
    ...(userId ? { credentials: await mfaRepository.passkeysOf(unit.tx, userId) } : {}),
  });
  const challengeId = newId();
  await mfaRepository.saveChallenge(unit.tx, {
    id: challengeId,
    challenge: options.challenge,
    purpose: 'authenticate',
    userId,
    at: deps.clock.now(),
    ttlMs: CHALLENGE_TTL_MS,
  });
  return { challengeId, options };
}

/**
 * A log-in step answered with a passkey: the second step of `step`, or (without a step) the whole log-in with a
 * discoverable credential that verified its user. The challenge is spent first; the counter must grow, and is
 * moved by a conditional update, so that one assertion opens one session at most.
 */
export async function logInWithPasskey(args: {
  handle: DatabaseHandle;
  step: LoginStep | null;
  challengeId: string;
  response: AuthenticationResponse;
  client: ClientInfo;
  deps: StepDeps;
}): Promise<OpenedSession | null> {
  const { handle, step, deps } = args;
  const rules = step
    ? [factorRule(deps.throttle, step.userId)]
    : [addressRule(deps.throttle, args.client.address)];
  await throttled(handle, rules, deps);
  const taken = await inTransaction(handle, async (unit) => {
    const challenge = await mfaRepository.takeChallenge(
      unit.tx,
      args.challengeId,
      'authenticate',
      step?.userId ?? null,
      deps.clock.now(),
    );
    const passkey = challenge ? await mfaRepository.passkeyById(unit.tx, args.response.id) : undefined;
    if (!challenge) await finishAttempt(unit, rules, 'failure', deps.clock.now());
    return { challenge, passkey };
  });
  if (!taken.challenge) throw mfaErrors.challengeInvalid();
  const { passkey } = taken;
  const mine = !!passkey && (!step || passkey.user_id === step.userId);
  const verified = mine
    ? await verifyAssertion({
        rp: deps.relyingParty(),
        response: args.response,
        challenge: taken.challenge.challenge,
        passkey,
        requireUserVerification: !step,
      })
    : null;
  const outcome = await inTransaction(handle, async (unit): Promise<OpenedSession | null | 'refused'> => {
    const now = deps.clock.now();
    const ownerId = step?.userId ?? passkey?.user_id;
    const user = ownerId ? await userOf(unit, ownerId) : undefined;
    const counted =
      !!verified &&
      !!passkey &&
      mine &&
      (await mfaRepository.recordPasskeyUse(
        unit.tx,
        passkey.id,
        Number(passkey.counter),
        verified.newCounter,
        now.toISOString(),
      ));
    if (!user || !counted) {
      await finishAttempt(unit, rules, 'failure', now);
      if (user && step) await failed(unit, [], deps, user);
      return null;
    }
    await finishAttempt(unit, rules, 'success', now);
    if (step)
      return completeLoginStep({
        unit,
        stepSessionId: step.sessionId,
        user,
        secondFactor: 'passkey',
        ...args,
      });
    // A passkey alone is a local sign-in, as a password is: a body that signs in through its identity provider
    // only refuses it (its break-glass accounts excepted).
    if (!(await passwordLoginAllowed(unit.tx, user))) {
      await refusedLocalLogin(unit, deps.audit, now, user, 'passkey');
      return 'refused';
    }
    return openSession({ unit, user, firstFactor: 'passkey', secondFactor: 'passkey', ...args });
  });
  if (outcome === 'refused') throw passwordsDisabled();
  return outcome;
}
