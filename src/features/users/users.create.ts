import type { Actor, Role } from '../../platform/access/roles.js';
import { roleFitsOrg } from '../../platform/access/roles.js';
import { can } from '../../platform/access/rules.js';
import { type AuditLog, audited } from '../../platform/audit/audit.js';
import { hashPassword } from '../../platform/auth/secrets.js';
import type { Clock } from '../../platform/clock.js';
import type { Tx } from '../../platform/db/database.js';
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
import { usersRepository } from './users.repository.js';

// Adding people: at once by the host operator or the body itself, otherwise asked of the body.

/** What writing people needs. */
export interface Deps {
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
  if (await usersRepository.emailUsed(tx, email)) throw userErrors.emailTaken();
  return { org, email };
}

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
  await usersRepository.insert(unit.tx, row);
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
