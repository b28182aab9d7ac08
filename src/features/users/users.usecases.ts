import type { Actor, Role } from '../../platform/access/roles.js';
import { roleFitsOrg } from '../../platform/access/roles.js';
import { can } from '../../platform/access/rules.js';
import { type AuditLog, audited } from '../../platform/audit/audit.js';
import { hashPassword, hashSecret, newSecret } from '../../platform/auth/secrets.js';
import type { Clock } from '../../platform/clock.js';
import type { Executor, Tx } from '../../platform/db/database.js';
import type { Unit } from '../../platform/db/transaction.js';
import { commonErrors } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import type { ChangeDeps } from '../changes/changes.deps.js';
import { changeErrors } from '../changes/changes.errors.js';
import { samePerson } from '../changes/changes.person.js';
import { type Proposed, recordApplied, requestChange } from '../changes/changes.usecases.js';
import { lockOrgRow, type OrgRow, orgsDirectory } from '../orgs/orgs.directory.js';
import { orgErrors } from '../orgs/orgs.errors.js';
import { checkPasswordStrength, type PasswordCheck } from './passwords.strength.js';
import { userErrors } from './users.errors.js';
import { usersReads } from './users.reads.js';
import { type UserWithOrg, usersRepository } from './users.repository.js';

interface Deps {
  audit: AuditLog;
  clock: Clock;
}

/** What the API's use-cases of people run on: changes from outside a body are asked, not made. */
export interface UserDeps extends Deps {
  changes: ChangeDeps;
}

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

/** A new person's body and e-mail address, once the actor may add it there (null: the host operator). */
async function checkNewUser(tx: Tx, actor: Actor | null, input: NewUser) {
  const org = await orgsDirectory.bySlug(tx, input.org);
  if (!org) throw orgErrors.notFound();
  if (actor && !can.manageUsers(actor, { orgId: org.id, role: input.role, orgKind: org.kind }))
    throw commonErrors.forbidden();
  if (!roleFitsOrg(input.role, org.kind)) throw userErrors.roleDoesNotFitOrg();
  const email = input.email.toLowerCase();
  if (await emailUsed(tx, email)) throw userErrors.emailTaken();
  return { org, email };
}

const emailUsed = async (tx: Executor, email: string) =>
  (await tx.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst()) !== undefined;

/**
 * Writes a new user. The caller has decided that it may be made: by the host operator, by the body itself, or
 * as a change its body confirmed (`detail` then names it).
 */
export async function insertUser(
  unit: Unit,
  args: {
    org: OrgRow;
    input: NewUser;
    email: string;
    passwordHash: string | null;
    auditActor: Actor | null;
    deps: Deps;
    detail?: Record<string, unknown>;
    since?: string;
  },
) {
  const { org, input, email, deps } = args;
  const now = deps.clock.now();
  const row = {
    id: newId(),
    org_id: org.id,
    email,
    role: input.role,
    role_granted_at: null,
    display_name: input.displayName ?? email,
    password_hash: args.passwordHash,
    locale: input.locale ?? 'ja',
    disabled_at: null,
    created_at: args.since ?? now.toISOString(),
  };
  await unit.tx.insertInto('users').values(row).execute();
  await deps.audit.append(
    unit,
    audited(args.auditActor, 'user.create', 'user', row.id, {
      email,
      role: input.role,
      org: org.slug,
      ...(args.since ? { since: args.since } : {}),
      ...args.detail,
    }),
    now,
  );
  return row;
}

export interface NewUser {
  org: string;
  role: Role;
  email: string;
  displayName?: string | undefined;
  locale?: 'ja' | 'en' | undefined;
}

/**
 * Adds a person to a body at once: the host operator (`actor` null: CLI, demo), or the body's own security
 * officer. Anyone else asks, with addUser.
 */
export async function createUser(args: {
  unit: Unit;
  actor: Actor | null;
  input: NewUser;
  deps: Deps;
  /** From preparePassword; none means the user cannot log in with a password (API tokens only). */
  passwordHash?: string | undefined;
  /** The host operator's only: since when the account (and its role) counts as existing, when not now. */
  since?: string | undefined;
}) {
  const { unit, actor, input, deps } = args;
  const { org, email } = await checkNewUser(unit.tx, actor, input);
  if (actor && !can.changeBodyDirectly(actor, { orgId: org.id })) throw commonErrors.forbidden();
  const row = await insertUser(unit, {
    org,
    input,
    email,
    passwordHash: args.passwordHash ?? null,
    auditActor: actor,
    deps,
    ...(args.since && !actor ? { since: args.since } : {}),
  });
  return { ...row, org };
}

