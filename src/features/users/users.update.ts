import type { Actor, Role } from '../../platform/access/roles.js';
import { roleFitsOrg } from '../../platform/access/roles.js';
import { can } from '../../platform/access/rules.js';
import { audited } from '../../platform/audit/audit.js';
import type { Executor } from '../../platform/db/database.js';
import type { Unit } from '../../platform/db/transaction.js';
import { commonErrors } from '../../platform/errors.js';
import { type Proposed, recordApplied, requestChange } from '../changes/changes.usecases.js';
import { type OrgRow, orgsDirectory } from '../orgs/orgs.directory.js';
import { orgErrors } from '../orgs/orgs.errors.js';
import type { Deps, UserDeps } from './users.create.js';
import { userErrors } from './users.errors.js';
import { type UserWithOrg, usersRepository } from './users.repository.js';

// Seeing and changing people: their role, their name, whether they may log in.

/**
 * Users an administrator or a security officer may see: one body's when `orgSlug` is given, otherwise
 * everyone for an administrator and its own body's for a security officer.
 */
export async function listUsers(args: { db: Executor; actor: Actor; orgSlug?: string | undefined }) {
  const { db, actor } = args;
  let orgId: string | undefined;
  if (args.orgSlug !== undefined) {
    const org = await orgsDirectory.bySlug(db, args.orgSlug);
    if (!org) throw orgErrors.notFound();
    orgId = org.id;
  } else if (!can.readAllUsers(actor)) orgId = actor.orgId;
  if (orgId !== undefined && !can.readUsers(actor, orgId)) throw commonErrors.forbidden();
  return usersRepository.list(db, orgId);
}

export interface UserChange {
  role?: Role | undefined;
  displayName?: string | undefined;
  disabled?: boolean | undefined;
}

type Changed = Record<string, { from: unknown; to: unknown }>;

/** What a change would write, and what it changes (for the audit and the listing); empty when nothing. */
function diff(user: UserWithOrg, input: UserChange, role: Role, now: Date) {
  const changes: Parameters<typeof usersRepository.update>[2] = {};
  const changed: Changed = {};
  if (role !== user.role) {
    changes.role = role;
    changes.role_granted_at = now.toISOString();
    changed.role = { from: user.role, to: role };
  }
  if (input.displayName !== undefined && input.displayName !== user.display_name) {
    changes.display_name = input.displayName;
    changed.displayName = { from: user.display_name, to: input.displayName };
  }
  const disabled = user.disabled_at !== null;
  if (input.disabled !== undefined && input.disabled !== disabled) {
    changes.disabled_at = input.disabled ? now.toISOString() : null;
    changed.disabled = { from: disabled, to: input.disabled };
  }
  return { changes, changed };
}

/** Writes a user's change and its audit row; the caller has decided that it may be made. */
export async function writeUserChange(
  unit: Unit,
  args: {
    user: UserWithOrg;
    input: UserChange;
    auditActor: Actor;
    deps: Deps;
    detail?: Record<string, unknown>;
  },
): Promise<{ user: UserWithOrg; changed: Changed }> {
  const { user, input, deps } = args;
  const now = deps.clock.now();
  const { changes, changed } = diff(user, input, input.role ?? (user.role as Role), now);
  if (Object.keys(changed).length === 0) return { user, changed };
  await usersRepository.update(unit.tx, user.id, changes);
  if (input.disabled) {
    await usersRepository.endSessions(unit.tx, user.id);
    // For good: enabling the user again must not bring back tokens that may have leaked meanwhile.
    await usersRepository.revokeTokens(unit.tx, user.id, now.toISOString());
  }
  await deps.audit.append(
    unit,
    audited(args.auditActor, 'user.update', 'user', user.id, {
      email: user.email,
      org: user.org_slug,
      changes: changed,
      ...args.detail,
    }),
    now,
  );
  return { user: { ...user, ...changes }, changed };
}

/**
 * Changes a user's role, name or whether it may log in, under the rule for creating users. Nobody disables or
 * changes the role of themselves. Disabling ends the user's sessions and revokes its API tokens for good.
 * Users the actor may not see do not exist.
 *
 * The body's own security officer changes at once. Anyone else (an administrator) renames and disables at once
 * — taking access away must not wait — but a new role or re-enabling waits, the whole change with it, for the
 * body's officer (or a second administrator) to confirm.
 */
export async function changeUser(args: {
  unit: Unit;
  actor: Actor;
  userId: string;
  input: UserChange;
  deps: UserDeps;
}): Promise<Proposed<UserWithOrg>> {
  const { unit, actor, input, deps } = args;
  const user = await usersRepository.byId(unit.tx, args.userId);
  if (!user || !can.readUsers(actor, user.org_id)) throw userErrors.notFound();
  const role = input.role ?? (user.role as Role);
  if (user.id === actor.userId && (role !== user.role || input.disabled === true))
    throw userErrors.selfChange();
  const target = { orgId: user.org_id, orgKind: user.org_kind };
  if (
    !can.manageUsers(actor, { ...target, role: user.role as Role }) ||
    !can.manageUsers(actor, { ...target, role })
  )
    throw commonErrors.forbidden();
  if (!roleFitsOrg(role, user.org_kind)) throw userErrors.roleDoesNotFitOrg();

  const { changed } = diff(user, input, role, deps.clock.now());
  if (Object.keys(changed).length === 0) return { done: user };
  const org = (await orgsDirectory.byId(unit.tx, user.org_id)) as OrgRow;
  const subject = { key: `user:${user.id}`, userId: user.id, email: user.email };
  const summary = { email: user.email, displayName: user.display_name, changes: changed };
  const grants = changed.role !== undefined || changed.disabled?.to === false;
  if (grants && !can.changeBodyDirectly(actor, { orgId: user.org_id })) {
    const payload: UserUpdatePayload = {
      userId: user.id,
      from: { role: user.role, disabled: user.disabled_at !== null },
      ...(input.role !== undefined ? { role: input.role } : {}),
      ...(input.displayName !== undefined ? { displayName: input.displayName } : {}),
      ...(input.disabled !== undefined ? { disabled: input.disabled } : {}),
    };
    const pending = await requestChange({
      unit,
      deps: deps.changes,
      kind: 'user.update',
      org,
      requester: actor,
      subject,
      payload,
      summary,
    });
    return { pending };
  }
  const written = await writeUserChange(unit, { user, input, auditActor: actor, deps });
  await recordApplied({ unit, deps: deps.changes, kind: 'user.update', org, actor, subject, summary });
  return { done: written.user };
}

/** What a request to change a user keeps until it is confirmed: the change, and the state it was asked on. */
export interface UserUpdatePayload extends UserChange {
  userId: string;
  from: { role: string; disabled: boolean };
}
