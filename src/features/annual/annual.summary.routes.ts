import { requireActor } from '../../platform/auth/authenticate.js';
import type { DatabaseHandle } from '../../platform/db/database.js';
import { inTransaction } from '../../platform/db/transaction.js';
import type { Api } from '../../platform/http/api.js';
import { answers, conflict } from '../../platform/http/openapi.js';
import { PublicSummaryIn, PublicSummaryOut, YearParams } from './annual.schemas.js';
import { presentPublicSummary, publishSummary, withdrawSummary } from './annual.summary.js';
import type { AnnualDeps } from './annual.usecases.js';

/** What the public summary's routes use (the report's own routes hand them their base path and tags). */
export interface AnnualSummaryRoutesDeps {
  handle: DatabaseHandle;
  annualDeps: AnnualDeps;
  base: string;
  tags: string[];
}

/**
 * A final report's public summary (the center publishes it on the public site, and withdraws it): registered by
 * `annualRoutes`, after the report's own routes. The public site's reads are annual.public.ts.
 */
export function annualSummaryRoutes(app: Api, deps: AnnualSummaryRoutesDeps): void {
  const { handle, annualDeps, base, tags } = deps;
  app.post(
    `${base}/:fiscalYear/public-summary`,
    {
      schema: {
        operationId: 'publishAnnualSummary',
        tags,
        summary:
          "Publish a final report's summary on the public site (the center): the frozen government-wide totals and this text, never a ministry's section",
        params: YearParams,
        body: PublicSummaryIn,
        response: answers({
          201: PublicSummaryOut,
          409: conflict('the report is a draft, or the year has a summary (or its tombstone) already'),
        }),
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const summary = await inTransaction(handle, (unit) =>
        publishSummary({
          unit,
          actor,
          fiscalYear: request.params.fiscalYear,
          input: request.body,
          deps: annualDeps,
        }),
      );
      reply.status(201);
      return presentPublicSummary(summary);
    },
  );

  app.post(
    `${base}/:fiscalYear/public-summary/withdraw`,
    {
      schema: {
        operationId: 'withdrawAnnualSummary',
        tags,
        summary: 'Withdraw the public summary (the center): its public page becomes a dated tombstone',
        params: YearParams,
        response: answers({ 200: PublicSummaryOut, 409: conflict('the summary is withdrawn already') }),
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const summary = await inTransaction(handle, (unit) =>
        withdrawSummary({ unit, actor, fiscalYear: request.params.fiscalYear, deps: annualDeps }),
      );
      return presentPublicSummary(summary);
    },
  );
}
