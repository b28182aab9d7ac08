import { requireActor } from '../../platform/auth/authenticate.js';
import { fiscalYearOf } from '../../platform/calendar.js';
import type { Clock } from '../../platform/clock.js';
import type { DatabaseHandle } from '../../platform/db/database.js';
import { inTransaction } from '../../platform/db/transaction.js';
import type { Api } from '../../platform/http/api.js';
import { idempotentTransaction } from '../../platform/http/idempotency.js';
import { answers, conflict, jsonWith, location, refused } from '../../platform/http/openapi.js';
import type { CampaignDeps } from './campaigns.deps.js';
import { presentCampaign } from './campaigns.presenter.js';
import {
  CampaignInput,
  CampaignListOut,
  CampaignOut,
  FiscalYearQuery,
  IdParams,
} from './campaigns.schemas.js';
import {
  closeCampaign,
  confirmCampaign,
  listCampaigns,
  readCampaign,
  startCampaign,
} from './campaigns.usecases.js';

const tags = ['contact campaigns'];

/** What the campaign routes use. */
export interface CampaignRoutesDeps {
  handle: DatabaseHandle;
  clock: Clock;
  campaignDeps: CampaignDeps;
}

/** Verification campaigns (連絡体制の確認): bodies confirm their contact structure by a deadline. */
export function campaignRoutes(app: Api, deps: CampaignRoutesDeps): void {
  startCampaignRoute(app, deps);
  listCampaignsRoute(app, deps);
  readCampaignRoute(app, deps);
  confirmContactsRoute(app, deps);
  closeCampaignRoute(app, deps);
}

/** POST /api/v1/contact-campaigns */
function startCampaignRoute(app: Api, { handle, clock, campaignDeps: deps }: CampaignRoutesDeps): void {
  app.post(
    '/api/v1/contact-campaigns',
    {
      config: { idempotent: true },
      schema: {
        operationId: 'startContactCampaign',
        tags,
        summary:
          "Ask bodies to confirm their contact structure by a date (the center's coordinators; a ministry's security officer for its agencies)",
        body: CampaignInput,
        response: answers({
          201: jsonWith(CampaignOut, { location }, 'Started'),
          422: refused('no body to ask, or a deadline that has ended'),
        }),
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const input = request.body;
      const result = await idempotentTransaction(handle, request, actor, clock.now, async (unit) => ({
        status: 201,
        body: presentCampaign(await startCampaign({ unit, actor, input, deps })),
      }));
      const body = result.body;
      reply.status(result.status).header('location', `/api/v1/contact-campaigns/${body.id}`);
      return body;
    },
  );
}

/** GET /api/v1/contact-campaigns */
function listCampaignsRoute(app: Api, { handle, clock, campaignDeps: deps }: CampaignRoutesDeps): void {
  app.get(
    '/api/v1/contact-campaigns',
    {
      schema: {
        operationId: 'listContactCampaigns',
        tags,
        summary: 'The campaigns of a fiscal year, each with the bodies the caller may see',
        querystring: FiscalYearQuery,
        response: { 200: CampaignListOut },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { fiscalYear = fiscalYearOf(clock.now(), deps.timeZone) } = request.query;
      const views = await listCampaigns(handle.db, actor, fiscalYear);
      return { fiscalYear, items: views.map(presentCampaign) };
    },
  );
}

/** GET /api/v1/contact-campaigns/:id */
function readCampaignRoute(app: Api, { handle, campaignDeps: deps }: CampaignRoutesDeps): void {
  app.get(
    '/api/v1/contact-campaigns/:id',
    {
      schema: {
        operationId: 'getContactCampaign',
        tags,
        summary: 'A campaign: per body (that the caller may see) whether it confirmed',
        params: IdParams,
        response: { 200: CampaignOut },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { id } = request.params;
      return presentCampaign(await inTransaction(handle, (unit) => readCampaign({ unit, actor, id, deps })));
    },
  );
}

/** POST /api/v1/contact-campaigns/:id/confirm */
function confirmContactsRoute(app: Api, { handle, campaignDeps: deps }: CampaignRoutesDeps): void {
  app.post(
    '/api/v1/contact-campaigns/:id/confirm',
    {
      schema: {
        operationId: 'confirmContactCampaign',
        tags,
        summary: "The body's security officer confirms its contact structure (its contacts are verified)",
        params: IdParams,
        response: { 200: CampaignOut, 409: conflict('the campaign is closed') },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { id } = request.params;
      return presentCampaign(
        await inTransaction(handle, (unit) => confirmCampaign({ unit, actor, id, deps })),
      );
    },
  );
}

/** POST /api/v1/contact-campaigns/:id/close */
function closeCampaignRoute(app: Api, { handle, campaignDeps: deps }: CampaignRoutesDeps): void {
  app.post(
    '/api/v1/contact-campaigns/:id/close',
    {
      schema: {
        operationId: 'closeContactCampaign',
        tags,
        summary: 'Close a campaign (the body that started it); confirmations are kept as they stand',
        params: IdParams,
        response: { 200: CampaignOut, 409: conflict('the campaign is closed already') },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { id } = request.params;
      return presentCampaign(await inTransaction(handle, (unit) => closeCampaign({ unit, actor, id, deps })));
    },
  );
}
