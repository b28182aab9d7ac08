import { requireActor } from '../../platform/auth/authenticate.js';
import type { Clock } from '../../platform/clock.js';
import type { DatabaseHandle, Executor } from '../../platform/db/database.js';
import { inTransaction } from '../../platform/db/transaction.js';
import type { Api } from '../../platform/http/api.js';
import { idempotentTransaction } from '../../platform/http/idempotency.js';
import { answers, conflict, jsonWith, location, refused } from '../../platform/http/openapi.js';
import { addFollowUp, fileQuickReport } from './incidents.filing.js';
import { incidentIndicatorPage } from './incidents.indicators.js';
import { listIncidents } from './incidents.list.js';
import {
  presentCategories,
  presentDelivery,
  presentInContext,
  presentIncident,
  presentIncidents,
  presentReport,
  presentSendBack,
} from './incidents.presenter.js';
import type { IncidentRow } from './incidents.repository.js';
import {
  FileQuery,
  FollowUpInput,
  ForwardInput,
  IncidentDetailOut,
  IncidentIndicatorsPageOut,
  IncidentIndicatorsQuery,
  IncidentListOut,
  IncidentOut,
  IncidentParams,
  ListQuery,
  QuickReportInput,
  SendBackInput,
  TaxonomyOut,
} from './incidents.schemas.js';
import type { IncidentDeps } from './incidents.usecases.js';
import { forwardIncident, incidentContext, readIncident, sendBack } from './incidents.usecases.js';

const tags = ['incidents'];

const present = async (db: Executor, rows: IncidentRow[], deps: IncidentDeps, now: Date) =>
  presentIncidents(rows, await incidentContext(db, rows), deps, now);
const presentOne = async (db: Executor, row: IncidentRow, deps: IncidentDeps, now: Date) =>
  presentInContext(row, await incidentContext(db, [row]), deps, now);

/** What the incident routes use. */
export interface IncidentRoutesDeps {
  handle: DatabaseHandle;
  clock: Clock;
  incidentDeps: IncidentDeps;
}

export function incidentRoutes(app: Api, deps: IncidentRoutesDeps): void {
  fileQuickReportRoute(app, deps);
  listIncidentsRoute(app, deps);
  readIncidentRoute(app, deps);
  readIndicatorsRoute(app, deps);
  addFollowUpRoute(app, deps);
  forwardIncidentRoute(app, deps);
  sendBackRoute(app, deps);
  taxonomyRoute(app, deps);
}

/** GET /api/v1/taxonomy */
function taxonomyRoute(app: Api, { incidentDeps: deps }: IncidentRoutesDeps): void {
  app.get(
    '/api/v1/taxonomy',
    {
      schema: {
        operationId: 'getTaxonomy',
        tags,
        summary: 'The incident categories this deployment offers (its profile), each with its RSIT type',
        response: { 200: TaxonomyOut },
      },
    },
    async (request) => {
      requireActor(request);
      return { profile: deps.taxonomy, categories: presentCategories(deps.taxonomy) };
    },
  );
}

