import { Type } from 'typebox';
import type { AuditLog } from '../../platform/audit/audit.js';
import { requireActor } from '../../platform/auth/authenticate.js';
import type { Clock } from '../../platform/clock.js';
import type { DatabaseHandle } from '../../platform/db/database.js';
import { inTransaction } from '../../platform/db/transaction.js';
import type { Api } from '../../platform/http/api.js';
import { conflict, refused } from '../../platform/http/openapi.js';
import type { ChangeDeps } from '../changes/changes.deps.js';
import { MAX_BREAK_GLASS, policyBody, readLoginPolicy, setLoginPolicy } from './login-policy.usecases.js';

const Params = Type.Object({ slug: Type.String({ minLength: 1, maxLength: 64 }) });

export const LoginPolicyIn = Type.Object(
  {
    passwordsDisabled: Type.Boolean(),
    breakGlass: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), {
      maxItems: MAX_BREAK_GLASS,
      uniqueItems: true,
    }),
  },
  { additionalProperties: false },
);

export const LoginPolicyOut = Type.Object({
  org: Type.String(),
  passwordsDisabled: Type.Boolean({
    description: "The body's people log in through its identity provider only",
  }),
  breakGlass: Type.Array(
    Type.Object({ id: Type.String(), email: Type.String(), displayName: Type.String(), role: Type.String() }),
    {
      description:
        'Accounts that may still log in with a password (when the identity provider is out of reach)',
    },
  ),
  providers: Type.Array(Type.String(), { description: 'Identity providers in use that log in its people' }),
});

/** What the login policy routes use. */
export interface LoginPolicyRoutesDeps {
  handle: DatabaseHandle;
  audit: AuditLog;
  clock: Clock;
  changeDeps: ChangeDeps;
}

/** A body's login policy: whether local passwords work, and the break-glass accounts that keep them. */
export function loginPolicyRoutes(
  app: Api,
  { handle, audit, clock, changeDeps: changes }: LoginPolicyRoutesDeps,
): void {
  const present = async (org: Awaited<ReturnType<typeof policyBody>>) => {
    const p = await readLoginPolicy(handle.db, org);
    return {
      ...p,
      breakGlass: p.breakGlass.map((u) => ({
        id: u.id,
        email: u.email,
        displayName: u.display_name,
        role: u.role,
      })),
    };
  };

  app.get(
    '/api/v1/orgs/:slug/login-policy',
    {
      schema: {
        operationId: 'getLoginPolicy',
        tags: ['orgs'],
        summary: "A body's login policy (its security officer, administrators)",
        params: Params,
        response: { 200: LoginPolicyOut },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { slug } = request.params;
      return present(await policyBody(handle.db, actor, slug));
    },
  );

  app.put(
    '/api/v1/orgs/:slug/login-policy',
    {
      schema: {
        operationId: 'setLoginPolicy',
        tags: ['orgs'],
        summary:
          "Turn a body's local passwords off or on, and name its break-glass accounts; from an administrator it may wait for the body to confirm (202)",
        params: Params,
        body: LoginPolicyIn,
        response: {
          200: LoginPolicyOut,
          202: Type.Object({ status: Type.Literal('pending'), changeId: Type.String() }),
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
      const outcome = await inTransaction(handle, async (unit) => {
        const org = await policyBody(unit.tx, actor, slug);
        return {
          org,
          outcome: await setLoginPolicy({ unit, actor, org, input, deps: { audit, clock, changes } }),
        };
      });
      if (outcome.outcome.status === 'pending') {
        reply.status(202);
        return outcome.outcome;
      }
      return present(outcome.org);
    },
  );
}
