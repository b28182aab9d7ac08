import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { requireActor } from '../../platform/auth/authenticate.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { throttled } from '../../platform/http/openapi.js';
import type { Services } from '../../services.js';
import { passwordResetLinkRoutes } from './passwords.link.js';
import { localeOf } from './passwords.strength.js';
import { changePassword, requestPasswordReset } from './passwords.usecases.js';

const Password = Type.String({ minLength: 1, maxLength: 1024 });

/** Passwords: one's own change, and a reset link an administrator has sent to a user's e-mail. */
export function passwordRoutes(app: FastifyInstance, services: Services): void {
  const { handle } = services;
  const deps = services.passwordDeps;

  app.post(
    '/api/v1/me/password',
    {
      schema: {
        operationId: 'changeMyPassword',
        tags: ['auth'],
        summary: 'Change your password (the current one is needed); your other sessions end',
        body: Type.Object(
          { currentPassword: Password, newPassword: Password },
          { additionalProperties: false },
        ),
        response: { 204: Type.Null(), ...throttled },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { currentPassword, newPassword } = request.body as {
        currentPassword: string;
        newPassword: string;
      };
      const locale = localeOf(request.headers['accept-language']);
      await changePassword({ handle, actor, currentPassword, newPassword, locale, deps });
      reply.status(204);
    },
  );

  app.post(
    '/api/v1/users/:id/password-reset',
    {
      schema: {
        operationId: 'sendPasswordReset',
        tags: ['users'],
        summary:
          "Send a one-time link to set a new password to the user's own e-mail (the requester never sees it); earlier links stop working",
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }),
        response: { 202: Type.Object({ expiresAt: Type.String() }) },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { id } = request.params as { id: string };
      const sent = await inTransaction(handle, (unit) =>
        requestPasswordReset({ unit, actor, userId: id, deps }),
      );
      reply.status(202);
      return sent;
    },
  );

  passwordResetLinkRoutes(app, services);
}
