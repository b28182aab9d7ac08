import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { Role } from '../../platform/access/roles.js';
import { requireActor } from '../../platform/auth/authenticate.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { idempotentTransaction } from '../../platform/http/idempotency.js';
import { problemResponses as errors } from '../../platform/http/schemas.js';
import type { Services } from '../../services.js';
import { localeOf, personalWords } from './passwords.strength.js';
import { presentUser } from './users.presenter.js';
import { UserChangeInput, UserInput, UserOut, UsersQuery } from './users.schemas.js';
import { changeUser, createUser, listUsers, preparePassword, type UserChange } from './users.usecases.js';

/** People of a body: added by an administrator, or by the body's security officer. */
export function userRoutes(app: FastifyInstance, services: Services): void {
  const { handle, clock, audit } = services;
  const deps = { audit, clock };

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
        displayName?: string;
        password?: string;
      };
      const passwordHash = await preparePassword(password, {
        inputs: await personalWords(handle.db, { ...input, orgSlug: input.org }),
        locale: localeOf(request.headers['accept-language']),
        minScore: services.config.passwordMinScore,
      });
      const result = await idempotentTransaction(
        handle,
        request,
        actor,
        clock.now,
        async (unit) => {
          const user = await createUser({ unit, actor, input, deps, passwordHash });
          return {
            status: 201,
            body: presentUser(user, user.org.slug),
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
        summary:
          "Users: an administrator's are everyone (or one body's with org), a security officer's its own body's",
        querystring: UsersQuery,
        response: { 200: Type.Object({ items: Type.Array(UserOut) }), ...errors },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { org } = request.query as { org?: string };
      const users = await listUsers({ db: handle.db, actor, orgSlug: org });
      return { items: users.map((u) => presentUser(u, u.org_slug)) };
    },
  );

  app.patch(
    '/api/v1/users/:id',
    {
      schema: {
        tags: ['users'],
        summary:
          'Change a user: role, display name, or disabled (which ends its sessions and stops its tokens)',
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }),
        body: UserChangeInput,
        response: { 200: UserOut, ...errors },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { id } = request.params as { id: string };
      const input = request.body as UserChange;
      const user = await inTransaction(handle, (unit) =>
        changeUser({ unit, actor, userId: id, input, deps }),
      );
      return presentUser(user, user.org_slug);
    },
  );
}
