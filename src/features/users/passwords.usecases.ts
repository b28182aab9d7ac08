import type { Actor, Role } from '../../platform/access/roles.js';
import { can } from '../../platform/access/rules.js';
import { type AuditLog, audited } from '../../platform/audit/audit.js';
import { hashPassword, hashSecret, newSecret, verifyPassword } from '../../platform/auth/secrets.js';
import { beginAttempt, finishAttempt } from '../../platform/auth/throttle.js';
import type { Clock } from '../../platform/clock.js';
import type { DatabaseHandle, Executor } from '../../platform/db/database.js';
import { inTransaction, type Unit } from '../../platform/db/transaction.js';
import { commonErrors } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import type { OutboxItem } from '../../platform/outbox/outbox.types.js';
import { passwordErrors } from './passwords.errors.js';
import { resetMail } from './passwords.mail.js';
import { passwordsRepository } from './passwords.repository.js';
import { checkPasswordStrength, type PasswordLocale, personalWords } from './passwords.strength.js';
import { forgetDevices } from './sessions.devices.js';
import { sessionErrors } from './sessions.errors.js';
import { sessionsRepository } from './sessions.repository.js';
import { accountRule, type ThrottleSettings } from './sessions.throttle.js';
import { userErrors } from './users.errors.js';
import { usersRepository } from './users.repository.js';

export interface PasswordDeps {
  audit: AuditLog;
  clock: Clock;
  throttle: ThrottleSettings;
  minScore: number;
  resetHours: number;
  /** Where the reset link points: RENRAKU_PUBLIC_URL without a trailing slash. */
  publicUrl: string;
  outbox: { enqueue(unit: Unit, item: OutboxItem, at: Date): Promise<void> };
}

/**
 * Changes the caller's own password: the current one is checked (throttled with the log-in's count for the
 * account), the new one must be strong and different. The caller's other sessions end; this one stays.
 */
export async function changePassword(args: {
  handle: DatabaseHandle;
  actor: Actor;
  currentPassword: string;
  newPassword: string;
  locale: PasswordLocale;
  deps: PasswordDeps;
}) {
  const { handle, actor, deps } = args;
  if (!can.changeOwnPassword(actor)) throw passwordErrors.sessionRequired();
  const user = await usersRepository.row(handle.db, actor.userId);
  if (args.newPassword === args.currentPassword) throw passwordErrors.unchanged();
  await checkPasswordStrength(args.newPassword, {
    inputs: await personalWords(handle.db, {
      email: user.email,
      displayName: user.display_name,
      orgId: user.org_id,
    }),
    locale: args.locale,
    minScore: deps.minScore,
  });
  const rules = [accountRule(deps.throttle, user.email)];
  const start = await inTransaction(handle, (unit) => beginAttempt(unit, rules, deps.clock.now()));
  if (!start.allowed) throw sessionErrors.throttled(start.retryAfterSeconds);
  const ok = !!user.password_hash && (await verifyPassword(user.password_hash, args.currentPassword));
  const hash = ok ? await hashPassword(args.newPassword) : null;
  const changed = await inTransaction(handle, async (unit) => {
    const now = deps.clock.now();
    await finishAttempt(unit, rules, hash ? 'success' : 'failure', now);
    if (!hash) {
      await deps.audit.append(unit, audited(actor, 'user.password_change_failed', 'user', actor.userId), now);
      return false;
    }
    await usersRepository.setPasswordHash(unit.tx, actor.userId, hash);
    const ended = await sessionsRepository.endOthers(unit.tx, actor.userId, actor.sessionId ?? '');
    await deps.audit.append(
      unit,
      audited(actor, 'user.password_changed', 'user', actor.userId, {
        otherSessionsEnded: ended,
      }),
      now,
    );
    return true;
  });
  if (!changed) throw passwordErrors.wrongCurrent();
}

/**
 * An administrator (or the body's security officer, for the people it manages) has a password reset link sent
 * to a user's own e-mail address. The requester never sees the link; only its hash is kept; earlier links of
 * the user stop working; it expires. Nobody resets their own password this way (they change it).
 */
