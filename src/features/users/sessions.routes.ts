import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { requireActor, SESSION_COOKIE } from '../../platform/auth/authenticate.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { problemResponses as errors } from '../../platform/http/schemas.js';
import type { Services } from '../../services.js';
import { setSessionCookie } from './sessions.cookie.js';
import { failedLogin, logIn, logOut, passwordsDisabled, whoAmI } from './sessions.usecases.js';
import { presentMe } from './users.presenter.js';
import { LoginInput, MeOut } from './users.schemas.js';

/** Browser sessions: log in, log out, and who the caller is. */
export function sessionRoutes(app: FastifyInstance, services: Services): void {
  const { handle, clock, audit, config } = services;
  const deps = { audit, clock };

  app.post(
    '/api/v1/session',
    {
      schema: {
        tags: ['auth'],
        summary: 'Log in with e-mail and password; sets the session cookie and returns the CSRF token',
        body: LoginInput,
        response: {
          200: Type.Object({ csrfToken: Type.String(), expiresAt: Type.String(), me: MeOut }),
          ...errors,
        },
      },
      config: { rateLimit: { max: 20, timeWindow: 60_000 } },
    },
    async (request, reply) => {
      const { email, password } = request.body as { email: string; password: string };
      const session = await logIn({ handle, email, password, ttlMinutes: config.sessionTtlMinutes, deps });
      if (!session) throw failedLogin();
      if (session === 'passwords-disabled') throw passwordsDisabled();
      setSessionCookie(reply, session, config.cookieSecure);
      return {
        csrfToken: session.csrfToken,
        expiresAt: session.expiresAt,
        me: presentMe(session.user, session.org),
      };
    },
  );

  app.delete(
    '/api/v1/session',
    { schema: { tags: ['auth'], summary: 'Log out', response: { 204: Type.Null(), ...errors } } },
    async (request, reply) => {
      const actor = requireActor(request);
      const sessionId = request.cookies[SESSION_COOKIE];
      if (actor.via === 'session' && sessionId)
        await inTransaction(handle, (unit) => logOut({ unit, actor, sessionId, deps }));
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      reply.status(204);
    },
  );

  app.get(
    '/api/v1/me',
    {
      schema: {
        tags: ['auth'],
        summary: 'Who the caller is; for a browser session also its CSRF token',
        response: {
          200: Type.Intersect([MeOut, Type.Object({ csrfToken: Type.Optional(Type.String()) })]),
          ...errors,
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
