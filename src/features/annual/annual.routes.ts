import type { Actor } from '../../platform/access/roles.js';
import { requireActor } from '../../platform/auth/authenticate.js';
import type { DatabaseHandle } from '../../platform/db/database.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { XLSX_MEDIA_TYPE } from '../../platform/export/sheets.js';
import type { Api } from '../../platform/http/api.js';
import {
  answers,
  conflict,
  jsonWith,
  location,
  media,
  problemResponse,
} from '../../platform/http/openapi.js';
import { chartSvg } from './annual.charts.js';
import { annualFile } from './annual.files.js';
import { presentReport, presentSummary } from './annual.presenter.js';
import { annualRepository } from './annual.repository.js';
import {
  ChartParams,
  CommentIn,
  CommentOut,
  DraftIn,
  ExportQuery,
  FinalIn,
  LangQuery,
  ListOut,
  ReportOut,
  SectionParams,
  SummaryOut,
  UpdateIn,
  VerifyOut,
  YearParams,
} from './annual.schemas.js';
import { annualSummaryRoutes } from './annual.summary.routes.js';
import {
  type AnnualDeps,
  auditExport,
  commentOnSection,
  draftReport,
  finalizeReport,
  listReports,
  readReport,
  updateDraft,
  verifyReport,
} from './annual.usecases.js';

const tags = ['annual'];

/** What the annual report routes use. */
export interface AnnualRoutesDeps {
  handle: DatabaseHandle;
  annualDeps: AnnualDeps;
  pdfFont: string;
}

