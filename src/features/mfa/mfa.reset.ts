import type { Actor, Role } from '../../platform/access/roles.js';
import { can } from '../../platform/access/rules.js';
import { type AuditLog, audited } from '../../platform/audit/audit.js';
import type { Clock } from '../../platform/clock.js';
import type { Unit } from '../../platform/db/transaction.js';
import { commonErrors } from '../../platform/errors.js';
import type { OutboxItem } from '../../platform/outbox/outbox.types.js';
import type { ChangeDeps } from '../changes/changes.deps.js';
import type { ChangeKind } from '../changes/changes.kinds.js';
import { requestChange } from '../changes/changes.usecases.js';
import { orgsDirectory } from '../orgs/orgs.directory.js';
import { forgetDevices } from '../users/sessions.devices.js';
import { usersAccounts } from '../users/users.accounts.js';
import { userErrors } from '../users/users.errors.js';
import { usersReads } from '../users/users.reads.js';
import { mfaResetMail } from './mfa.mail.js';
import { mfaRepository } from './mfa.repository.js';

export const MFA_RESET = 'mfa.reset';

export interface MfaResetDeps {
  audit: AuditLog;
  clock: Clock;
  outbox: { enqueue(unit: Unit, item: OutboxItem, at: Date): Promise<void> };
  /** RENRAKU_PUBLIC_URL without a trailing slash: where the user logs in again. */
  publicUrl: string;
}

/**
 * Resets a user's second factors (someone lost their phone and their recovery codes): removes the authenticator
 * app, the recovery codes and the passkeys, ends every session and forgets the browsers it had logged in from,
 * writes the audit row and tells the user by e-mail. A user whose role needs a second factor sets up a new one
 * at the next log-in, after the password. Applied only as a confirmed change (see `mfaResetKind`).
 */
export async function resetSecondFactors(args: {
  unit: Unit;
  userId: string;
  auditActor: Actor;
  detail: Record<string, unknown>;
  deps: MfaResetDeps;
}) {
  const { unit, userId, deps } = args;
  const user = await usersReads.byId(unit.tx, userId);
  if (!user) throw new Error(`no user ${userId}`);
  const passkeys = await mfaRepository.passkeysOf(unit.tx, userId);
  const totp = await mfaRepository.totpOf(unit.tx, userId);
  await mfaRepository.deleteTotp(unit.tx, userId);
  await mfaRepository.deleteRecoveryCodes(unit.tx, userId);
  await mfaRepository.deletePasskeys(unit.tx, userId);
  await usersAccounts.endSessions(unit.tx, userId);
  await forgetDevices(unit, userId);
  const now = deps.clock.now();
  await deps.audit.append(
    unit,
    audited(args.auditActor, 'mfa.reset', 'user', userId, {
      email: user.email,
      totp: !!totp?.confirmed_at,
      passkeys: passkeys.length,
      ...args.detail,
    }),
    now,
  );
  await deps.outbox.enqueue(
    unit,
    {
      channel: 'email',
      dedupeKey: `mfa-reset:${String(args.detail.change ?? now.toISOString())}:${userId}`,
      notificationId: null,
      payload: mfaResetMail({
        to: user.email,
        id: `${userId}.${now.getTime()}`,
        loginUrl: `${deps.publicUrl}/`,
        locale: user.locale,
      }),
    },
    now,
  );
}

/** The kind of pending change that resets a user's second factors, once another person confirms it. */
export const mfaResetKind = (deps: MfaResetDeps): ChangeKind => ({
  name: MFA_RESET,
  async apply({ unit, change, confirmer }) {
    const { userId } = change.payload as { userId: string };
    const user = await usersAccounts.byId(unit.tx, userId);
    // Moved to another body (or gone) since it was asked: the request no longer says what it meant.
    if (!user || user.org_id !== change.orgId) throw userErrors.notFound();
    await resetSecondFactors({
      unit,
      userId,
      auditActor: confirmer,
      detail: { change: change.id, requestedBy: change.requestedBy },
      deps,
    });
    return { subjectUserId: userId };
  },
});

/**
 * Asks for a reset of a user's second factors. Whoever manages the user may ask (an administrator, the body's
 * security officer); nobody's reset is made by one person, the body's own officer included: it waits for
 * another of the body's officers (or a second administrator) to confirm, as every change from outside does.
 */
export async function requestFactorReset(args: {
  unit: Unit;
  actor: Actor;
  userId: string;
  changes: ChangeDeps;
}) {
  const { unit, actor } = args;
  const user = await usersAccounts.byId(unit.tx, args.userId);
  if (!user || !can.readUsers(actor, user.org_id)) throw userErrors.notFound();
  if (!can.manageUsers(actor, { orgId: user.org_id, orgKind: user.org_kind, role: user.role as Role }))
    throw commonErrors.forbidden();
  if (user.id === actor.userId) throw userErrors.selfChange();
  const org = await orgsDirectory.byId(unit.tx, user.org_id);
  if (!org) throw userErrors.notFound();
  return requestChange({
    unit,
    deps: args.changes,
    kind: MFA_RESET,
    org,
    requester: actor,
    subject: { key: `user-mfa:${user.id}`, userId: user.id, email: user.email },
    payload: { userId: user.id },
    summary: { email: user.email, displayName: user.display_name, reset: 'second-factors' },
  });
}
