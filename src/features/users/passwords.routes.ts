import { Type } from 'typebox';
import { requireActor } from '../../platform/auth/authenticate.js';
import type { Clock } from '../../platform/clock.js';
import type { DatabaseHandle } from '../../platform/db/database.js';
import { inTransaction } from '../../platform/db/transaction.js';
import type { Api } from '../../platform/http/api.js';
import { conflict, refused, throttled } from '../../platform/http/openapi.js';
import { passwordResetLinkRoutes } from './passwords.link.js';
import { localeOf } from './passwords.strength.js';
import type { PasswordDeps } from './passwords.usecases.js';
import { changePassword, requestPasswordReset } from './passwords.usecases.js';

const Password = Type.String({ minLength: 1, maxLength: 1024 });

/** What the password routes use (the reset link's included). */
export interface PasswordRoutesDeps {
  handle: DatabaseHandle;
  clock: Clock;
  passwordDeps: PasswordDeps;
}

/** Passwords: one's own change, and a reset link an administrator has sent to a user's e-mail. */
export function passwordRoutes(app: Api, deps: PasswordRoutesDeps): void {
  changeMyPasswordRoute(app, deps);
  sendPasswordResetRoute(app, deps);
  passwordResetLinkRoutes(app, deps);
}

/** POST /api/v1/me/password */
function changeMyPasswordRoute(app: Api, { handle, passwordDeps: deps }: PasswordRoutesDeps): void {
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
        response: {
          204: Type.Null(),
          422: refused('the current password is wrong; the new one is the same, or too easy to guess'),
          ...throttled,
        },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { currentPassword, newPassword } = request.body;
      const locale = localeOf(request.headers['accept-language']);
      await changePassword({ handle, actor, currentPassword, newPassword, locale, deps });
      reply.status(204);
    },
  );
}

/** POST /api/v1/users/:id/password-reset */
function sendPasswordResetRoute(app: Api, { handle, passwordDeps: deps }: PasswordRoutesDeps): void {
  app.post(
    '/api/v1/users/:id/password-reset',
    {
      schema: {
        operationId: 'sendPasswordReset',
        tags: ['users'],
        summary:
          "Send a one-time link to set a new password to the user's own e-mail (the requester never sees it); earlier links stop working",
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }),
        response: {
          202: Type.Object({ expiresAt: Type.String() }),
          409: conflict('the user is disabled'),
          422: refused('you may not reset your own password'),
        },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { id } = request.params;
      const sent = await inTransaction(handle, (unit) =>
        requestPasswordReset({ unit, actor, userId: id, deps }),
      );
      reply.status(202);
      return sent;
    },
  );
}
