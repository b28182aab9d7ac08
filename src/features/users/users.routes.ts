import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { Role } from '../../platform/access/roles.js';
import { can } from '../../platform/access/rules.js';
import { requireActor, SESSION_COOKIE } from '../../platform/auth/authenticate.js';
import { hashSecret } from '../../platform/auth/secrets.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { commonErrors } from '../../platform/errors.js';
import { idempotentTransaction } from '../../platform/http/idempotency.js';
import { ProblemOut } from '../../platform/http/schemas.js';
import type { Services } from '../../services.js';
import { presentOrg } from '../incidents/incidents.presenter.js';
import { orgErrors } from '../orgs/orgs.errors.js';
import { orgsRepository } from '../orgs/orgs.repository.js';
import { failedLogin, logIn, logOut } from './sessions.usecases.js';
import { LoginInput, MeOut, TokenInput, TokenOut, UserInput, UserOut } from './users.schemas.js';
import { createToken, createUser, preparePassword, revokeToken } from './users.usecases.js';

const errors = {
  400: ProblemOut,
  401: ProblemOut,
  403: ProblemOut,
  404: ProblemOut,
  409: ProblemOut,
  422: ProblemOut,
};

export function userRoutes(app: FastifyInstance, services: Services): void {
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

  app.post(
    '/api/v1/users',
    {
      schema: {
        tags: ['users'],
        summary: 'Add a user to a body',
        body: UserInput,
        response: { 201: UserOut, ...errors },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { password, ...input } = request.body as {
        org: string;
        role: Role;
        email: string;
        password?: string;
      };
      const passwordHash = await preparePassword(password);
      const result = await idempotentTransaction(
        handle,
        request,
        actor,
        clock.now,
        async (unit) => {
          const user = await createUser({ unit, actor, input, deps, passwordHash });
          return {
            status: 201,
            body: {
              id: user.id,
              email: user.email,
              displayName: user.display_name,
              role: user.role,
              orgSlug: user.org.slug,
              createdAt: user.created_at,
            },
          };
        },
        input,
      );
      reply.status(result.status);
      return result.body;
    },
  );

  app.get(
    '/api/v1/users',
    {
      schema: {
        tags: ['users'],
        summary: 'Users of a body',
        querystring: Type.Object({ org: Type.String({ maxLength: 64 }) }, { additionalProperties: false }),
        response: { 200: Type.Object({ items: Type.Array(UserOut) }), ...errors },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { org: slug } = request.query as { org: string };
      const org = await orgsRepository.bySlug(handle.db, slug);
      if (!org) throw orgErrors.notFound();
      if (!can.readUsers(actor, org.id)) throw commonErrors.forbidden();
      const rows = await handle.db
        .selectFrom('users')
        .selectAll()
        .where('org_id', '=', org.id)
        .orderBy('email')
        .execute();
      return {
        items: rows.map((u) => ({
          id: u.id,
          email: u.email,
          displayName: u.display_name,
          role: u.role,
          orgSlug: org.slug,
          createdAt: u.created_at,
        })),
      };
    },
  );

  const presentToken = (t: {
    id: string;
    name: string;
    created_at: string;
    last_used_at: string | null;
    revoked_at: string | null;
  }) => ({
    id: t.id,
    name: t.name,
    createdAt: t.created_at,
    lastUsedAt: t.last_used_at,
    revokedAt: t.revoked_at,
  });

  app.post(
    '/api/v1/tokens',
    {
      schema: {
        tags: ['auth'],
        summary: 'Create an API token for yourself; the secret is shown once',
        body: TokenInput,
        response: { 201: Type.Intersect([TokenOut, Type.Object({ token: Type.String() })]), ...errors },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { name } = request.body as { name: string };
      const token = await inTransaction(handle, (unit) =>
        createToken({ unit, actor, userId: actor.userId, name, deps }),
      );
      reply.status(201);
      return { ...presentToken(token), token: token.secret };
    },
  );

  app.get(
    '/api/v1/tokens',
    {
      schema: {
        tags: ['auth'],
        summary: 'Your API tokens',
        response: { 200: Type.Object({ items: Type.Array(TokenOut) }), ...errors },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const rows = await handle.db
        .selectFrom('api_tokens')
        .selectAll()
        .where('user_id', '=', actor.userId)
        .orderBy('created_at', 'desc')
        .execute();
      return { items: rows.map(presentToken) };
    },
  );

  app.delete(
    '/api/v1/tokens/:id',
    {
      schema: {
        tags: ['auth'],
        summary: 'Revoke an API token',
        params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { id } = request.params as { id: string };
      await inTransaction(handle, (unit) => revokeToken({ unit, actor, tokenId: id, deps }));
      reply.status(204);
    },
  );
}
