import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { Role } from '../../platform/access/roles.js';
import { requireActor } from '../../platform/auth/authenticate.js';
import { idempotentTransaction } from '../../platform/http/idempotency.js';
import { problemResponses as errors } from '../../platform/http/schemas.js';
import type { Services } from '../../services.js';
import { presentUser } from './users.presenter.js';
import { UserInput, UserOut } from './users.schemas.js';
import { createUser, listUsers, preparePassword } from './users.usecases.js';

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
        summary: 'Users of a body',
        querystring: Type.Object({ org: Type.String({ maxLength: 64 }) }, { additionalProperties: false }),
        response: { 200: Type.Object({ items: Type.Array(UserOut) }), ...errors },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { org: orgSlug } = request.query as { org: string };
      const { org, users } = await listUsers({ db: handle.db, actor, orgSlug });
      return { items: users.map((u) => presentUser(u, org.slug)) };
    },
  );
}
