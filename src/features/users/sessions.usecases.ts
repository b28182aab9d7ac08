import type { Actor } from '../../platform/access/roles.js';
import type { AuditLog } from '../../platform/audit/audit.js';
import { dummyPasswordHash, hashSecret, newSecret, verifyPassword } from '../../platform/auth/secrets.js';
import type { Clock } from '../../platform/clock.js';
import type { DatabaseHandle, Executor } from '../../platform/db/database.js';
import { inTransaction, type Unit } from '../../platform/db/transaction.js';
import { commonErrors } from '../../platform/errors.js';
import { passwordLoginAllowed } from '../orgs/login-policy.reads.js';
import { orgsRepository } from '../orgs/orgs.repository.js';
import { userErrors } from './users.errors.js';

/** Checks e-mail and password and opens a browser session; failures are audited and look alike. */
export async function logIn(args: {
  handle: DatabaseHandle;
  email: string;
  password: string;
  ttlMinutes: number;
  deps: { audit: AuditLog; clock: Clock };
}) {
  const { handle, deps } = args;
  const email = args.email.toLowerCase();
  const user = await handle.db
    .selectFrom('users')
    .selectAll()
    .where('email', '=', email)
    .where('disabled_at', 'is', null)
    .executeTakeFirst();
  // Verified outside the transaction: argon2id is slow on purpose, and units of work commit together.
  const ok = await verifyPassword(user?.password_hash ?? (await dummyPasswordHash()), args.password);
  return inTransaction(handle, async (unit) => {
    const now = deps.clock.now();
    if (!user?.password_hash || !ok) {
      await deps.audit.append(
        unit,
        {
          actorUserId: user?.id ?? null,
          actorOrgId: user?.org_id ?? null,
          action: 'session.login_failed',
          subjectType: 'user',
          subjectId: user?.id ?? null,
          detail: { email },
        },
        now,
      );
      return null;
    }
    // Told only to whoever knows the password: a wrong one gets the usual answer, so that the refusal does not
    // reveal which accounts exist.
    if (!(await passwordLoginAllowed(unit.tx, user))) {
      await deps.audit.append(
        unit,
        {
          actorUserId: user.id,
          actorOrgId: user.org_id,
          action: 'session.login_refused',
          subjectType: 'user',
          subjectId: user.id,
          detail: { method: 'password', reason: 'passwords_disabled' },
        },
        now,
      );
      return 'passwords-disabled' as const;
    }
    return openSession({
      unit,
      user,
      firstFactor: 'password',
      secondFactor: null,
      ttlMinutes: args.ttlMinutes,
      deps,
    });
  });
}

/** How the first step of a log-in was made. */
export type FirstFactor = 'password' | 'sso';
/**
 * What already satisfied multi-factor authentication when the session opens: 'idp' when the identity provider
 * of a single sign-on says it did MFA itself (amr, or one of the provider's acr values); null when nothing did,
 * and Renraku's own second factor applies.
 */
export type SecondFactor = 'idp';

/**
 * Opens a browser session for a user whose first factor is proven: the one way sessions begin, whatever the
 * first step, so that what a second factor requires is decided in one place. Writes `session.login`.
 */
export async function openSession<U extends { id: string; org_id: string }>(args: {
  unit: Unit;
  user: U;
  firstFactor: FirstFactor;
  secondFactor: SecondFactor | null;
  ttlMinutes: number;
  deps: { audit: AuditLog; clock: Clock };
  /** More of what the audit entry should say (the provider of a single sign-on). */
  detail?: Record<string, unknown>;
}) {
  const { unit, user, deps } = args;
  const now = deps.clock.now();
  const sessionId = newSecret('rs');
  const csrfToken = newSecret('rc');
  const expiresAt = new Date(now.getTime() + args.ttlMinutes * 60_000).toISOString();
  await unit.tx
    .insertInto('sessions')
    .values({
      id_hash: hashSecret(sessionId),
      user_id: user.id,
      csrf_token: csrfToken,
      created_at: now.toISOString(),
      expires_at: expiresAt,
    })
    .execute();
  await deps.audit.append(
    unit,
    {
      actorUserId: user.id,
      actorOrgId: user.org_id,
      action: 'session.login',
      subjectType: 'user',
      subjectId: user.id,
      ...(args.firstFactor === 'password'
        ? {}
        : { detail: { firstFactor: args.firstFactor, secondFactor: args.secondFactor, ...args.detail } }),
    },
    now,
  );
  const org = await orgsRepository.byId(unit.tx, user.org_id);
  // Foreign keys make this impossible; it keeps the type honest.
  if (!org) throw new Error('a user always belongs to a body');
  return { sessionId, csrfToken, expiresAt, user, org };
}

/** Ends a browser session; the caller's other sessions and tokens stay. */
export async function logOut(args: {
  unit: Unit;
  actor: Actor;
  sessionId: string;
  deps: { audit: AuditLog; clock: Clock };
}) {
  const { unit, actor, deps } = args;
  await unit.tx.deleteFrom('sessions').where('id_hash', '=', hashSecret(args.sessionId)).execute();
  await deps.audit.append(
    unit,
    {
      actorUserId: actor.userId,
      actorOrgId: actor.orgId,
      action: 'session.logout',
      subjectType: 'user',
      subjectId: actor.userId,
    },
    deps.clock.now(),
  );
}

export const failedLogin = userErrors.badCredentials;
export const passwordsDisabled = userErrors.passwordLoginDisabled;

/** The caller, its body and, for a browser session, the session's CSRF token (for a page that reloads). */
export async function whoAmI(args: { db: Executor; actor: Actor; sessionId: string | undefined }) {
  const { db, actor, sessionId } = args;
  const user = await db
    .selectFrom('users')
    .selectAll()
    .where('id', '=', actor.userId)
    .executeTakeFirstOrThrow();
  const org = await orgsRepository.byId(db, actor.orgId);
  if (!org) throw commonErrors.unauthenticated();
  const session =
    actor.via === 'session' && sessionId
      ? await db
          .selectFrom('sessions')
          .select('csrf_token')
          .where('id_hash', '=', hashSecret(sessionId))
          .executeTakeFirst()
      : undefined;
  return { user, org, csrfToken: session?.csrf_token };
}
