import type { Actor } from '../../platform/access/roles.js';
import { type AuditLog, audited } from '../../platform/audit/audit.js';
import { dummyPasswordHash, hashSecret, verifyPassword } from '../../platform/auth/secrets.js';
import { beginAttempt, finishAttempt, type ThrottleRule } from '../../platform/auth/throttle.js';
import type { Clock } from '../../platform/clock.js';
import type { DatabaseHandle, Executor } from '../../platform/db/database.js';
import { inTransaction, type Unit } from '../../platform/db/transaction.js';
import { commonErrors } from '../../platform/errors.js';
import { mfaReads } from '../mfa/mfa.reads.js';
import { passwordLoginAllowed } from '../orgs/login-policy.reads.js';
import { orgsDirectory } from '../orgs/orgs.directory.js';
import { knownDevice } from './sessions.devices.js';
import { type ClientInfo, type OpenedSession, openSession, type SessionDeps } from './sessions.open.js';
import { sessionsRepository } from './sessions.repository.js';
import { accountRule, addressRule, deviceRule, type ThrottleSettings } from './sessions.throttle.js';
import { userErrors } from './users.errors.js';
import { usersRepository } from './users.repository.js';

export interface LoginDeps extends SessionDeps {
  throttle: ThrottleSettings;
}

export type LoginOutcome =
  | { kind: 'throttled'; retryAfterSeconds: number }
  | { kind: 'failed' }
  | { kind: 'passwords-disabled' }
  | { kind: 'opened'; session: OpenedSession; userId: string };

/**
 * The throttling rules of a password attempt: the account and the client address, or, for a browser that
 * logged in to this account before, that browser alone.
 */
export async function passwordRules(args: {
  db: Executor;
  email: string;
  userId: string | undefined;
  client: ClientInfo;
  deviceSecret: string | undefined;
  deps: LoginDeps;
}): Promise<ThrottleRule[]> {
  const { deps } = args;
  const device = await knownDevice(args.db, args.deviceSecret, args.userId, deps.clock.now());
  if (device) return [deviceRule(deps.throttle, device)];
  return [accountRule(deps.throttle, args.email), addressRule(deps.throttle, args.client.address)];
}

/**
 * Checks e-mail and password and opens a browser session (perhaps at its second-factor step). Attempts are
 * throttled per account and per client address before the password is even looked at; failures are audited
 * and look alike whether or not the account exists.
 */
export async function logIn(args: {
  handle: DatabaseHandle;
  email: string;
  password: string;
  client: ClientInfo;
  deviceSecret: string | undefined;
  deps: LoginDeps;
}): Promise<LoginOutcome> {
  const { handle, client, deps } = args;
  const email = args.email.toLowerCase();
  const user = await usersRepository.activeByEmail(handle.db, email);
  const rules = await passwordRules({ ...args, db: handle.db, email, userId: user?.id });
  const start = await inTransaction(handle, (unit) => beginAttempt(unit, rules, deps.clock.now()));
  if (!start.allowed) return { kind: 'throttled', retryAfterSeconds: start.retryAfterSeconds };
  // Verified outside the transaction: argon2id is slow on purpose, and units of work commit together.
  const ok = await verifyPassword(user?.password_hash ?? (await dummyPasswordHash()), args.password);
  return inTransaction(handle, async (unit): Promise<LoginOutcome> => {
    const now = deps.clock.now();
    const success = !!user?.password_hash && ok;
    await finishAttempt(unit, rules, success ? 'success' : 'failure', now);
    if (!user || !success) {
      await auditFailure(unit, deps.audit, now, { user, email, client });
      return { kind: 'failed' };
    }
    // Told only to whoever knows the password: a wrong one gets the usual answer, so that the refusal does not
    // reveal which accounts exist.
    if (!(await passwordLoginAllowed(unit.tx, user))) {
      await refusedLocalLogin(unit, deps.audit, now, user, 'password');
      return { kind: 'passwords-disabled' };
    }
    const session = await openSession({
      unit,
      user,
      firstFactor: 'password',
      secondFactor: null,
      client,
      deps,
    });
    return { kind: 'opened', session, userId: user.id };
  });
}

function auditFailure(
  unit: Unit,
  audit: AuditLog,
  now: Date,
  args: { user: { id: string; org_id: string } | undefined; email: string; client: ClientInfo },
) {
  const { user } = args;
  return audit.append(
    unit,
    audited(
      user ? { userId: user.id, orgId: user.org_id } : null,
      'session.login_failed',
      'user',
      user?.id ?? null,
      { email: args.email, address: args.client.address },
    ),
    now,
  );
}

/** Ends a browser session (at any step); the caller's other sessions and tokens stay. */
export async function logOut(args: {
  unit: Unit;
  userId: string;
  orgId: string | null;
  sessionId: string;
  deps: { audit: AuditLog; clock: Clock };
}) {
  const { unit, deps } = args;
  await sessionsRepository.deleteByHash(unit.tx, hashSecret(args.sessionId));
  await deps.audit.append(
    unit,
    audited({ userId: args.userId, orgId: args.orgId }, 'session.logout', 'user', args.userId),
    deps.clock.now(),
  );
}

export const failedLogin = userErrors.badCredentials;
export const passwordsDisabled = userErrors.passwordLoginDisabled;

/** Audits a log-in refused because the user's body signs in through its identity provider only. */
export function refusedLocalLogin(
  unit: Unit,
  audit: AuditLog,
  now: Date,
  user: { id: string; org_id: string },
  method: 'password' | 'passkey',
) {
  return audit.append(
    unit,
    audited({ userId: user.id, orgId: user.org_id }, 'session.login_refused', 'user', user.id, {
      method,
      reason: 'passwords_disabled',
    }),
    now,
  );
}

/** The caller, its body and, for a browser session, the session's CSRF token (for a page that reloads). */
export async function whoAmI(args: { db: Executor; actor: Actor; sessionId: string | undefined }) {
  const { db, actor, sessionId } = args;
  const user = await usersRepository.row(db, actor.userId);
  const org = await orgsDirectory.byId(db, actor.orgId);
  if (!org) throw commonErrors.unauthenticated();
  const session =
    actor.via === 'session' && sessionId
      ? await sessionsRepository.csrfOf(db, hashSecret(sessionId))
      : undefined;
  return { user, org, csrfToken: session?.csrf_token, expiresAt: session?.expires_at };
}

/** A user and their body, as `presentMe` shows them. */
export async function meOf(db: Executor, userId: string) {
  const user = await usersRepository.row(db, userId);
  const org = await orgsDirectory.byId(db, user.org_id);
  // Foreign keys make this impossible; it keeps the type honest.
  if (!org) throw new Error('a user always belongs to a body');
  return { user, org };
}

/**
 * What the answer of a log-in step needs at its stage: the person and their body once the log-in is complete,
 * the second factors to choose from while one is due, nothing while one is being set up.
 */
export async function loginProgress(db: Executor, stage: OpenedSession['stage'], userId: string) {
  if (stage === 'full') return { me: await meOf(db, userId) };
  if (stage === 'second-factor') return { methods: await mfaReads.loginMethods(db, userId) };
  return {};
}
