import { requireActor } from '../../platform/auth/authenticate.js';
import type { Executor } from '../../platform/db/database.js';
import { inTransaction } from '../../platform/db/transaction.js';
import type { Api } from '../../platform/http/api.js';
import { answers, conflict, jsonWith, location } from '../../platform/http/openapi.js';
import { usersReads } from '../users/users.reads.js';
import { presentReport } from './reports.presenter.js';
import type { ReportRow } from './reports.repository.js';
import {
  CorrectionInput,
  DraftEdit,
  DraftInput,
  IntervalInput,
  IssueInput,
  ReportListOut,
  ReportOut,
  ReportParams,
} from './reports.schemas.js';
import {
  correctReport,
  draftReport,
  editDraft,
  issueReport,
  listReports,
  readReport,
  setReportInterval,
} from './reports.usecases.js';
import type { SituationRoutesDeps } from './situations.routes.js';
import { IdParams } from './situations.schemas.js';

const tags = ['situations'];
const base = '/api/v1/situations/:id/reports';
const at = (situationId: string, reportId: string) =>
  `/api/v1/situations/${encodeURIComponent(situationId)}/reports/${encodeURIComponent(reportId)}`;

/** Situation reports (状況報告): drafts, issue, corrections, the list, one report, the interval. */
export function reportRoutes(app: Api, deps: SituationRoutesDeps): void {
  listRoute(app, deps);
  readRoute(app, deps);
  draftRoute(app, deps);
  editRoute(app, deps);
  issueRoute(app, deps);
  correctRoute(app, deps);
  intervalRoute(app, deps);
}

async function present(db: Executor, rows: ReportRow[], siblings: ReportRow[]) {
  const names = await usersReads.byIds(db, [...new Set(rows.flatMap((r) => r.issued_by ?? []))]);
  const byId = new Map([...names].map(([id, p]) => [id, p.displayName]));
  return rows.map((r) => presentReport(r, siblings, byId));
}

function listRoute(app: Api, { handle, situationDeps: deps }: SituationRoutesDeps): void {
  app.get(
    base,
    {
      schema: {
        operationId: 'listSituationReports',
        tags,
        summary:
          "A situation's reports (状況報告): issued ones to everyone who sees the situation, newest first with every version; drafts to the center only; when the next is due",
        params: IdParams,
        response: { 200: ReportListOut },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { rows, schedule } = await listReports(handle.db, actor, request.params.id, deps);
      const shown = await present(handle.db, rows, rows);
      return {
        items: shown.filter((r) => r.status === 'issued'),
        drafts: shown.filter((r) => r.status === 'draft'),
        schedule,
      };
    },
  );
}

function readRoute(app: Api, { handle }: SituationRoutesDeps): void {
  app.get(
    `${base}/:reportId`,
    {
      schema: {
        operationId: 'getSituationReport',
        tags,
        summary: 'One version of a situation report (a draft: the center only)',
        params: ReportParams,
        response: { 200: ReportOut },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { row, siblings } = await readReport(
        handle.db,
        actor,
        request.params.id,
        request.params.reportId,
      );
      const [shown] = await present(handle.db, [row], siblings);
      return shown as NonNullable<typeof shown>;
    },
  );
}

function draftRoute(app: Api, { handle, situationDeps: deps }: SituationRoutesDeps): void {
  app.post(
    base,
    {
      schema: {
        operationId: 'draftSituationReport',
        tags,
        summary: "Draft a situation report (the center's coordinators); seen by the center only until issued",
        params: IdParams,
        body: DraftInput,
        response: answers({ 201: jsonWith(ReportOut, { location }, 'Drafted') }),
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const row = await inTransaction(handle, (unit) =>
        draftReport({ unit, actor, situationId: request.params.id, input: request.body, deps }),
      );
      const [shown] = await present(handle.db, [row], [row]);
      reply.status(201).header('location', at(row.situation_id, row.id));
      return shown as NonNullable<typeof shown>;
    },
  );
}

function editRoute(app: Api, { handle, situationDeps: deps }: SituationRoutesDeps): void {
  app.put(
    `${base}/:reportId`,
    {
      schema: {
        operationId: 'editSituationReportDraft',
        tags,
        summary: "Edit a draft at the version read (the center's coordinators)",
        params: ReportParams,
        body: DraftEdit,
        response: answers({
          200: ReportOut,
          409: conflict(
            'the report was issued (situations.reports.already_issued), or changed since (stale_version)',
          ),
        }),
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { id, reportId } = request.params;
      const row = await inTransaction(handle, (unit) =>
        editDraft({ unit, actor, situationId: id, reportId, input: request.body, deps }),
      );
      const [shown] = await present(handle.db, [row], [row]);
      return shown as NonNullable<typeof shown>;
    },
  );
}

function issueRoute(app: Api, { handle, situationDeps: deps }: SituationRoutesDeps): void {
  app.post(
    `${base}/:reportId/issue`,
    {
      schema: {
        operationId: 'issueSituationReport',
        tags,
        summary:
          "Issue a draft as the situation's next 第n報 (the center's coordinators): frozen, its counts snapshotted, announced to every body in scope",
        params: ReportParams,
        body: IssueInput,
        response: answers({
          200: ReportOut,
          409: conflict(
            'issued already (situations.reports.already_issued), changed since (stale_version), or the final report after the stand-down was issued (closed)',
          ),
        }),
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { id, reportId } = request.params;
      const row = await inTransaction(handle, (unit) =>
        issueReport({ unit, actor, situationId: id, reportId, version: request.body.version, deps }),
      );
      const [shown] = await present(handle.db, [row], [row]);
      return shown as NonNullable<typeof shown>;
    },
  );
}

function correctRoute(app: Api, { handle, situationDeps: deps }: SituationRoutesDeps): void {
  app.post(
    `${base}/:reportId/corrections`,
    {
      schema: {
        operationId: 'correctSituationReport',
        tags,
        summary:
          "Correct an issued report with a new version (版) of its number, saying what changed (the center's coordinators); announced",
        params: ReportParams,
        body: CorrectionInput,
        response: answers({
          201: jsonWith(ReportOut, { location }, 'Corrected'),
          409: conflict(
            'a draft is not corrected (situations.reports.not_issued), or a later version exists (stale_version)',
          ),
        }),
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { id, reportId } = request.params;
      const row = await inTransaction(handle, (unit) =>
        correctReport({ unit, actor, situationId: id, reportId, input: request.body, deps }),
      );
      const [shown] = await present(handle.db, [row], [row]);
      reply.status(201).header('location', at(row.situation_id, row.id));
      return shown as NonNullable<typeof shown>;
    },
  );
}

function intervalRoute(app: Api, { handle, situationDeps: deps }: SituationRoutesDeps): void {
  app.put(
    '/api/v1/situations/:id/report-interval',
    {
      schema: {
        operationId: 'setSituationReportInterval',
        tags,
        summary:
          "Set how often the center reports on the situation, in minutes, or clear it with null (the center's coordinators)",
        params: IdParams,
        body: IntervalInput,
        response: answers({ 204: { type: 'null', description: 'Set' } }),
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      await inTransaction(handle, (unit) =>
        setReportInterval({
          unit,
          actor,
          situationId: request.params.id,
          minutes: request.body.minutes,
          deps,
        }),
      );
      reply.status(204);
    },
  );
}