/** The annual report (年次報告書): draft, read, comment, final, verify, export. */
export function annualRoutes(app: Api, deps: AnnualRoutesDeps): void {
  const { handle, annualDeps } = deps;
  const base = '/api/v1/annual-reports';
  // Read outside any unit, so that an unchanged draft's kept numbers are used (annual.kept.ts).
  const reportOf = (actor: Actor, fiscalYear: number) =>
    readReport({ db: handle.db, dialect: handle.dialect, actor, fiscalYear, deps: annualDeps });

  app.get(
    base,
    {
      schema: {
        operationId: 'listAnnualReports',
        tags,
        summary: 'The annual reports, newest first (the center, auditors, ministries; nobody else has any)',
        response: { 200: ListOut },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const rows = await listReports(handle.db, actor).catch(() => []);
      return { items: rows.map(presentSummary) };
    },
  );

  app.post(
    base,
    {
      schema: {
        operationId: 'draftAnnualReport',
        tags,
        summary: "Start the draft of a fiscal year's annual report (the center's analysts and coordinators)",
        body: DraftIn,
        response: answers({
          201: jsonWith(SummaryOut, { location }, 'Drafted'),
          409: conflict('the fiscal year has a report already'),
        }),
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const row = await inTransaction(handle, (unit) =>
        draftReport({ unit, actor, input: request.body, deps: annualDeps }),
      );
      reply.status(201).header('location', `${base}/${row.fiscal_year}`);
      return presentSummary(row);
    },
  );

  app.get(
    `${base}/:fiscalYear`,
    {
      schema: {
        operationId: 'getAnnualReport',
        tags,
        summary:
          "A fiscal year's report: government-wide trends and the evaluations, each indicator with its definition and each grade with its formula (a ministry: the totals and its own section)",
        params: YearParams,
        response: { 200: ReportOut },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const view = await reportOf(actor, request.params.fiscalYear);
      return presentReport(view, await annualRepository.summaryOf(handle.db, view.row.fiscal_year));
    },
  );

  app.patch(
    `${base}/:fiscalYear`,
    {
      schema: {
        operationId: 'updateAnnualReport',
        tags,
        summary: "Change a draft's scoring or foreword, at the revision read (the center)",
        params: YearParams,
        body: UpdateIn,
        response: answers({ 200: SummaryOut, 409: conflict('the report is final, or changed since read') }),
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const row = await inTransaction(handle, (unit) =>
        updateDraft({
          unit,
          actor,
          fiscalYear: request.params.fiscalYear,
          input: request.body,
          deps: annualDeps,
        }),
      );
      return presentSummary(row);
    },
  );

  app.post(
    `${base}/:fiscalYear/sections/:ministryId/comments`,
    {
      schema: {
        operationId: 'commentOnAnnualSection',
        tags,
        summary:
          "Comment on a ministry's section of a draft (that ministry's security officers, or the center)",
        params: SectionParams,
        body: CommentIn,
        response: answers({ 201: CommentOut, 409: conflict('the report is final') }),
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const comment = await inTransaction(handle, (unit) =>
        commentOnSection({
          unit,
          actor,
          fiscalYear: request.params.fiscalYear,
          ministryId: request.params.ministryId,
          body: request.body.body,
          deps: annualDeps,
        }),
      );
      reply.status(201);
      return comment;
    },
  );

  app.post(
    `${base}/:fiscalYear/final`,
    {
      schema: {
        operationId: 'finalizeAnnualReport',
        tags,
        summary:
          'Declare the report final (the center): its numbers, text and comments are stored as they stand and hashed (SHA-256)',
        params: YearParams,
        body: FinalIn,
        response: answers({
          200: SummaryOut,
          409: conflict('the report is final already, or changed since read'),
        }),
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const row = await inTransaction(handle, (unit) =>
        finalizeReport({
          unit,
          actor,
          fiscalYear: request.params.fiscalYear,
          revision: request.body.revision,
          deps: annualDeps,
        }),
      );
      return presentSummary(row);
    },
  );

  app.get(
    `${base}/:fiscalYear/verify`,
    {
      schema: {
        operationId: 'verifyAnnualReport',
        tags,
        summary: "Whether a final report's stored content still hashes to the SHA-256 recorded at final",
        params: YearParams,
        response: answers({ 200: VerifyOut, 409: conflict('the report is a draft') }),
      },
    },
    async (request) => verifyReport(handle.db, requireActor(request), request.params.fiscalYear),
  );

  app.get(
    `${base}/:fiscalYear/export`,
    {
      schema: {
        operationId: 'exportAnnualReport',
        tags,
        summary:
          'The report as a PDF (Japanese font embedded), an XLSX workbook (one sheet a table) or CSV, as the caller may read it',
        params: YearParams,
        querystring: ExportQuery,
        response: answers({
          200: {
            description: 'The report, as an attachment',
            headers: {
              'content-disposition': { type: 'string', description: 'attachment, with a file name' },
              'cache-control': { type: 'string', const: 'no-store' },
            },
            content: {
              'application/pdf': { schema: { type: 'string', format: 'binary' } },
              [XLSX_MEDIA_TYPE]: { schema: { type: 'string', format: 'binary' } },
              'text/csv': { schema: { type: 'string' } },
            },
          },
          503: problemResponse('The PDF font is not installed (annual.pdf_font_missing)'),
        }),
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { format } = request.query;
      const lang = request.query.lang ?? 'ja';
      // The export is recorded before the file leaves.
      const view = await reportOf(actor, request.params.fiscalYear);
      await inTransaction(handle, (unit) => auditExport(unit, actor, view.row, format, annualDeps));
      const body = await annualFile(view, format, lang, deps.pdfFont);
      reply
        .header(
          'content-disposition',
          `attachment; filename="renraku-annual-${view.row.fiscal_year}.${format}"`,
        )
        .header('cache-control', 'no-store')
        .header('x-content-type-options', 'nosniff')
        .type(
          format === 'pdf'
            ? 'application/pdf'
            : format === 'xlsx'
              ? XLSX_MEDIA_TYPE
              : 'text/csv; charset=utf-8',
        );
      return reply.send(body);
    },
  );

  app.get(
    `${base}/:fiscalYear/charts/:chart`,
    {
      schema: {
        operationId: 'getAnnualReportChart',
        tags,
        summary:
          "One of the report's government-wide charts as an SVG drawn on the server (the numbers of its table written on the bars; no script)",
        params: ChartParams,
        querystring: LangQuery,
        response: answers({
          200: media('image/svg+xml', { type: 'string' }, 'The chart', {
            'cache-control': { type: 'string', const: 'private, no-store' },
            'content-security-policy': { type: 'string', description: CHART_CSP },
          }),
        }),
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const view = await reportOf(actor, request.params.fiscalYear);
      const svg = chartSvg(view.content.numbers.trends, request.params.chart, request.query.lang ?? 'ja');
      return reply
        .header('cache-control', 'private, no-store')
        .header('content-security-policy', CHART_CSP)
        .header('x-content-type-options', 'nosniff')
        .type('image/svg+xml; charset=utf-8')
        .send(svg);
    },
  );

  annualSummaryRoutes(app, { handle, annualDeps, base, tags });
}

/** A chart is a picture: it loads nothing and runs nothing, even when opened on its own. */
const CHART_CSP = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'self'";
