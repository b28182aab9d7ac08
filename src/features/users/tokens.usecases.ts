import type { Actor } from '../../platform/access/roles.js';
import { can } from '../../platform/access/rules.js';
import { audited } from '../../platform/audit/audit.js';
import { hashSecret, newSecret } from '../../platform/auth/secrets.js';
import type { Executor } from '../../platform/db/database.js';
import type { Unit } from '../../platform/db/transaction.js';
import { commonErrors } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { tokensRepository } from './tokens.repository.js';
import type { Deps } from './users.create.js';
import { userErrors } from './users.errors.js';

// A person's API tokens: issued, listed and revoked by their holder (or by the host operator).

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
  await tokensRepository.insert(unit.tx, row);
  await deps.audit.append(
    unit,
    audited(actor, 'token.create', 'user', userId, { tokenId: row.id, name, readOnly }),
    now,
  );
  return { ...row, secret };
}

/** Revokes one of the caller's own API tokens (a revoked one stays revoked as it was). */
export async function revokeToken(args: { unit: Unit; actor: Actor; tokenId: string; deps: Deps }) {
  const { unit, actor, tokenId, deps } = args;
  const token = await tokensRepository.byId(unit.tx, tokenId);
  // Only one's own: an administrator ends someone else's tokens by disabling that user.
  if (!token || !can.manageTokens(actor, { userId: token.user_id })) throw userErrors.tokenNotFound();
  const now = deps.clock.now();
  await tokensRepository.revoke(unit.tx, tokenId, token.revoked_at ?? now.toISOString());
  await deps.audit.append(unit, audited(actor, 'token.revoke', 'user', token.user_id, { tokenId }), now);
}

/** The caller's own API tokens, newest first. */
export const listTokens = (db: Executor, actor: Actor) => tokensRepository.listOf(db, actor.userId);
