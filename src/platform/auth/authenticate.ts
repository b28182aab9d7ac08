import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type Actor, isRole, type OrgKind, type Role } from '../access/roles.js';
import type { Clock } from '../clock.js';
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
    /** The route takes an API token without the Bearer scheme too (`Authorization: <token>`), as MISP sends it. */
    bareToken?: boolean;
    /**
     * The route takes HTTP Basic (the holder's e-mail address and an API token), as TAXII clients and MISP send
     * it. Everywhere else a Basic header is refused: a token sent in a form a browser may cache and replay, to
     * routes that never asked for it, opens nothing.
     */
    basicAuth?: boolean;
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
  basicNotAccepted: () =>
    new AppError(
      401,
      'auth.basic_not_accepted',
      'HTTP Basic is taken by the TAXII server and the MISP feed only: send `Authorization: Bearer <token>`.',
    ),
  readOnlyToken: () =>
    new AppError(403, 'tokens.read_only', 'This API token may only read (GET and HEAD requests).'),
};

/** The person a credential belongs to, as the accounts keep them. */
export interface CredentialHolder {
  userId: string;
  email: string;
  role: string;
  orgId: string;
  disabledAt: string | null;
}

export interface TokenCredential extends CredentialHolder {
  tokenId: string;
  lastUsedAt: string | null;
  readOnly: number;
}

export interface SessionCredential extends CredentialHolder {
  sessionId: string;
  csrfToken: string;
  expiresAt: string;
  stage: string;
  secondFactor: string | null;
  lastSeenAt: string | null;
}

/**
 * What authentication asks of the features that keep accounts, bodies and second factors; the composition root
 * gives it, so that the platform reads none of their tables.
 */
export interface Credentials {
  /** The unrevoked API token with this hash, and its holder. */
  token(tokenHash: string): Promise<TokenCredential | undefined>;
  markTokenUsed(tokenId: string, at: string): Promise<unknown>;
  /** The browser session with this hash, and its holder. */
  session(sessionHash: string): Promise<SessionCredential | undefined>;
  markSessionSeen(sessionHash: string, at: string): Promise<unknown>;
  /** The slug and kind of a body. */
  body(orgId: string): Promise<{ slug: string; kind: OrgKind } | undefined>;
  /** Whether the person has a second factor it could use (a confirmed TOTP secret or a passkey). */
  hasSecondFactor(userId: string): Promise<boolean>;
}

export interface AuthenticationDeps {
  credentials: Credentials;
  clock: Clock;
  /** Roles whose sessions must have passed a second factor to act. */
  mfaRequiredRoles: readonly string[];
}

/**
 * Resolves the caller once per request: an API token (`Authorization: Bearer`, or `Basic` e-mail and token on the
 * routes whose config says `basicAuth`) or a browser session cookie.
 * Cookie-authenticated requests that change anything must echo the session's CSRF token in a header. A session
 * that still owes its second factor (or, for a role that needs one, its enrolment) resolves no actor, only a
 * `loginStep`: every route that needs a caller refuses it, and only the log-in and enrolment routes read it.
 */
export function installAuthentication(app: FastifyInstance, deps: AuthenticationDeps): void {
  const { credentials, clock } = deps;
  app.decorateRequest('actor', null);
  app.decorateRequest('sessionExpired', false);
  app.decorateRequest('loginStep', null);
  app.decorateRequest('stillAuthenticated', async () => false);

  /**
   * The API token of an Authorization header: `Bearer <token>`, or `Basic` with the e-mail address of the
   * token's holder and the token (as TAXII clients send it); an address not the holder's is refused.
   */
  function tokenOf(header: string): { token: string; email?: string } | null {
    const bearer = /^Bearer ([A-Za-z0-9_-]{1,200})$/.exec(header);
    if (bearer?.[1]) return { token: bearer[1] };
    const basic = /^Basic ([A-Za-z0-9+/]{1,800}={0,2})$/.exec(header);
    if (!basic?.[1]) return null;
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
    const colon = decoded.lastIndexOf(':');
    const token = decoded.slice(colon + 1);
    if (colon < 1 || !/^[A-Za-z0-9_-]{1,200}$/.test(token)) return null;
    return { token, email: decoded.slice(0, colon) };
  }

  async function fromToken(request: FastifyRequest, header: string) {
    // MISP's feed client sends the token alone in Authorization: the feed's routes accept that form too.
    const bare = request.routeOptions.config?.bareToken === true;
    const given =
      tokenOf(header) ?? (bare && /^[A-Za-z0-9_-]{1,200}$/.test(header) ? { token: header } : null);
    if (!given) throw commonErrors.unauthenticated();
    if (given.email !== undefined && request.routeOptions.config?.basicAuth !== true)
      throw authErrors.basicNotAccepted();
    const tokenHash = hashSecret(given.token);
    const row = await credentials.token(tokenHash);
    if (!row || row.disabledAt || !isRole(row.role)) throw commonErrors.unauthenticated();
    if (given.email !== undefined && given.email.toLowerCase() !== row.email.toLowerCase())
      throw commonErrors.unauthenticated();
    const body = await credentials.body(row.orgId);
    if (!body) throw commonErrors.unauthenticated();
    if (row.readOnly && !READ_METHODS.has(request.method)) throw authErrors.readOnlyToken();
    const now = clock.now();
    if (!row.lastUsedAt || now.getTime() - Date.parse(row.lastUsedAt) > LAST_USED_RESOLUTION_MS)
      await credentials.markTokenUsed(row.tokenId, now.toISOString());
    request.actor = {
      userId: row.userId,
      email: row.email,
      role: row.role,
      orgId: row.orgId,
      orgSlug: body.slug,
      orgKind: body.kind,
      via: 'token',
      tokenId: row.tokenId,
      readOnly: row.readOnly === 1,
      mfa: false,
    };
    request.stillAuthenticated = async () => {
      const again = await credentials.token(tokenHash);
      return !!again && !again.disabledAt && again.role === row.role && again.orgId === row.orgId;
    };
  }

  /** Where the session stands: its stored stage, unless its role now needs a second factor it has not passed. */
  async function stageOf(row: { stage: string; secondFactor: string | null; role: Role; userId: string }) {
    if (row.stage !== 'full') return row.stage as LoginStage;
    if (row.secondFactor !== null || !deps.mfaRequiredRoles.includes(row.role)) return 'full';
    return (await credentials.hasSecondFactor(row.userId)) ? 'second-factor' : 'enrol';
  }

  async function fromSession(request: FastifyRequest, sessionId: string) {
    const sessionHash = hashSecret(sessionId);
    const row = await credentials.session(sessionHash);
    const now = clock.now();
    const body = row ? await credentials.body(row.orgId) : undefined;
    if (!row || !body || row.disabledAt || !isRole(row.role) || row.expiresAt <= now.toISOString()) {
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
    if (!row.lastSeenAt || now.getTime() - Date.parse(row.lastSeenAt) > LAST_USED_RESOLUTION_MS)
      await credentials.markSessionSeen(sessionHash, now.toISOString());
    request.actor = {
      userId: row.userId,
      email: row.email,
      role,
      orgId: row.orgId,
      orgSlug: body.slug,
      orgKind: body.kind,
      via: 'session',
      sessionId: row.sessionId,
      mfa: row.secondFactor !== null,
    };
    request.stillAuthenticated = async () => {
      const again = await credentials.session(sessionHash);
      return (
        !!again &&
        !again.disabledAt &&
        again.role === role &&
        again.orgId === row.orgId &&
        again.expiresAt > clock.now().toISOString()
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
