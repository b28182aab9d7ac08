import type { AuditLog } from '../../platform/audit/audit.js';
import { requireActor } from '../../platform/auth/authenticate.js';
import type { Clock } from '../../platform/clock.js';
import type { DatabaseHandle } from '../../platform/db/database.js';
import { inTransaction } from '../../platform/db/transaction.js';
import type { Api } from '../../platform/http/api.js';
import { presentStats } from './dashboard.presenter.js';
import { StatsOut, StatsQuery } from './dashboard.schemas.js';
import { incidentStats } from './dashboard.usecases.js';

/** What the dashboard route uses. */
export interface DashboardRoutesDeps {
  handle: DatabaseHandle;
  audit: AuditLog;
  clock: Clock;
  timeZone: string;
}

/** The dashboard's statistics over what the caller may see. */
export function dashboardRoutes(app: Api, { handle, audit, clock, timeZone }: DashboardRoutesDeps): void {
  const deps = { audit, clock, timeZone };

  app.get(
    '/api/v1/stats',
    {
      schema: {
        operationId: 'getIncidentStats',
        tags: ['incidents'],
        summary:
          'Counts of the incidents the caller may see, for a period (calendar days of RENRAKU_TIME_ZONE)',
        querystring: StatsQuery,
        response: { 200: StatsOut },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { period = '7d' } = request.query;
      return inTransaction(handle, async (unit) =>
        presentStats(await incidentStats({ unit, actor, period, deps })),
      );
    },
  );
}
