import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { requireActor, SESSION_COOKIE } from '../../platform/auth/authenticate.js';
import { hashSecret } from '../../platform/auth/secrets.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { commonErrors } from '../../platform/errors.js';
import { problemResponses as errors } from '../../platform/http/schemas.js';
import type { Services } from '../../services.js';
import { presentOrg } from '../incidents/incidents.presenter.js';
import { orgsRepository } from '../orgs/orgs.repository.js';
import { failedLogin, logIn, logOut } from './sessions.usecases.js';
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
      const org = await orgsRepository.byId(handle.db, session.user.org_id);
      if (!org) throw failedLogin();
      reply.setCookie(SESSION_COOKIE, session.sessionId, {
        path: '/',
        httpOnly: true,
        secure: config.cookieSecure,
        sameSite: 'strict',
        expires: new Date(session.expiresAt),
      });
      return {
        csrfToken: session.csrfToken,
        expiresAt: session.expiresAt,
        me: {
          email: session.user.email,
          displayName: session.user.display_name,
          role: session.user.role,
          locale: session.user.locale,
          org: presentOrg(org),
        },
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
      const user = await handle.db
        .selectFrom('users')
        .selectAll()
        .where('id', '=', actor.userId)
        .executeTakeFirstOrThrow();
      const org = await orgsRepository.byId(handle.db, actor.orgId);
      if (!org) throw commonErrors.unauthenticated();
      let csrfToken: string | undefined;
      const sessionId = request.cookies[SESSION_COOKIE];
      if (actor.via === 'session' && sessionId) {
        csrfToken = (
          await handle.db
            .selectFrom('sessions')
            .select('csrf_token')
            .where('id_hash', '=', hashSecret(sessionId))
            .executeTakeFirst()
        )?.csrf_token;
      }
      return {
        email: user.email,
        displayName: user.display_name,
        role: user.role,
        locale: user.locale,
        org: presentOrg(org),
        ...(csrfToken ? { csrfToken } : {}),
      };
    },
  );
}
