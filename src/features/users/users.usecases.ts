import type { Actor, Role } from '../../platform/access/roles.js';
import { roleFitsOrg } from '../../platform/access/roles.js';
import { can } from '../../platform/access/rules.js';
import type { AuditLog } from '../../platform/audit/audit.js';
import { hashPassword, hashSecret, newSecret } from '../../platform/auth/secrets.js';
import type { Clock } from '../../platform/clock.js';
import type { Executor } from '../../platform/db/database.js';
import type { Unit } from '../../platform/db/transaction.js';
import { commonErrors } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { orgErrors } from '../orgs/orgs.errors.js';
import { orgsRepository } from '../orgs/orgs.repository.js';
import { checkPasswordStrength, type PasswordCheck } from './passwords.strength.js';
import { userErrors } from './users.errors.js';
import { type UserWithOrg, usersRepository } from './users.repository.js';

interface Deps {
  audit: AuditLog;
  clock: Clock;
}

const actorFields = (actor: Actor | null) => ({
  actorUserId: actor?.userId ?? null,
  actorOrgId: actor?.orgId ?? null,
});

/**
 * Checks a new password's strength and hashes it. Call it before opening the transaction: argon2id is slow on
 * purpose, and a unit of work must not wait on anything slow.
 */
export async function preparePassword(
  password: string | undefined,
  check: PasswordCheck,
): Promise<string | undefined> {
  if (password === undefined) return undefined;
  await checkPasswordStrength(password, check);
  return hashPassword(password);
}

/** Adds a person to a body with one role. `actor` null is the host operator (CLI). */
export async function createUser(args: {
  unit: Unit;
  actor: Actor | null;
  input: {
    org: string;
    role: Role;
    email: string;
    displayName?: string | undefined;
    locale?: 'ja' | 'en' | undefined;
  };
  deps: Deps;
  /** From preparePassword; none means the user cannot log in with a password (API tokens only). */
  passwordHash?: string | undefined;
}) {
  const { unit, actor, input, deps } = args;
  const org = await orgsRepository.bySlug(unit.tx, input.org);
  if (!org) throw orgErrors.notFound();
  if (actor && !can.manageUsers(actor, { orgId: org.id, role: input.role, orgKind: org.kind }))
    throw commonErrors.forbidden();
  if (!roleFitsOrg(input.role, org.kind)) throw userErrors.roleDoesNotFitOrg();
  const email = input.email.toLowerCase();
  const existing = await unit.tx
    .selectFrom('users')
    .select('id')
    .where('email', '=', email)
    .executeTakeFirst();
  if (existing) throw userErrors.emailTaken();
  const now = deps.clock.now();
  const row = {
    id: newId(),
    org_id: org.id,
    email,
    role: input.role,
    display_name: input.displayName ?? email,
    password_hash: args.passwordHash ?? null,
    locale: input.locale ?? 'ja',
    disabled_at: null,
    created_at: now.toISOString(),
  };
  await unit.tx.insertInto('users').values(row).execute();
  await deps.audit.append(
    unit,
    {
      ...actorFields(actor),
      action: 'user.create',
      subjectType: 'user',
      subjectId: row.id,
      detail: { email, role: input.role, org: org.slug },
    },
    now,
  );
  return { ...row, org };
}

/** Issues an API token for a user; the secret is returned once and only its hash is kept. */
export async function createToken(args: {
  unit: Unit;
  actor: Actor | null;
  userId: string;
  name: string;
  readOnly?: boolean | undefined;
  deps: Deps;
}) {
  const { unit, actor, userId, name, deps } = args;
  if (actor && actor.userId !== userId) throw commonErrors.forbidden();
  const readOnly = args.readOnly === true;
  const now = deps.clock.now();
  const secret = newSecret('rk');
  const row = {
    id: newId(),
    user_id: userId,
    name,
    token_hash: hashSecret(secret),
    created_at: now.toISOString(),
    last_used_at: null,
    revoked_at: null,
    read_only: readOnly ? 1 : 0,
  };
  await unit.tx.insertInto('api_tokens').values(row).execute();
  await deps.audit.append(
    unit,
    {
      ...actorFields(actor),
      action: 'token.create',
      subjectType: 'user',
      subjectId: userId,
      detail: { tokenId: row.id, name, readOnly },
    },
    now,
  );
  return { ...row, secret };
}

export async function revokeToken(args: { unit: Unit; actor: Actor; tokenId: string; deps: Deps }) {
  const { unit, actor, tokenId, deps } = args;
  const token = await unit.tx
    .selectFrom('api_tokens')
    .selectAll()
    .where('id', '=', tokenId)
    .executeTakeFirst();
  // Only one's own: an administrator ends someone else's tokens by disabling that user.
  if (!token || token.user_id !== actor.userId) throw userErrors.tokenNotFound();
  const now = deps.clock.now();
  await unit.tx
    .updateTable('api_tokens')
    .set({ revoked_at: token.revoked_at ?? now.toISOString() })
    .where('id', '=', tokenId)
    .execute();
  await deps.audit.append(
    unit,
    {
      ...actorFields(actor),
      action: 'token.revoke',
      subjectType: 'user',
      subjectId: token.user_id,
      detail: { tokenId },
    },
    now,
  );
}

/**
 * Users an administrator or a security officer may see: one body's when `orgSlug` is given, otherwise
 * everyone for an administrator and its own body's for a security officer.
 */
export async function listUsers(args: { db: Executor; actor: Actor; orgSlug?: string | undefined }) {
  const { db, actor } = args;
  let orgId: string | undefined;
  if (args.orgSlug !== undefined) {
    const org = await orgsRepository.bySlug(db, args.orgSlug);
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

/**
 * Changes a user's role, name or whether it may log in, under the rule for creating users. Nobody disables or
 * changes the role of themselves. Disabling ends the user's sessions and revokes its API tokens for good.
 * Users the actor may not see do not exist.
 */
export async function changeUser(args: {
  unit: Unit;
  actor: Actor;
  userId: string;
  input: UserChange;
  deps: Deps;
}): Promise<UserWithOrg> {
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

  const now = deps.clock.now();
  const changes: Parameters<typeof usersRepository.update>[2] = {};
  const changed: Record<string, { from: unknown; to: unknown }> = {};
  if (role !== user.role) {
    changes.role = role;
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
  if (Object.keys(changes).length === 0) return user;
  await usersRepository.update(unit.tx, user.id, changes);
  if (input.disabled) {
    await usersRepository.endSessions(unit.tx, user.id);
    // For good: enabling the user again must not bring back tokens that may have leaked meanwhile.
    await usersRepository.revokeTokens(unit.tx, user.id, now.toISOString());
  }
  await deps.audit.append(
    unit,
    {
      ...actorFields(actor),
      action: 'user.update',
      subjectType: 'user',
      subjectId: user.id,
      detail: { email: user.email, org: user.org_slug, changes: changed },
    },
    now,
  );
  return { ...user, ...changes };
}

/** The caller's own API tokens, newest first. */
export const listTokens = (db: Executor, actor: Actor) =>
  db
    .selectFrom('api_tokens')
    .selectAll()
    .where('user_id', '=', actor.userId)
    .orderBy('created_at', 'desc')
    .execute();
