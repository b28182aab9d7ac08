import type { FastifyInstance } from 'fastify';
import { requireActor } from '../../platform/auth/authenticate.js';
import type { Executor } from '../../platform/db/database.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { idempotentTransaction } from '../../platform/http/idempotency.js';
import { answers, jsonWith, location } from '../../platform/http/openapi.js';
import type { Services } from '../../services.js';
import { listIncidents } from './incidents.list.js';
import { presentDelivery, presentIncident, presentIncidents, presentReport } from './incidents.presenter.js';
import type { IncidentRow } from './incidents.repository.js';
import {
  FollowUpInput,
  ForwardInput,
  IncidentDetailOut,
  IncidentListOut,
  IncidentOut,
  IncidentParams,
  ListQuery,
  QuickReportInput,
} from './incidents.schemas.js';
import {
  addFollowUp,
  fileQuickReport,
  forwardIncident,
  incidentContext,
  readIncident,
} from './incidents.usecases.js';

const tags = ['incidents'];

export function incidentRoutes(app: FastifyInstance, services: Services): void {
  const { handle, clock, incidentDeps: deps, config } = services;

  const present = async (db: Executor, rows: IncidentRow[]) =>
    presentIncidents(rows, await incidentContext(db, rows), config.reportingTargetMinutes, clock.now());

  app.post(
    '/api/v1/incidents',
    {
      config: { idempotent: true },
      schema: {
        operationId: 'fileQuickReport',
        tags,
        summary: 'File a quick report (速報): creates an incident and sends it up the chain',
        body: QuickReportInput,
        response: answers({ 201: jsonWith(IncidentOut, { location }, 'Filed') }),
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const input = request.body as QuickReportInput;
      const result = await idempotentTransaction(handle, request, actor, clock.now, async (unit) => {
        // Everything needed to answer is known already: no reads after the writes.
        const { incident, org, reviewDueAt } = await fileQuickReport({ unit, actor, input, deps });
        const body = presentIncident(incident, org, config.reportingTargetMinutes, clock.now(), reviewDueAt);
        return { status: 201, body };
      });
      reply
        .status(result.status)
        .header('location', `/api/v1/incidents/${(result.body as { id: string }).id}`);
      return result.body;
    },
  );

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
        const page = await listIncidents({ unit, actor, query: request.query as ListQuery, deps });
        return { items: await present(unit.tx, page.items), total: page.total, nextCursor: page.nextCursor };
      });
    },
  );

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
      const { id } = request.params as { id: string };
      return inTransaction(handle, async (unit) => {
        const { incident, reports, deliveries } = await readIncident({ unit, actor, incidentId: id, deps });
        const [body] = await present(unit.tx, [incident]);
        return { ...body, reports: reports.map(presentReport), deliveries: deliveries.map(presentDelivery) };
      });
    },
  );

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
        response: answers({ 201: IncidentOut }),
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { id } = request.params as { id: string };
      const result = await idempotentTransaction(handle, request, actor, clock.now, async (unit) => {
        const incident = await addFollowUp({
          unit,
          actor,
          incidentId: id,
          input: request.body as FollowUpInput,
          deps,
        });
        const [body] = await present(unit.tx, [incident]);
        return { status: 201, body };
      });
      reply.status(result.status);
      return result.body;
    },
  );

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
        response: { 200: IncidentOut },
      },
      // The note is optional, and so is the whole body: a bare POST (no body, no content type) means {}.
      preValidation: async (request) => {
        request.body ??= {};
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { id } = request.params as { id: string };
      const { note } = (request.body ?? {}) as { note?: string };
      const result = await idempotentTransaction(handle, request, actor, clock.now, async (unit) => {
        const incident = await forwardIncident({ unit, actor, incidentId: id, note, deps });
        const [body] = await present(unit.tx, [incident]);
        return { status: 200, body };
      });
      return result.body;
    },
  );
}