/** POST /api/v1/incidents */
function fileQuickReportRoute(app: Api, { handle, clock, incidentDeps: deps }: IncidentRoutesDeps): void {
  app.post(
    '/api/v1/incidents',
    {
      config: { idempotent: true },
      schema: {
        operationId: 'fileQuickReport',
        tags,
        summary:
          'File a quick report (速報): creates an incident and sends it up the chain (with ?exercise=, as exercise data)',
        body: QuickReportInput,
        querystring: FileQuery,
        response: answers({
          201: jsonWith(IncidentOut, { location }, 'Filed'),
          409: conflict('no center is configured: reports have nowhere to go'),
          422: refused(
            'an exercise not being played or without the caller taking part, or an unknown body on whose behalf; or an indicator that is not valid (its entry and field named)',
          ),
        }),
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const input = request.body;
      const result = await idempotentTransaction(handle, request, actor, clock.now, async (unit) => {
        // Everything needed to answer is known already: no reads after the writes.
        const { incident, org, reviewDueAt } = await fileQuickReport({
          unit,
          actor,
          input,
          deps,
          exerciseId: request.query.exercise,
          onBehalfOf: request.query.onBehalfOf,
        });
        const body = presentIncident(incident, org, deps, clock.now(), reviewDueAt);
        return { status: 201, body };
      });
      reply.status(result.status).header('location', `/api/v1/incidents/${result.body.id}`);
      return result.body;
    },
  );
}

/** GET /api/v1/incidents */
function listIncidentsRoute(app: Api, { handle, clock, incidentDeps: deps }: IncidentRoutesDeps): void {
  app.get(
    '/api/v1/incidents',
    {
      schema: {
        operationId: 'listIncidents',
        tags,
        summary: 'List the incidents the caller may see (filters, search, cursor pagination)',
        querystring: ListQuery,
        response: { 200: IncidentListOut },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return inTransaction(handle, async (unit) => {
        const page = await listIncidents({ unit, actor, query: request.query, deps });
        return {
          items: await present(unit.tx, page.items, deps, clock.now()),
          total: page.total,
          nextCursor: page.nextCursor,
        };
      });
    },
  );
}

/** GET /api/v1/incidents/:id */
function readIncidentRoute(app: Api, { handle, clock, incidentDeps: deps }: IncidentRoutesDeps): void {
  app.get(
    '/api/v1/incidents/:id',
    {
      schema: {
        operationId: 'getIncident',
        tags,
        summary: 'One incident with its reports and deliveries',
        params: IncidentParams,
        response: { 200: IncidentDetailOut },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { id } = request.params;
      return inTransaction(handle, async (unit) => {
        const { incident, reports, deliveries, sendBacks, ...indicators } = await readIncident({
          unit,
          actor,
          incidentId: id,
          deps,
        });
        const body = await presentOne(unit.tx, incident, deps, clock.now());
        return {
          ...body,
          reports: reports.map(presentReport),
          deliveries: deliveries.map(presentDelivery),
          sendBacks: sendBacks.map(presentSendBack),
          ...indicators,
        };
      });
    },
  );
}

/** GET /api/v1/incidents/:id/indicators */
function readIndicatorsRoute(app: Api, { handle, incidentDeps: deps }: IncidentRoutesDeps): void {
  app.get(
    '/api/v1/incidents/:id/indicators',
    {
      schema: {
        operationId: 'listIncidentIndicators',
        tags,
        summary:
          "A page of an incident's indicators, in report order: of one type, holding a text, after a cursor (for those who may read the incident)",
        params: IncidentParams,
        querystring: IncidentIndicatorsQuery,
        response: { 200: IncidentIndicatorsPageOut },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return inTransaction(handle, (unit) =>
        incidentIndicatorPage({ unit, actor, incidentId: request.params.id, query: request.query, deps }),
      );
    },
  );
}

/** POST /api/v1/incidents/:id/reports */
function addFollowUpRoute(app: Api, { handle, clock, incidentDeps: deps }: IncidentRoutesDeps): void {
  app.post(
    '/api/v1/incidents/:id/reports',
    {
      config: { idempotent: true },
      schema: {
        operationId: 'addFollowUpReport',
        tags,
        summary: 'Add an update (続報) or the final report (確報)',
        params: IncidentParams,
        body: FollowUpInput,
        response: answers({
          201: IncidentOut,
          409: conflict('the final report has been filed already'),
          422: refused('an indicator that is not valid (its entry and field named)'),
        }),
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { id } = request.params;
      const result = await idempotentTransaction(handle, request, actor, clock.now, async (unit) => {
        const incident = await addFollowUp({
          unit,
          actor,
          incidentId: id,
          input: request.body,
          deps,
        });
        const body = await presentOne(unit.tx, incident, deps, clock.now());
        return { status: 201, body };
      });
      reply.status(result.status);
      return result.body;
    },
  );
}

/** POST /api/v1/incidents/:id/forward */
function forwardIncidentRoute(app: Api, { handle, clock, incidentDeps: deps }: IncidentRoutesDeps): void {
  app.post(
    '/api/v1/incidents/:id/forward',
    {
      config: { idempotent: true },
      schema: {
        operationId: 'forwardIncident',
        tags,
        summary: 'Forward an agency incident under review to the center (supervising ministry)',
        params: IncidentParams,
        body: ForwardInput,
        response: {
          200: IncidentOut,
          409: conflict('the incident is not waiting for your review'),
        },
      },
      // The note is optional, and so is the whole body: a bare POST (no body, no content type) means {}.
      preValidation: async (request) => {
        request.body ??= {};
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { id } = request.params;
      const { note } = request.body ?? {};
      const result = await idempotentTransaction(handle, request, actor, clock.now, async (unit) => {
        const incident = await forwardIncident({ unit, actor, incidentId: id, note, deps });
        const body = await presentOne(unit.tx, incident, deps, clock.now());
        return { status: 200, body };
      });
      return result.body;
    },
  );
}

/** POST /api/v1/incidents/:id/send-back */
function sendBackRoute(app: Api, { handle, clock, incidentDeps: deps }: IncidentRoutesDeps): void {
  app.post(
    '/api/v1/incidents/:id/send-back',
    {
      config: { idempotent: true },
      schema: {
        operationId: 'sendBackIncident',
        tags,
        summary:
          'Send an agency incident under review back to the agency asking for more (差し戻し; supervising ministry)',
        params: IncidentParams,
        body: SendBackInput,
        response: {
          200: IncidentOut,
          409: conflict(
            'the incident is not waiting for your review, or was sent back already and not answered yet',
          ),
        },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { id } = request.params;
      const { message } = request.body;
      const result = await idempotentTransaction(handle, request, actor, clock.now, async (unit) => {
        const { incident } = await sendBack({ unit, actor, incidentId: id, message, deps });
        const body = await presentOne(unit.tx, incident, deps, clock.now());
        return { status: 200, body };
      });
      return result.body;
    },
  );
}