export type UserCreated = Awaited<ReturnType<typeof createUser>>;

const newUserSummary = (input: NewUser, email: string) => ({
  email,
  displayName: input.displayName ?? email,
  role: input.role,
  locale: input.locale ?? 'ja',
});

/** Serialises decisions about one body's people across PostgreSQL connections (its first officer). */
async function lockOrg(unit: Unit, orgId: string) {
  if (unit.dialect === 'postgres') await lockOrgRow(unit.tx, orgId);
}

/**
 * Adds a person to a body, as the API asks. The body's own security officer adds at once; so does an
 * administrator the first security officer of a body that has nobody yet. Every other addition — any role in a
 * body that has people, center roles, administrators and auditors included — waits for the body's officer (or
 * a second administrator) to confirm it: until then the person has no account at all. Such a request carries
 * no password: the first one is made at confirmation and shown to the confirmer alone.
 */
export async function addUser(args: {
  unit: Unit;
  actor: Actor;
  input: NewUser;
  deps: UserDeps;
  passwordHash?: string | undefined;
}): Promise<Proposed<UserCreated>> {
  const { unit, actor, input, deps } = args;
  // Held first: whether the body has people yet, and whether the address is free, are read under the lock.
  const body = await orgsDirectory.bySlug(unit.tx, input.org);
  if (body) await lockOrg(unit, body.id);
  const { org, email } = await checkNewUser(unit.tx, actor, input);
  const passwordHash = args.passwordHash ?? null;
  const first = can.startBody(actor, input) && !(await usersReads.hasPeople(unit.tx, org.id));
  const summary = newUserSummary(input, email);
  if (first || can.changeBodyDirectly(actor, { orgId: org.id })) {
    if (samePerson(actor.email, email)) throw changeErrors.aboutRequester();
    const row = await insertUser(unit, { org, input, email, passwordHash, auditActor: actor, deps });
    await recordApplied({
      unit,
      deps: deps.changes,
      kind: 'user.create',
      org,
      actor,
      subject: { key: `user:${row.id}`, userId: row.id, email },
      summary,
    });
    return { done: { ...row, org } };
  }
  // Whoever asks does not choose the password of the person it asks for: one is made when the body confirms.
  if (passwordHash !== null) throw userErrors.passwordNotAsked();
  const payload: NewUserPayload = {
    role: input.role,
    email,
    displayName: input.displayName ?? null,
    locale: input.locale ?? null,
  };
  const pending = await requestChange({
    unit,
    deps: deps.changes,
    kind: 'user.create',
    org,
    requester: actor,
    subject: { key: `user-email:${email}`, email },
    payload,
    summary,
  });
  return { pending };
}

/** What a request to add a user keeps until it is confirmed. */
export interface NewUserPayload {
  role: Role;
  email: string;
  displayName: string | null;
  locale: 'ja' | 'en' | null;
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
  if (actor && !can.manageTokens(actor, { userId })) throw commonErrors.forbidden();
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
    audited(actor, 'token.create', 'user', userId, { tokenId: row.id, name, readOnly }),
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
  if (!token || !can.manageTokens(actor, { userId: token.user_id })) throw userErrors.tokenNotFound();
  const now = deps.clock.now();
  await unit.tx
    .updateTable('api_tokens')
    .set({ revoked_at: token.revoked_at ?? now.toISOString() })
    .where('id', '=', tokenId)
    .execute();
  await deps.audit.append(unit, audited(actor, 'token.revoke', 'user', token.user_id, { tokenId }), now);
}

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

/** The caller's own API tokens, newest first. */
export const listTokens = (db: Executor, actor: Actor) =>
  db
    .selectFrom('api_tokens')
    .selectAll()
    .where('user_id', '=', actor.userId)
    .orderBy('created_at', 'desc')
    .execute();
