import { type AuditLog, audited } from '../../platform/audit/audit.js';
import type { LoginStage } from '../../platform/auth/authenticate.js';
import { hashSecret, newSecret } from '../../platform/auth/secrets.js';
import type { Clock } from '../../platform/clock.js';
import type { Unit } from '../../platform/db/transaction.js';
import { newId } from '../../platform/ids.js';
import { mfaReads } from '../mfa/mfa.reads.js';
import { rememberDevice } from './sessions.devices.js';
import { sessionsRepository } from './sessions.repository.js';

/** How the first step of a log-in was made. */
export type FirstFactor = 'password' | 'passkey' | 'sso';
/**
 * What satisfied multi-factor authentication: a TOTP code, a recovery code, a passkey (with user verification),
 * or the identity provider of a single sign-on that reports having done MFA itself.
 */
export type SecondFactor = 'totp' | 'recovery' | 'passkey' | 'idp';

export interface SessionDeps {
  audit: AuditLog;
  clock: Clock;
  sessionTtlMinutes: number;
  mfaRequiredRoles: readonly string[];
}

/** Where the client is, as recorded on the session for its owner to recognise it. */
export interface ClientInfo {
  address: string;
  userAgent: string;
}

export interface OpenedSession {
  /** The cookie's secret: returned once, only its hash is stored. */
  secret: string;
  id: string;
  userId: string;
  csrfToken: string;
  expiresAt: string;
  stage: 'full' | LoginStage;
  /** For a full session: the browser's device cookie (see sessions.devices.ts). */
  device?: { secret: string; expiresAt: string };
}

// Between the password and the second factor a user has a few minutes, not a working day.
const STEP_TTL_MINUTES = 10;
const USER_AGENT_MAX = 300;

/**
 * The one way a browser session comes to be, whatever the first step was (password, passkey, single sign-on).
 * `secondFactor` says what has already satisfied multi-factor authentication, or null. Without one, a user who
 * has a second factor must still give it, and a user whose role needs one and has none may only enrol one: the
 * session opens at that step and grants nothing else. Audited in the caller's unit.
 */
export async function openSession(args: {
  unit: Unit;
  user: { id: string; org_id: string; role: string };
  firstFactor: FirstFactor;
  secondFactor: SecondFactor | null;
  client: ClientInfo;
  deps: SessionDeps;
  /** More of what the audit entry should say (the provider of a single sign-on and what it reported). */
  detail?: Record<string, unknown>;
}): Promise<OpenedSession> {
  const { unit, user, firstFactor, secondFactor, client, deps } = args;
  const now = deps.clock.now();
  const stage: OpenedSession['stage'] =
    secondFactor !== null
      ? 'full'
      : (await mfaReads.hasSecondFactor(unit.tx, user.id))
        ? 'second-factor'
        : deps.mfaRequiredRoles.includes(user.role)
          ? 'enrol'
          : 'full';
  const minutes = stage === 'full' ? deps.sessionTtlMinutes : STEP_TTL_MINUTES;
  const session: OpenedSession = {
    secret: newSecret('rs'),
    id: newId(),
    userId: user.id,
    csrfToken: newSecret('rc'),
    expiresAt: new Date(now.getTime() + minutes * 60_000).toISOString(),
    stage,
  };
  await sessionsRepository.insert(unit.tx, {
    id: session.id,
    id_hash: hashSecret(session.secret),
    user_id: user.id,
    csrf_token: session.csrfToken,
    created_at: now.toISOString(),
    expires_at: session.expiresAt,
    stage,
    first_factor: firstFactor,
    second_factor: secondFactor,
    client_address: client.address,
    user_agent: client.userAgent.slice(0, USER_AGENT_MAX),
    last_seen_at: now.toISOString(),
  });
  await deps.audit.append(
    unit,
    audited(
      { userId: user.id, orgId: user.org_id },
      stage === 'full' ? 'session.login' : 'session.login_step',
      'user',
      user.id,
      {
        sessionId: session.id,
        firstFactor,
        ...(secondFactor ? { secondFactor } : { stage }),
        address: client.address,
        ...args.detail,
      },
    ),
    now,
  );
  if (stage === 'full') session.device = await rememberDevice(unit, user.id, now);
  return session;
}

/**
 * Ends a session at a log-in step and opens the full one in its place, with a new secret: whoever saw the
 * cookie of the step (before the second factor) holds nothing that works afterwards.
 */
export async function completeLoginStep(args: {
  unit: Unit;
  stepSessionId: string;
  user: { id: string; org_id: string; role: string };
  secondFactor: SecondFactor;
  client: ClientInfo;
  deps: SessionDeps;
}): Promise<OpenedSession | null> {
  const { unit, stepSessionId, user } = args;
  const step = await sessionsRepository.takeStep(unit.tx, stepSessionId, user.id);
  // Ended meanwhile (logged out, or the same step finished twice at once): nothing to complete.
  if (!step) return null;
  return openSession({ ...args, firstFactor: step.first_factor as FirstFactor });
}
