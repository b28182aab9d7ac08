import { can } from '../../platform/access/rules.js';
import { audited } from '../../platform/audit/audit.js';
import { requireActor } from '../../platform/auth/authenticate.js';
import type { Clock } from '../../platform/clock.js';
import type { DatabaseHandle } from '../../platform/db/database.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { commonErrors } from '../../platform/errors.js';
import type { Api } from '../../platform/http/api.js';
import { idempotentTransaction } from '../../platform/http/idempotency.js';
import { answers, conflict, refused } from '../../platform/http/openapi.js';
import { consentViews, listConsentRequests, standingViews } from './consent.list.js';
import { answerable, decideConsent } from './consent.usecases.js';
import type { SharingDeps } from './sharing.deps.js';
import { sharesRepository } from './sharing.repository.js';
import {
  ConsentListOut,
  ConsentListQuery,
  ConsentRequestOut,
  DecisionInput,
  ShareParams,
  StandingConsentInput,
  StandingConsentOut,
  StandingListOut,
} from './sharing.schemas.js';
import { createStanding, revokeStanding } from './standing.js';

const tags = ['consent'];

/** What the consent routes use. */
export interface ConsentRoutesDeps {
  handle: DatabaseHandle;
  clock: Clock;
  sharingDeps: SharingDeps;
}

export function consentRoutes(app: Api, deps: ConsentRoutesDeps): void {
  listConsentRequestsRoute(app, deps);
  readConsentRequestRoute(app, deps);
  decideConsentRoute(app, deps);
  listStandingConsentsRoute(app, deps);
  createStandingConsentRoute(app, deps);
  revokeStandingConsentRoute(app, deps);
}

/** GET /api/v1/consent-requests */
function listConsentRequestsRoute(app: Api, { handle, sharingDeps: deps }: ConsentRoutesDeps): void {
  app.get(
    '/api/v1/consent-requests',
    {
      schema: {
        operationId: 'listConsentRequests',
        tags,
        summary: "The consent requests of the caller's body (its security officers), pending first",
        querystring: ConsentListQuery,
        response: { 200: ConsentListOut },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { status = 'all' } = request.query;
      return inTransaction(handle, async (unit) => ({
        items: await listConsentRequests({ unit, actor, status, deps }),
      }));
    },
  );
}

/** GET /api/v1/consent-requests/:id */
function readConsentRequestRoute(app: Api, { handle, clock, sharingDeps: deps }: ConsentRoutesDeps): void {
  app.get(
    '/api/v1/consent-requests/:id',
    {
      schema: {
        operationId: 'getConsentRequest',
        tags,
        summary: 'One consent request with its share',
        params: ShareParams,
        response: { 200: ConsentRequestOut },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { id } = request.params;
      return inTransaction(handle, async (unit) => {
        const { request: row } = await answerable(unit, actor, id);
        await deps.audit.append(unit, audited(actor, 'consent.read', 'consent_request', id), clock.now());
        const [item] = await consentViews(unit, actor, [row], clock.now(), deps.incidentNumberPrefix);
        return item;
      });
    },
  );
}

/** POST /api/v1/consent-requests/:id/decision */
function decideConsentRoute(app: Api, { handle, clock, sharingDeps: deps }: ConsentRoutesDeps): void {
  app.post(
    '/api/v1/consent-requests/:id/decision',
    {
      config: { idempotent: true },
      schema: {
        operationId: 'decideConsentRequest',
        tags,
        summary: 'Approve (optionally on stricter terms) or reject a consent request',
        params: ShareParams,
        body: DecisionInput,
        response: {
          200: ConsentRequestOut,
          409: conflict(
            'the request was answered, superseded or withdrawn, its deadline passed, or the terms changed since you read them',
          ),
          422: refused('consent on looser terms than those asked for'),
        },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { id } = request.params;
      const result = await idempotentTransaction(handle, request, actor, clock.now, async (unit) => {
        const { request: decided } = await decideConsent({
          unit,
          actor,
          id,
          input: request.body,
          deps,
        });
        const [item] = await consentViews(unit, actor, [decided], clock.now(), deps.incidentNumberPrefix);
        return { status: 200, body: item };
      });
      return result.body;
    },
  );
}

/** GET /api/v1/standing-consents */
function listStandingConsentsRoute(app: Api, { handle }: ConsentRoutesDeps): void {
  app.get(
    '/api/v1/standing-consents',
    {
      schema: {
        operationId: 'listStandingConsents',
        tags,
        summary: "Standing consents: the caller's body's (security officer), or all (center)",
        response: { 200: StandingListOut },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const all = can.readAllShares(actor);
      if (!all && !can.answerConsent(actor, { orgId: actor.orgId }))
        throw commonErrors.forbidden('Security officers manage standing consents.');
      return inTransaction(handle, async (unit) => ({
        items: await standingViews(unit, await sharesRepository.standing(unit.tx, all ? null : actor.orgId)),
      }));
    },
  );
}

/** POST /api/v1/standing-consents */
function createStandingConsentRoute(app: Api, { handle, clock, sharingDeps: deps }: ConsentRoutesDeps): void {
  app.post(
    '/api/v1/standing-consents',
    {
      config: { idempotent: true },
      schema: {
        operationId: 'grantStandingConsent',
        tags,
        summary: 'Pre-approve routine sharing of this body (security officer)',
        body: StandingConsentInput,
        response: answers({ 201: StandingConsentOut }),
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const result = await idempotentTransaction(handle, request, actor, clock.now, async (unit) => {
        const row = await createStanding({ unit, actor, input: request.body, deps });
        const [body] = await standingViews(unit, [row]);
        return { status: 201, body };
      });
      reply.status(result.status);
      return result.body;
    },
  );
}

/** POST /api/v1/standing-consents/:id/revoke */
function revokeStandingConsentRoute(app: Api, { handle, sharingDeps: deps }: ConsentRoutesDeps): void {
  app.post(
    '/api/v1/standing-consents/:id/revoke',
    {
      schema: {
        operationId: 'revokeStandingConsent',
        tags,
        summary: 'Revoke a standing consent (future shares need an answer again)',
        params: ShareParams,
        response: {
          200: StandingConsentOut,
          409: conflict('the standing consent has been revoked already'),
        },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { id } = request.params;
      return inTransaction(handle, async (unit) => {
        const row = await revokeStanding({ unit, actor, id, deps });
        const [body] = await standingViews(unit, [row]);
        return body;
      });
    },
  );
}
