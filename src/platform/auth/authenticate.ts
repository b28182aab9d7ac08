import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type Actor, isRole } from '../access/roles.js';
import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';
import { commonErrors } from '../errors.js';
import { hashSecret, sameSecret } from './secrets.js';

export const SESSION_COOKIE = 'renraku_session';
export const CSRF_HEADER = 'x-csrf-token';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    sessionExpired: boolean;
    /** Asks again whether the credential of this request is still good (for long-lived streams). */
    stillAuthenticated: () => Promise<boolean>;
  }
  interface FastifyContextConfig {
    /**
     * The route acts on a capability in its URL (a one-time link), for nobody: no caller is resolved, so that
     * a browser's session cookie (and its CSRF check) plays no part.
     */
    anonymous?: boolean;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * Resolves the caller once per request: an API token (`Authorization: Bearer`) or a browser session cookie.
 * Cookie-authenticated requests that change anything must echo the session's CSRF token in a header.
 */
export function installAuthentication(app: FastifyInstance, deps: { db: Db; clock: Clock }): void {
  const { db, clock } = deps;
  app.decorateRequest('actor', null);
  app.decorateRequest('sessionExpired', false);
  app.decorateRequest('stillAuthenticated', async () => false);

  const userColumns = [
    'users.id as userId',
    'users.email as email',
    'users.role as role',
    'users.disabled_at as disabledAt',
    'orgs.id as orgId',
    'orgs.slug as orgSlug',
    'orgs.kind as orgKind',
  ] as const;

  app.addHook('onRequest', async (request) => {
    if (request.routeOptions.config?.anonymous) return;
    const header = request.headers.authorization;
    if (header !== undefined) {
      const match = /^Bearer ([A-Za-z0-9_-]{1,200})$/.exec(header);
      if (!match?.[1]) throw commonErrors.unauthenticated();
      const row = await db
        .selectFrom('api_tokens')
        .innerJoin('users', 'users.id', 'api_tokens.user_id')
        .innerJoin('orgs', 'orgs.id', 'users.org_id')
        .select([...userColumns, 'api_tokens.id as tokenId', 'api_tokens.last_used_at as lastUsedAt'])
        .where('api_tokens.token_hash', '=', hashSecret(match[1]))
        .where('api_tokens.revoked_at', 'is', null)
        .executeTakeFirst();
      if (!row || row.disabledAt || !isRole(row.role)) throw commonErrors.unauthenticated();
      const now = clock.now();
      if (!row.lastUsedAt || now.getTime() - Date.parse(row.lastUsedAt) > LAST_USED_RESOLUTION_MS) {
        await db
          .updateTable('api_tokens')
          .set({ last_used_at: now.toISOString() })
          .where('id', '=', row.tokenId)
          .execute();
      }
      request.actor = { ...row, role: row.role, via: 'token' };
      const tokenHash = hashSecret(match[1]);
      request.stillAuthenticated = async () => {
        const again = await db
          .selectFrom('api_tokens')
          .innerJoin('users', 'users.id', 'api_tokens.user_id')
          .select(['users.role', 'users.org_id', 'users.disabled_at'])
          .where('api_tokens.token_hash', '=', tokenHash)
          .where('api_tokens.revoked_at', 'is', null)
          .executeTakeFirst();
        return !!again && !again.disabled_at && again.role === row.role && again.org_id === row.orgId;
      };
      return;
    }
    const sessionId = request.cookies?.[SESSION_COOKIE];
    if (!sessionId) return;
    const row = await db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .innerJoin('orgs', 'orgs.id', 'users.org_id')
      .select([...userColumns, 'sessions.csrf_token as csrfToken', 'sessions.expires_at as expiresAt'])
      .where('sessions.id_hash', '=', hashSecret(sessionId))
      .executeTakeFirst();
    if (!row || row.disabledAt || !isRole(row.role) || row.expiresAt <= clock.now().toISOString()) {
      // Not an error yet: logging in again with a stale cookie must work. Routes that need a caller say so.
      request.sessionExpired = true;
      return;
    }
    if (!SAFE_METHODS.has(request.method)) {
      const sent = request.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || !sameSecret(sent, row.csrfToken)) throw commonErrors.csrf();
    }
    request.actor = {
      userId: row.userId,
      email: row.email,
      role: row.role,
      orgId: row.orgId,
      orgSlug: row.orgSlug,
      orgKind: row.orgKind,
      via: 'session',
    };
    const sessionHash = hashSecret(sessionId);
    request.stillAuthenticated = async () => {
      const again = await db
        .selectFrom('sessions')
        .innerJoin('users', 'users.id', 'sessions.user_id')
        .select(['users.role', 'users.org_id', 'users.disabled_at', 'sessions.expires_at'])
        .where('sessions.id_hash', '=', sessionHash)
        .executeTakeFirst();
      return (
        !!again &&
        !again.disabled_at &&
        again.role === row.role &&
        again.org_id === row.orgId &&
        again.expires_at > clock.now().toISOString()
      );
    };
  });
}

/** The authenticated caller, or a 401. */
export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor)
    throw request.sessionExpired ? commonErrors.sessionExpired() : commonErrors.unauthenticated();
  return request.actor;
}
