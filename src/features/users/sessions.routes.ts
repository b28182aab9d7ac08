import { Type } from 'typebox';
import type { AuditLog } from '../../platform/audit/audit.js';
import { requireActor, SESSION_COOKIE } from '../../platform/auth/authenticate.js';
import type { Clock } from '../../platform/clock.js';
import type { DatabaseHandle } from '../../platform/db/database.js';
import { inTransaction } from '../../platform/db/transaction.js';
import type { Api } from '../../platform/http/api.js';
import {
  deviceCookie,
  jsonWith,
  sessionCookie,
  sessionCookieCleared,
  throttled,
} from '../../platform/http/openapi.js';
import { DEVICE_COOKIE } from './sessions.devices.js';
import { sessionErrors } from './sessions.errors.js';
import { clientOf, presentLoginStep, setSessionCookies } from './sessions.http.js';
import { endOwnSession, ownSessions } from './sessions.own.js';
import { LoginOut, SessionIdParams, SessionOut } from './sessions.schemas.js';
import type { LoginDeps } from './sessions.usecases.js';
import { failedLogin, logIn, loginProgress, logOut, passwordsDisabled, whoAmI } from './sessions.usecases.js';
import { presentMe, presentSession } from './users.presenter.js';
import { LoginInput, MeOut } from './users.schemas.js';

const tags = ['auth'];

/** What the session routes use. */
export interface SessionRoutesDeps {
  handle: DatabaseHandle;
  clock: Clock;
  audit: AuditLog;
  loginDeps: LoginDeps;
  cookieSecure: boolean;
}

/** Browser sessions: log in (first step), where a log-in stands, log out, who the caller is, my sessions. */
export function sessionRoutes(app: Api, deps: SessionRoutesDeps): void {
  logInRoute(app, deps);
  logInStageRoute(app, deps);
  logOutRoute(app, deps);
  meRoute(app, deps);
  mySessionsRoute(app, deps);
  endMySessionRoute(app, deps);
}

/** POST /api/v1/session */
function logInRoute(app: Api, { handle, loginDeps, cookieSecure }: SessionRoutesDeps): void {
  app.post(
    '/api/v1/session',
    {
      schema: {
        operationId: 'logIn',
        tags,
        summary:
          'Log in with e-mail and password; sets the session cookie, returns the CSRF token and whether a second factor (or its enrolment) comes next',
        body: LoginInput,
        security: [],
        cookies: deviceCookie,
        response: { 200: jsonWith(LoginOut, { 'set-cookie': sessionCookie }), ...throttled },
      },
    },
    async (request, reply) => {
      const { email, password } = request.body;
      const outcome = await logIn({
        handle,
        email,
        password,
        client: clientOf(request),
        deviceSecret: request.cookies[DEVICE_COOKIE],
        deps: loginDeps,
      });
      if (outcome.kind === 'throttled') {
        reply.header('retry-after', String(outcome.retryAfterSeconds));
        throw sessionErrors.throttled(outcome.retryAfterSeconds);
      }
      if (outcome.kind === 'failed') throw failedLogin();
      if (outcome.kind === 'passwords-disabled') throw passwordsDisabled();
      const { session, userId } = outcome;
      setSessionCookies(reply, session, cookieSecure);
      return presentLoginStep(session, await loginProgress(handle.db, session.stage, userId));
    },
  );
}

/** GET /api/v1/session */
function logInStageRoute(app: Api, { handle }: SessionRoutesDeps): void {
  app.get(
    '/api/v1/session',
    {
      schema: {
        operationId: 'getLogInStage',
        tags,
        summary: 'Where the log-in of this browser stands (after a reload between its steps)',
        security: [{ session: [] }],
        response: { 200: LoginOut },
      },
    },
    async (request) => {
      const step = request.loginStep;
      if (step) return presentLoginStep(step, await loginProgress(handle.db, step.stage, step.userId));
      const actor = requireActor(request);
      const { user, org, csrfToken, expiresAt } = await whoAmI({
        db: handle.db,
        actor,
        sessionId: request.cookies[SESSION_COOKIE],
      });
      if (!csrfToken || !expiresAt) throw sessionErrors.notFound();
      return { stage: 'complete' as const, csrfToken, expiresAt, me: presentMe(user, org) };
    },
  );
}

/** DELETE /api/v1/session */
function logOutRoute(app: Api, { handle, audit, clock }: SessionRoutesDeps): void {
  app.delete(
    '/api/v1/session',
    {
      schema: {
        operationId: 'logOut',
        tags,
        summary: 'Log out (also in the middle of logging in)',
        response: {
          204: {
            description: 'Logged out',
            headers: { 'set-cookie': sessionCookieCleared },
            type: 'null',
          },
        },
      },
    },
    async (request, reply) => {
      const sessionId = request.cookies[SESSION_COOKIE];
      const step = request.loginStep;
      const deps = { audit, clock };
      if (step && sessionId) {
        await inTransaction(handle, (unit) =>
          logOut({ unit, userId: step.userId, orgId: null, sessionId, deps }),
        );
      } else {
        const actor = requireActor(request);
        if (actor.via === 'session' && sessionId)
          await inTransaction(handle, (unit) =>
            logOut({ unit, userId: actor.userId, orgId: actor.orgId, sessionId, deps }),
          );
      }
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      reply.status(204);
    },
  );
}

/** GET /api/v1/me */
function meRoute(app: Api, { handle }: SessionRoutesDeps): void {
  app.get(
    '/api/v1/me',
    {
      schema: {
        operationId: 'getMe',
        tags,
        summary: 'Who the caller is; for a browser session also its CSRF token',
        response: {
          200: Type.Intersect([MeOut, Type.Object({ csrfToken: Type.Optional(Type.String()) })]),
        },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { user, org, csrfToken } = await whoAmI({
        db: handle.db,
        actor,
        sessionId: request.cookies[SESSION_COOKIE],
      });
      return { ...presentMe(user, org), ...(csrfToken ? { csrfToken } : {}) };
    },
  );
}

/** GET /api/v1/me/sessions */
function mySessionsRoute(app: Api, { handle, clock }: SessionRoutesDeps): void {
  app.get(
    '/api/v1/me/sessions',
    {
      schema: {
        operationId: 'listMySessions',
        tags,
        summary: 'Your browser sessions that have not expired (which one is this, where from, last seen)',
        response: { 200: Type.Object({ items: Type.Array(SessionOut) }) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return { items: (await ownSessions(handle.db, actor, clock.now())).map(presentSession) };
    },
  );
}

/** DELETE /api/v1/me/sessions/:id */
function endMySessionRoute(app: Api, { handle, audit, clock }: SessionRoutesDeps): void {
  app.delete(
    '/api/v1/me/sessions/:id',
    {
      schema: {
        operationId: 'endMySession',
        tags,
        summary: 'End one of your browser sessions',
        params: SessionIdParams,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { id } = request.params;
      await inTransaction(handle, (unit) =>
        endOwnSession({ unit, actor, sessionId: id, deps: { audit, clock } }),
      );
      reply.status(204);
    },
  );
}
