import { Type } from 'typebox';
import type { AuditLog } from '../../platform/audit/audit.js';
import { requireActor } from '../../platform/auth/authenticate.js';
import type { Clock } from '../../platform/clock.js';
import type { DatabaseHandle } from '../../platform/db/database.js';
import { inTransaction } from '../../platform/db/transaction.js';
import type { Api } from '../../platform/http/api.js';
import { idempotentTransaction } from '../../platform/http/idempotency.js';
import { answers, conflict, refused } from '../../platform/http/openapi.js';
import { presentOrg } from './orgs.presenter.js';
import {
  AliasesInput,
  DomainsInput,
  OrgInput,
  OrgOut,
  ReviewDeadlineOut,
  RoutingInput,
} from './orgs.schemas.js';
import {
  configureRouting,
  createOrg,
  orgTree,
  parentSlugOf,
  setAliases,
  setDomains,
} from './orgs.usecases.js';

const tags = ['orgs'];
const SlugParams = Type.Object({ slug: Type.String({ maxLength: 64 }) });

/** What the org routes use. */
export interface OrgRoutesDeps {
  handle: DatabaseHandle;
  audit: AuditLog;
  clock: Clock;
  reviewDeadlineMinutes: number;
  maxReviewDeadlineMinutes: number;
}

/** The organization tree: list it, add a body, a ministry's review of its agencies' reports, a body's aliases and domains. */
export function orgRoutes(app: Api, deps: OrgRoutesDeps): void {
  listOrgsRoute(app, deps);
  createOrgRoute(app, deps);
  setRoutingRoute(app, deps);
  replaceAliasesRoute(app, deps);
  replaceDomainsRoute(app, deps);
}

/** GET /api/v1/orgs */
function listOrgsRoute(
  app: Api,
  { handle, reviewDeadlineMinutes, maxReviewDeadlineMinutes }: OrgRoutesDeps,
): void {
  app.get(
    '/api/v1/orgs',
    {
      schema: {
        operationId: 'listOrgs',
        tags,
        summary: 'The organization tree: the center, ministries and their agencies',
        response: {
          200: Type.Object({ items: Type.Array(OrgOut), reviewDeadline: ReviewDeadlineOut }),
        },
      },
    },
    async (request) => {
      requireActor(request);
      const { orgs, slugById } = await orgTree(handle.db);
      return {
        items: orgs.map((o) => presentOrg(o, slugById, maxReviewDeadlineMinutes)),
        reviewDeadline: { defaultMinutes: reviewDeadlineMinutes, maxMinutes: maxReviewDeadlineMinutes },
      };
    },
  );
}

/** POST /api/v1/orgs */
function createOrgRoute(app: Api, { handle, audit, clock, maxReviewDeadlineMinutes }: OrgRoutesDeps): void {
  app.post(
    '/api/v1/orgs',
    {
      config: { idempotent: true },
      schema: {
        operationId: 'createOrg',
        tags,
        summary: 'Add a body (administrator)',
        body: OrgInput,
        response: answers({
          201: OrgOut,
          409: conflict('a body with this slug exists, or a second center was asked for'),
          422: refused(
            'the parent does not suit the kind of body; review by a ministry only, within the longest deadline',
          ),
        }),
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const input = request.body;
      const result = await idempotentTransaction(handle, request, actor, clock.now, async (unit) => {
        const org = await createOrg({ unit, actor, input, audit, clock, maxReviewDeadlineMinutes });
        const body = presentOrg(org, await parentSlugOf(unit.tx, org), maxReviewDeadlineMinutes);
        return { status: 201, body };
      });
      reply.status(result.status);
      return result.body;
    },
  );
}

/** PATCH /api/v1/orgs/:slug/routing */
function setRoutingRoute(app: Api, { handle, audit, clock, maxReviewDeadlineMinutes }: OrgRoutesDeps): void {
  app.patch(
    '/api/v1/orgs/:slug/routing',
    {
      schema: {
        operationId: 'setOrgRouting',
        tags,
        summary: "Choose whether a ministry reviews its agencies' reports before they go to the center",
        params: SlugParams,
        body: RoutingInput,
        response: {
          200: OrgOut,
          422: refused('only a ministry reviews reports, within the longest deadline'),
        },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { slug } = request.params;
      const body = request.body;
      const org = await inTransaction(handle, (unit) =>
        configureRouting({ unit, actor, slug, ...body, audit, clock, maxReviewDeadlineMinutes }),
      );
      return presentOrg(org, await parentSlugOf(handle.db, org), maxReviewDeadlineMinutes);
    },
  );
}

/** PUT /api/v1/orgs/:slug/aliases */
function replaceAliasesRoute(
  app: Api,
  { handle, audit, clock, maxReviewDeadlineMinutes }: OrgRoutesDeps,
): void {
  app.put(
    '/api/v1/orgs/:slug/aliases',
    {
      schema: {
        operationId: 'replaceOrgAliases',
        tags,
        summary: "Replace a body's aliases, which anonymised shares hide (administrator)",
        params: SlugParams,
        body: AliasesInput,
        response: { 200: OrgOut },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { slug } = request.params;
      const { aliases } = request.body;
      const org = await inTransaction(handle, (unit) =>
        setAliases({ unit, actor, slug, aliases, audit, clock }),
      );
      return presentOrg(org, await parentSlugOf(handle.db, org), maxReviewDeadlineMinutes);
    },
  );
}

/** PUT /api/v1/orgs/:slug/domains */
function replaceDomainsRoute(
  app: Api,
  { handle, audit, clock, maxReviewDeadlineMinutes }: OrgRoutesDeps,
): void {
  app.put(
    '/api/v1/orgs/:slug/domains',
    {
      schema: {
        operationId: 'replaceOrgDomains',
        tags,
        summary: "Replace a body's own DNS domains, whose hosts shares redact as internal (administrator)",
        params: SlugParams,
        body: DomainsInput,
        response: { 200: OrgOut },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { slug } = request.params;
      const { domains } = request.body;
      const org = await inTransaction(handle, (unit) =>
        setDomains({ unit, actor, slug, domains, audit, clock }),
      );
      return presentOrg(org, await parentSlugOf(handle.db, org), maxReviewDeadlineMinutes);
    },
  );
}
