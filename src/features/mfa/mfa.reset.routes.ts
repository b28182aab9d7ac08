import { Type } from 'typebox';
import { requireActor } from '../../platform/auth/authenticate.js';
import type { Clock } from '../../platform/clock.js';
import type { DatabaseHandle } from '../../platform/db/database.js';
import { inTransaction } from '../../platform/db/transaction.js';
import type { Api } from '../../platform/http/api.js';
import { conflict, refused } from '../../platform/http/openapi.js';
import type { ChangeDeps } from '../changes/changes.deps.js';
import { presentChange } from '../changes/changes.presenter.js';
import { ChangeOut } from '../changes/changes.schemas.js';
import { changeView } from '../changes/changes.views.js';
import { requestFactorReset } from './mfa.reset.js';

/** What the second-factor reset route uses. */
export interface MfaResetRoutesDeps {
  handle: DatabaseHandle;
  clock: Clock;
  changeDeps: ChangeDeps;
}

/** An administrator's (or a security officer's) request to reset a user's second factors: a pending change. */
export function mfaResetRoutes(app: Api, { handle, clock, changeDeps }: MfaResetRoutesDeps): void {
  app.post(
    '/api/v1/users/:id/mfa-reset',
    {
      schema: {
        operationId: 'requestMfaReset',
        tags: ['users'],
        summary:
          "Ask to reset a user's second factors (authenticator app, recovery codes, passkeys): applied when the body's security officer (or a second administrator) confirms it",
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }),
        response: {
          202: ChangeOut,
          409: conflict('a change about this person is waiting already, or nobody may confirm it'),
          422: refused('you may not reset your own second factors'),
        },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { id } = request.params;
      const change = await inTransaction(handle, async (unit) => {
        const row = await requestFactorReset({ unit, actor, userId: id, changes: changeDeps });
        const shown = presentChange(await changeView(unit.tx, actor, row, clock.now()));
        return shown;
      });
      reply.status(202);
      return change;
    },
  );
}
