import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type Actor, isRole, type Role } from '../access/roles.js';
import type { Clock } from '../clock.js';
import type { Db, Executor } from '../db/database.js';
import { AppError, commonErrors } from '../errors.js';
import { hashSecret, sameSecret } from './secrets.js';

export const SESSION_COOKIE = 'renraku_session';
export const CSRF_HEADER = 'x-csrf-token';

/** Where a browser session stands between the password and full access. */
export type LoginStage = 'second-factor' | 'enrol';

/** A browser session that has passed its first step only: it may do nothing but finish logging in. */
export interface LoginStep {
  sessionId: string;
  userId: string;
  stage: LoginStage;
  csrfToken: string;
  expiresAt: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    sessionExpired: boolean;
    /** Set instead of `actor` for a session that has not passed its second factor (or enrolment) yet. */
    loginStep: LoginStep | null;
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
const READ_METHODS = new Set(['GET', 'HEAD']);
const LAST_USED_RESOLUTION_MS = 60_000;

export const authErrors = {
  secondFactorRequired: () =>
    new AppError(401, 'auth.second_factor_required', 'Finish logging in with your second factor first.'),
  enrolmentRequired: () =>
    new AppError(
      401,
      'auth.mfa_enrolment_required',
      'Your role needs a second factor: set one up (an authenticator app or a passkey) to continue.',
    ),
  readOnlyToken: () =>
    new AppError(403, 'tokens.read_only', 'This API token may only read (GET and HEAD requests).'),
};

export interface AuthenticationDeps {
  db: Db;
  clock: Clock;
  /** Roles whose sessions must have passed a second factor to act. */
  mfaRequiredRoles: readonly string[];
}

/** Whether the user has a second factor it could use (a confirmed TOTP secret or a passkey). */
export async function hasSecondFactor(db: Executor, userId: string): Promise<boolean> {
  const [totp, passkey] = await Promise.all([
    db
      .selectFrom('totp_credentials')
      .select('user_id')
      .where('user_id', '=', userId)
      .where('confirmed_at', 'is not', null)
      .executeTakeFirst(),
    db.selectFrom('passkeys').select('id').where('user_id', '=', userId).limit(1).executeTakeFirst(),
  ]);
  return !!totp || !!passkey;
}

/**
 * Resolves the caller once per request: an API token (`Authorization: Bearer`) or a browser session cookie.
 * Cookie-authenticated requests that change anything must echo the session's CSRF token in a header. A session
 * that still owes its second factor (or, for a role that needs one, its enrolment) resolves no actor, only a
 * `loginStep`: every route that needs a caller refuses it, and only the log-in and enrolment routes read it.
 */
export function installAuthentication(app: FastifyInstance, deps: AuthenticationDeps): void {
  const { db, clock } = deps;
  app.decorateRequest('actor', null);
  app.decorateRequest('sessionExpired', false);
  app.decorateRequest('loginStep', null);
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

  async function fromToken(request: FastifyRequest, header: string) {
    const match = /^Bearer ([A-Za-z0-9_-]{1,200})$/.exec(header);
    if (!match?.[1]) throw commonErrors.unauthenticated();
    const tokenHash = hashSecret(match[1]);
    const row = await db
      .selectFrom('api_tokens')
      .innerJoin('users', 'users.id', 'api_tokens.user_id')
      .innerJoin('orgs', 'orgs.id', 'users.org_id')
      .select([
        ...userColumns,
        'api_tokens.id as tokenId',
        'api_tokens.last_used_at as lastUsedAt',
        'api_tokens.read_only as readOnly',
      ])
      .where('api_tokens.token_hash', '=', tokenHash)
      .where('api_tokens.revoked_at', 'is', null)
      .executeTakeFirst();
    if (!row || row.disabledAt || !isRole(row.role)) throw commonErrors.unauthenticated();
    if (row.readOnly && !READ_METHODS.has(request.method)) throw authErrors.readOnlyToken();
    const now = clock.now();
    if (!row.lastUsedAt || now.getTime() - Date.parse(row.lastUsedAt) > LAST_USED_RESOLUTION_MS) {
      await db
        .updateTable('api_tokens')
        .set({ last_used_at: now.toISOString() })
        .where('id', '=', row.tokenId)
        .execute();
    }
    const { tokenId, lastUsedAt: _used, readOnly, disabledAt: _disabled, ...who } = row;
    request.actor = { ...who, role: row.role, via: 'token', tokenId, readOnly: readOnly === 1, mfa: false };
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
  }

  /** Where the session stands: its stored stage, unless its role now needs a second factor it has not passed. */
  async function stageOf(row: { stage: string; secondFactor: string | null; role: Role; userId: string }) {
    if (row.stage !== 'full') return row.stage as LoginStage;
    if (row.secondFactor !== null || !deps.mfaRequiredRoles.includes(row.role)) return 'full';
    return (await hasSecondFactor(db, row.userId)) ? 'second-factor' : 'enrol';
  }

  async function fromSession(request: FastifyRequest, sessionId: string) {
    const sessionHash = hashSecret(sessionId);
    const row = await db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .innerJoin('orgs', 'orgs.id', 'users.org_id')
      .select([
        ...userColumns,
        'sessions.id as sessionId',
        'sessions.csrf_token as csrfToken',
        'sessions.expires_at as expiresAt',
        'sessions.stage as stage',
        'sessions.second_factor as secondFactor',
        'sessions.last_seen_at as lastSeenAt',
      ])
      .where('sessions.id_hash', '=', sessionHash)
      .executeTakeFirst();
    const now = clock.now();
    if (!row || row.disabledAt || !isRole(row.role) || row.expiresAt <= now.toISOString()) {
      // Not an error yet: logging in again with a stale cookie must work. Routes that need a caller say so.
      request.sessionExpired = true;
      return;
    }
    if (!SAFE_METHODS.has(request.method)) {
      const sent = request.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || !sameSecret(sent, row.csrfToken)) throw commonErrors.csrf();
    }
    const role = row.role;
    const stage = await stageOf({ ...row, role });
    if (stage !== 'full') {
      request.loginStep = {
        sessionId: row.sessionId,
        userId: row.userId,
        stage,
        csrfToken: row.csrfToken,
        expiresAt: row.expiresAt,
      };
      return;
    }
    if (!row.lastSeenAt || now.getTime() - Date.parse(row.lastSeenAt) > LAST_USED_RESOLUTION_MS) {
      await db
        .updateTable('sessions')
        .set({ last_seen_at: now.toISOString() })
        .where('id_hash', '=', sessionHash)
        .execute();
    }
    request.actor = {
      userId: row.userId,
      email: row.email,
      role,
      orgId: row.orgId,
      orgSlug: row.orgSlug,
      orgKind: row.orgKind,
      via: 'session',
      sessionId: row.sessionId,
      mfa: row.secondFactor !== null,
    };
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
        again.role === role &&
        again.org_id === row.orgId &&
        again.expires_at > clock.now().toISOString()
      );
    };
  }

  app.addHook('onRequest', async (request) => {
    if (request.routeOptions.config?.anonymous) return;
    const header = request.headers.authorization;
    if (header !== undefined) return fromToken(request, header);
    const sessionId = request.cookies?.[SESSION_COOKIE];
    if (sessionId) return fromSession(request, sessionId);
  });
}

/** The authenticated caller, or a 401 (which says so when the session has a log-in step left). */
export function requireActor(request: FastifyRequest): Actor {
  if (request.actor) return request.actor;
  if (request.loginStep)
    throw request.loginStep.stage === 'enrol'
      ? authErrors.enrolmentRequired()
      : authErrors.secondFactorRequired();
  throw request.sessionExpired ? commonErrors.sessionExpired() : commonErrors.unauthenticated();
}