export async function requestPasswordReset(args: {
  unit: Unit;
  actor: Actor;
  userId: string;
  deps: PasswordDeps;
}) {
  const { unit, actor, deps } = args;
  const user = await usersRepository.byId(unit.tx, args.userId);
  if (!user || !can.readUsers(actor, user.org_id)) throw userErrors.notFound();
  if (!can.manageUsers(actor, { orgId: user.org_id, orgKind: user.org_kind, role: user.role as Role }))
    throw commonErrors.forbidden();
  if (user.id === actor.userId) throw userErrors.selfChange();
  if (user.disabled_at) throw passwordErrors.userDisabled();
  const now = deps.clock.now();
  await passwordsRepository.expireOpen(unit.tx, user.id, now.toISOString());
  const secret = newSecret('rp');
  const row = {
    id: newId(),
    token_hash: hashSecret(secret),
    user_id: user.id,
    email: user.email,
    requested_by: actor.userId,
    created_at: now.toISOString(),
    expires_at: new Date(now.getTime() + deps.resetHours * 3_600_000).toISOString(),
    used_at: null,
  };
  await passwordsRepository.insert(unit.tx, row);
  const locale = (await usersRepository.row(unit.tx, user.id)).locale === 'en' ? 'en' : 'ja';
  await deps.outbox.enqueue(
    unit,
    {
      channel: 'email',
      dedupeKey: `password-reset:${row.id}`,
      notificationId: null,
      payload: resetMail({
        to: user.email,
        id: row.id,
        link: `${deps.publicUrl}/api/v1/password-reset/${secret}`,
        expiresAt: row.expires_at,
        locale,
      }),
    },
    now,
  );
  await deps.audit.append(
    unit,
    audited(actor, 'user.password_reset_requested', 'user', user.id, {
      email: user.email,
      resetId: row.id,
      expiresAt: row.expires_at,
    }),
    now,
  );
  return { expiresAt: row.expires_at };
}

/** The reset link of a secret and its user, or undefined; `state` says whether it can still be used. */
export async function resetOfToken(db: Executor, token: string, now: Date) {
  const row = await passwordsRepository.byTokenHash(db, hashSecret(token));
  if (!row) return undefined;
  // A link goes to the address the user had when it was sent: if that changed since, the link is void.
  const state: 'open' | 'used' | 'expired' =
    row.usedAt !== null
      ? 'used'
      : row.expiresAt <= now.toISOString() || row.disabledAt !== null || row.sentTo !== row.email
        ? 'expired'
        : 'open';
  return { ...row, locale: (row.locale === 'en' ? 'en' : 'ja') as PasswordLocale, state };
}

export type ResetLink = NonNullable<Awaited<ReturnType<typeof resetOfToken>>>;

/**
 * Sets the new password of a reset link, once: the link is spent by a conditional update, every session of the
 * user ends and the browsers it had logged in from are forgotten. False when the link was used meanwhile.
 */
export async function completePasswordReset(args: {
  handle: DatabaseHandle;
  reset: ResetLink;
  newPassword: string;
  deps: PasswordDeps;
}): Promise<boolean> {
  const { handle, reset, deps } = args;
  await checkPasswordStrength(args.newPassword, {
    inputs: await personalWords(handle.db, {
      email: reset.email,
      displayName: reset.displayName,
      orgId: reset.orgId,
    }),
    locale: reset.locale,
    minScore: deps.minScore,
  });
  const hash = await hashPassword(args.newPassword);
  return inTransaction(handle, async (unit) => {
    const now = deps.clock.now();
    if (!(await passwordsRepository.spend(unit.tx, reset.id, now.toISOString()))) return false;
    await usersRepository.setPasswordHash(unit.tx, reset.userId, hash);
    const ended = await usersRepository.endSessions(unit.tx, reset.userId);
    await forgetDevices(unit, reset.userId);
    await deps.audit.append(
      unit,
      audited(reset, 'user.password_reset', 'user', reset.userId, {
        resetId: reset.id,
        sessionsEnded: Number(ended[0]?.numDeletedRows ?? 0),
      }),
      now,
    );
    return true;
  });
}
