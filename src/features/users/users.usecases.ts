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
import { userErrors } from './users.errors.js';

export const MIN_PASSWORD = 12;

interface Deps {
  audit: AuditLog;
  clock: Clock;
}

const actorFields = (actor: Actor | null) => ({
  actorUserId: actor?.userId ?? null,
  actorOrgId: actor?.orgId ?? null,
});

/**
 * Checks and hashes a new password. Call it before opening the transaction: argon2id is slow on purpose, and a
 * unit of work must not wait on anything slow.
 */
export async function preparePassword(password: string | undefined): Promise<string | undefined> {
  if (password === undefined) return undefined;
  if ([...password].length < MIN_PASSWORD) throw userErrors.weakPassword();
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
  deps: Deps;
}) {
  const { unit, actor, userId, name, deps } = args;
  if (actor && actor.userId !== userId && actor.role !== 'admin') throw commonErrors.forbidden();
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
  };
  await unit.tx.insertInto('api_tokens').values(row).execute();
  await deps.audit.append(
    unit,
    {
      ...actorFields(actor),
      action: 'token.create',
      subjectType: 'user',
      subjectId: userId,
      detail: { tokenId: row.id, name },
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
  if (!token || (token.user_id !== actor.userId && actor.role !== 'admin')) throw userErrors.tokenNotFound();
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

/** The users of a body, for an administrator or the body's own security officer. */
export async function listUsers(args: { db: Executor; actor: Actor; orgSlug: string }) {
  const { db, actor } = args;
  const org = await orgsRepository.bySlug(db, args.orgSlug);
  if (!org) throw orgErrors.notFound();
  if (!can.readUsers(actor, org.id)) throw commonErrors.forbidden();
  const users = await db
    .selectFrom('users')
    .selectAll()
    .where('org_id', '=', org.id)
    .orderBy('email')
    .execute();
  return { org, users };
}

/** The caller's own API tokens, newest first. */
export const listTokens = (db: Executor, actor: Actor) =>
  db
    .selectFrom('api_tokens')
    .selectAll()
    .where('user_id', '=', actor.userId)
    .orderBy('created_at', 'desc')
    .execute();
