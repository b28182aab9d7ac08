import { Type } from 'typebox';
import { can } from '../../platform/access/rules.js';
import type { AuditLog } from '../../platform/audit/audit.js';
import { requireActor } from '../../platform/auth/authenticate.js';
import type { Clock } from '../../platform/clock.js';
import type { DatabaseHandle } from '../../platform/db/database.js';
import { inTransaction } from '../../platform/db/transaction.js';
import type { Api } from '../../platform/http/api.js';
import { tokenErrors } from './tokens.errors.js';
import { createToken, listTokens, revokeToken } from './tokens.usecases.js';
import { presentToken } from './users.presenter.js';
import { TokenInput, TokenOut } from './users.schemas.js';

const tags = ['auth'];

/** What the token routes use. */
export interface TokenRoutesDeps {
  handle: DatabaseHandle;
  clock: Clock;
  audit: AuditLog;
}

/** API tokens of the caller: create (the secret is shown once), list, revoke. */
export function tokenRoutes(app: Api, deps: TokenRoutesDeps): void {
  createTokenRoute(app, deps);
  listTokensRoute(app, deps);
  revokeTokenRoute(app, deps);
}

/** POST /api/v1/tokens */
function createTokenRoute(app: Api, { handle, audit, clock }: TokenRoutesDeps): void {
  app.post(
    '/api/v1/tokens',
    {
      schema: {
        operationId: 'createToken',
        tags,
        summary:
          'Create an API token for yourself (from a browser session that passed a second factor); the secret is shown once',
        body: TokenInput,
        response: { 201: Type.Intersect([TokenOut, Type.Object({ token: Type.String() })]) },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { name, readOnly } = request.body;
      if (!can.createToken(actor)) throw tokenErrors.secondFactorRequired();
      const token = await inTransaction(handle, (unit) =>
        createToken({ unit, actor, userId: actor.userId, name, readOnly, deps: { audit, clock } }),
      );
      reply.status(201);
      return { ...presentToken(token), token: token.secret };
    },
  );
}

/** GET /api/v1/tokens */
function listTokensRoute(app: Api, { handle }: TokenRoutesDeps): void {
  app.get(
    '/api/v1/tokens',
    {
      schema: {
        operationId: 'listTokens',
        tags,
        summary: 'Your API tokens',
        response: { 200: Type.Object({ items: Type.Array(TokenOut) }) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return { items: (await listTokens(handle.db, actor)).map(presentToken) };
    },
  );
}

/** DELETE /api/v1/tokens/:id */
function revokeTokenRoute(app: Api, { handle, audit, clock }: TokenRoutesDeps): void {
  app.delete(
    '/api/v1/tokens/:id',
    {
      schema: {
        operationId: 'revokeToken',
        tags,
        summary: 'Revoke an API token',
        params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { id } = request.params;
      await inTransaction(handle, (unit) =>
        revokeToken({ unit, actor, tokenId: id, deps: { audit, clock } }),
      );
      reply.status(204);
    },
  );
}
