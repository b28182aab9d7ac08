import { requireActor } from '../../platform/auth/authenticate.js';
import type { DatabaseHandle } from '../../platform/db/database.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { exportOptions, sendSheets } from '../../platform/export/sheets.js';
import type { Api } from '../../platform/http/api.js';
import { answers, conflict, media } from '../../platform/http/openapi.js';
import { type PurgeDeps, purgeExercise } from './purge.js';
import { finalizeReport, type ReportDeps, readReport } from './report.js';
import { presentReport } from './report.presenter.js';
import { ExerciseParams, PurgeOut, ReportCsvQuery, ReportOut } from './report.schemas.js';
import { reportSheets } from './report.sheet.js';

const tags = ['exercises'];

/** What the exercise report routes use. */
export interface ReportRoutesDeps {
  handle: DatabaseHandle;
  /** The zone of the CSV's times when the query names none. */
  timeZone: string;
  reportDeps: ReportDeps;
  purgeDeps: PurgeDeps;
}

/** The exercise report (per-body timings, misses, slowest links, comparison), its CSV, its final, the purge. */
export function exerciseReportRoutes(app: Api, deps: ReportRoutesDeps): void {
  reportRoute(app, deps);
  reportCsvRoute(app, deps);
  finalRoute(app, deps);
  purgeRoute(app, deps);
}

/** GET /api/v1/exercises/:id/report */
function reportRoute(app: Api, { handle, reportDeps }: ReportRoutesDeps): void {
  app.get(
    '/api/v1/exercises/:id/report',
    {
      schema: {
        operationId: 'getExerciseReport',
        tags,
        summary:
          "An exercise's report: per-body timings against the scenario's targets, misses, slowest links, medians and p90, comparison with earlier exercises (exercise control all; a ministry, once ended, itself and its agencies)",
        params: ExerciseParams,
        response: { 200: ReportOut },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return presentReport(await readReport(handle.db, actor, request.params.id, reportDeps));
    },
  );
}

/** GET /api/v1/exercises/:id/report.csv */
function reportCsvRoute(app: Api, { handle, timeZone, reportDeps }: ReportRoutesDeps): void {
  app.get(
    '/api/v1/exercises/:id/report.csv',
    {
      schema: {
        operationId: 'exportExerciseReport',
        tags,
        summary:
          'The exercise report as CSV (UTF-8 with a byte-order mark): the timings per body, then the figures, as the report shows them to the caller',
        params: ExerciseParams,
        querystring: ReportCsvQuery,
        response: {
          200: media('text/csv', { type: 'string' }, 'The report, as an attachment', {
            'content-disposition': { type: 'string', description: 'attachment, with a file name' },
            'cache-control': { type: 'string', const: 'no-store' },
          }),
        },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const options = exportOptions({ format: 'csv', ...request.query }, timeZone);
      const view = await readReport(handle.db, actor, request.params.id, reportDeps);
      return sendSheets(
        reply,
        'csv',
        `renraku-exercise-report-${view.exercise.number}`,
        reportSheets(view, options),
      );
    },
  );
}

/** POST /api/v1/exercises/:id/report/final */
function finalRoute(app: Api, { handle, reportDeps }: ReportRoutesDeps): void {
  app.post(
    '/api/v1/exercises/:id/report/final',
    {
      schema: {
        operationId: 'finalizeExerciseReport',
        tags,
        summary:
          "Declare an ended exercise's report final (exercise control): its figures are frozen and its data may then be purged",
        params: ExerciseParams,
        response: answers({
          200: ReportOut,
          409: conflict('the exercise has not ended, or its report is final already'),
        }),
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const view = await inTransaction(handle, (unit) =>
        finalizeReport({ unit, actor, id: request.params.id, deps: reportDeps }),
      );
      return presentReport(view);
    },
  );
}

/** POST /api/v1/exercises/:id/purge */
function purgeRoute(app: Api, { handle, purgeDeps }: ReportRoutesDeps): void {
  app.post(
    '/api/v1/exercises/:id/purge',
    {
      schema: {
        operationId: 'purgeExercise',
        tags,
        summary:
          "Erase an exercise's data once its report is final (exercise control): situations, roll-call, timeline, incidents, notices, live events; the exercise, its frozen report and its lessons stay",
        params: ExerciseParams,
        response: answers({
          200: PurgeOut,
          409: conflict('the report is not final yet, or the data has been purged already'),
        }),
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return inTransaction(handle, (unit) =>
        purgeExercise({ unit, actor, id: request.params.id, deps: purgeDeps }),
      );
    },
  );
}
