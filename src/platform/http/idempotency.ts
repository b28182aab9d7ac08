import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Actor } from '../access/roles.js';
import type { DatabaseHandle } from '../db/database.js';
import { isUniqueViolation } from '../db/errors.js';
import { inTransaction, type Unit } from '../db/transaction.js';
import { commonErrors } from '../errors.js';

export interface StoredResponse {
  status: number;
  body: unknown;
}

const KEY = /^[\x21-\x7e]{1,200}$/;

/**
 * Runs a creating request in one transaction, honouring `Idempotency-Key`: a retry with the same key by the
 * same caller gets the first response and creates nothing; the same key with another body is refused.
 * Errors are not remembered, so a retry after a refusal is judged afresh.
 */
export async function idempotentTransaction(
  handle: DatabaseHandle,
  request: FastifyRequest,
  actor: Actor,
  now: () => Date,
  run: (unit: Unit) => Promise<StoredResponse>,
  /** What identifies the request, when the body holds a secret that must not be kept, even hashed. */
  fingerprint: unknown = request.body ?? null,
): Promise<StoredResponse> {
  const raw = request.headers['idempotency-key'];
  if (raw === undefined) return inTransaction(handle, run);
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
        .select(['request_hash', 'status_code', 'response'])
        .where('user_id', '=', actor.userId)
        .where('key', '=', raw)
        .executeTakeFirst();
      if (previous) {
        if (previous.request_hash !== requestHash)
          throw commonErrors.unprocessable(
            'idempotency.key_reused',
            'This Idempotency-Key was already used for a different request.',
          );
        return {
          status: previous.status_code,
          body: JSON.parse(previous.response) as unknown,
          replayed: true,
        };
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
