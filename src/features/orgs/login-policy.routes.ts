import { Type } from 'typebox';
import type { AuditLog } from '../../platform/audit/audit.js';
import { requireActor } from '../../platform/auth/authenticate.js';
import type { Clock } from '../../platform/clock.js';
import type { DatabaseHandle } from '../../platform/db/database.js';
import { inTransaction } from '../../platform/db/transaction.js';
import type { Api } from '../../platform/http/api.js';
import { conflict, refused } from '../../platform/http/openapi.js';
import type { ChangeDeps } from '../changes/changes.deps.js';
import { presentLoginPolicy } from './login-policy.presenter.js';
import { LoginPolicyIn, LoginPolicyOut, LoginPolicyPendingOut } from './login-policy.schemas.js';
import { policyBody, readLoginPolicy, setLoginPolicy } from './login-policy.usecases.js';

const tags = ['orgs'];
const Params = Type.Object({ slug: Type.String({ minLength: 1, maxLength: 64 }) });

/** What the login policy routes use. */
export interface LoginPolicyRoutesDeps {
  handle: DatabaseHandle;
  audit: AuditLog;
  clock: Clock;
  changeDeps: ChangeDeps;
}

/** A body's login policy: whether local passwords work, and the break-glass accounts that keep them. */
export function loginPolicyRoutes(app: Api, deps: LoginPolicyRoutesDeps): void {
  readLoginPolicyRoute(app, deps);
  setLoginPolicyRoute(app, deps);
}

/** GET /api/v1/orgs/:slug/login-policy */
function readLoginPolicyRoute(app: Api, { handle }: LoginPolicyRoutesDeps): void {
  app.get(
    '/api/v1/orgs/:slug/login-policy',
    {
      schema: {
        operationId: 'getLoginPolicy',
        tags,
        summary: "A body's login policy (its security officer, administrators)",
        params: Params,
        response: { 200: LoginPolicyOut },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { slug } = request.params;
      const org = await policyBody(handle.db, actor, slug);
      return presentLoginPolicy(await readLoginPolicy(handle.db, org));
    },
  );
}

/** PUT /api/v1/orgs/:slug/login-policy */
function setLoginPolicyRoute(
  app: Api,
  { handle, audit, clock, changeDeps: changes }: LoginPolicyRoutesDeps,
): void {
  app.put(
    '/api/v1/orgs/:slug/login-policy',
    {
      schema: {
        operationId: 'setLoginPolicy',
        tags,
        summary:
          "Turn a body's local passwords off or on, and name its break-glass accounts; from an administrator it may wait for the body to confirm (202)",
        params: Params,
        body: LoginPolicyIn,
        response: {
          200: LoginPolicyOut,
          202: LoginPolicyPendingOut,
          409: conflict('a change of this body is waiting already, or nobody may confirm it'),
          422: refused(
            'passwords go off only where an identity provider in use logs the body in; break-glass accounts are active users of the body',
          ),
        },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { slug } = request.params;
      const input = request.body;
      const { org, outcome } = await inTransaction(handle, async (unit) => {
        const org = await policyBody(unit.tx, actor, slug);
        return {
          org,
          outcome: await setLoginPolicy({ unit, actor, org, input, deps: { audit, clock, changes } }),
        };
      });
      if (outcome.status === 'pending') {
        reply.status(202);
        return outcome;
      }
      return presentLoginPolicy(await readLoginPolicy(handle.db, org));
    },
  );
}
