import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import type { Actor } from '../access/roles.js';
import type { DatabaseHandle } from '../db/database.js';
import { isUniqueViolation } from '../db/errors.js';
import { inTransaction, type Unit } from '../db/transaction.js';
import { commonErrors, isAppError } from '../errors.js';

export interface StoredResponse {
  status: number;
  body: unknown;
}

const ACCESS_REFUSALS = new Set([401, 403, 404]);

/**
 * Runs the request's work again in a savepoint that is always rolled back, with hooks that go nowhere (no
 * audit row, event or message comes of it), to learn whether the caller may still make the request. Only an
 * access refusal counts: any other error (a conflict, because the first request made the change) says nothing
 * about the caller.
 */
async function rehearse(unit: Unit, run: (unit: Unit) => Promise<StoredResponse>): Promise<void> {
  const rehearsal: Unit = {
    tx: unit.tx,
    dialect: unit.dialect,
    beforeCommit() {},
    afterCommit() {},
    beforeAnswer() {},
    gather() {},
    // Rolled back, but the transaction saw the change: copies are read again, which is never wrong.
    changed: (topic) => unit.changed(topic),
  };
  await sql`savepoint idempotent_replay`.execute(unit.tx);
  let refusal: unknown;
  try {
    await run(rehearsal);
  } catch (e) {
    if (isAppError(e) && ACCESS_REFUSALS.has(e.status)) refusal = e;
  } finally {
    await sql`rollback to savepoint idempotent_replay`.execute(unit.tx);
    await sql`release savepoint idempotent_replay`.execute(unit.tx);
  }
  if (refusal) throw refusal;
}

const KEY = /^[\x21-\x7e]{1,200}$/;

/**
 * Runs a creating request in one transaction, honouring `Idempotency-Key`: a retry with the same key by the
 * same caller gets the first response and creates nothing; the same key with another body is refused.
 * Errors are not remembered, so a retry after a refusal is judged afresh. A retry gets the stored answer only
 * as the caller who made it (same user, body and role: otherwise 409) and only if it is still allowed to make
 * the request: it is authenticated as any request is, and the route's work runs again as a rehearsal that is
 * rolled back, so that a refusal it meets now (401, 403, 404) is the answer instead.
 */
export async function idempotentTransaction<Answer extends StoredResponse>(
  handle: DatabaseHandle,
  request: FastifyRequest,
  actor: Actor,
  now: () => Date,
  run: (unit: Unit) => Promise<Answer>,
  /** What identifies the request, when the body holds a secret that must not be kept, even hashed. */
  fingerprint: unknown = request.body ?? null,
): Promise<Answer & { replayed: boolean }> {
  const raw = request.headers['idempotency-key'];
  if (raw === undefined) return { ...(await inTransaction(handle, run)), replayed: false };
  if (typeof raw !== 'string' || !KEY.test(raw))
    throw commonErrors.badRequest(
      'idempotency.key_invalid',
      'Idempotency-Key must be 1 to 200 printable ASCII characters.',
    );
  const requestHash = createHash('sha256')
    .update(`${request.method} ${request.routeOptions.url ?? request.url}\n`)
    .update(JSON.stringify(request.params ?? {}))
    .update(JSON.stringify(fingerprint))
    .digest('hex');

  const attempt = () =>
    inTransaction(handle, async (unit) => {
      const previous = await unit.tx
        .selectFrom('idempotency_keys')
        .select(['request_hash', 'status_code', 'response', 'actor_role', 'actor_org_id'])
        .where('user_id', '=', actor.userId)
        .where('key', '=', raw)
        .executeTakeFirst();
      if (previous) {
        if (previous.request_hash !== requestHash)
          throw commonErrors.unprocessable(
            'idempotency.key_reused',
            'This Idempotency-Key was already used for a different request.',
          );
        if (previous.actor_role !== actor.role || previous.actor_org_id !== actor.orgId)
          throw commonErrors.conflict(
            'idempotency.caller_changed',
            'This Idempotency-Key was used when you had another role or body; send the request with a new key.',
          );
        await rehearse(unit, run);
        // What this route answered the first time, kept as JSON.
        const first = { status: previous.status_code, body: JSON.parse(previous.response) as unknown };
        return { ...(first as Answer), replayed: true };
      }
      const response = await run(unit);
      await unit.tx
        .insertInto('idempotency_keys')
        .values({
          user_id: actor.userId,
          key: raw,
          request_hash: requestHash,
          status_code: response.status,
          response: JSON.stringify(response.body),
          created_at: now().toISOString(),
          actor_role: actor.role,
          actor_org_id: actor.orgId,
        })
        .execute();
      return { ...response, replayed: false };
    });

  try {
    return await attempt();
  } catch (e) {
    // Two concurrent requests with one key: the loser's transaction rolled back; answer with the winner's.
    if (isUniqueViolation(e)) return attempt();
    throw e;
  }
}
