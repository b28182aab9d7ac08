import { requireActor } from '../../platform/auth/authenticate.js';
import type { Clock } from '../../platform/clock.js';
import type { DatabaseHandle } from '../../platform/db/database.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { ExportQuery, exportAnswer, exportOptions, sendSheets } from '../../platform/export/sheets.js';
import type { Api } from '../../platform/http/api.js';
import { refused } from '../../platform/http/openapi.js';
import { exportIncident, incidentSheets } from './incidents.export.js';
import { presentDelivery, presentInContext, presentReport } from './incidents.presenter.js';
import { IncidentParams } from './incidents.schemas.js';
import { type IncidentDeps, incidentContext } from './incidents.usecases.js';

/** What the incident export route uses. */
export interface IncidentExportRoutesDeps {
  handle: DatabaseHandle;
  clock: Clock;
  /** The zone of the times when the query names none. */
  timeZone: string;
  incidentDeps: IncidentDeps;
}

/** GET /api/v1/incidents/:id/export */
export function incidentExportRoutes(
  app: Api,
  { handle, clock, timeZone, incidentDeps: deps }: IncidentExportRoutesDeps,
) {
  app.get(
    '/api/v1/incidents/:id/export',
    {
      schema: {
        operationId: 'exportIncident',
        tags: ['incidents'],
        summary: 'One incident as XLSX or CSV: its facts, reports and deliveries (its readers; audited)',
        params: IncidentParams,
        querystring: ExportQuery,
        response: {
          200: exportAnswer('The incident, as an attachment'),
          422: refused('an exercise incident (exercise data is never exported)'),
        },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const options = exportOptions(request.query, timeZone);
      const sheets = await inTransaction(handle, async (unit) => {
        const { incident, reports, deliveries } = await exportIncident({
          unit,
          actor,
          incidentId: request.params.id,
          format: options.format,
          deps,
        });
        const presented = presentInContext(
          incident,
          await incidentContext(unit.tx, [incident]),
          deps,
          clock.now(),
        );
        return incidentSheets(
          presented,
          reports.map(presentReport),
          deliveries.map(presentDelivery),
          options,
        );
      });
      return sendSheets(reply, options.format, `renraku-incident-${request.params.id}`, sheets);
    },
  );
}
