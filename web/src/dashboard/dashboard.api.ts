import type { Static } from 'typebox';
import type { StatsOut } from '../../../src/features/dashboard/dashboard.schemas.js';
import type { OrgOut } from '../../../src/features/orgs/orgs.schemas.js';
import { type IncidentList, request } from '../api.js';
import type { Period } from './period.js';

// The dashboard's calls, typed from the server's TypeBox schemas (type-only: nothing of the server is bundled).

export type Org = Static<typeof OrgOut>;
/** Counts of the incidents the caller may see in a period (GET /api/v1/stats). */
export type Stats = Static<typeof StatsOut>;
export type Count = Stats['bySeverity'][number];
/** A body's incidents in the period (`count`) and open now, whenever reported (`open`). */
export type OrgCount = Stats['byOrg'][number];

const LATEST = 10;

export const dashboardApi = {
  stats: (period: Period, signal: AbortSignal) =>
    request<Stats>('GET', `/api/v1/stats?${new URLSearchParams({ period })}`, { signal }),
  /** The incidents with the latest reports: a new update of an old incident counts as news. */
  latest: (signal: AbortSignal) =>
    request<IncidentList>('GET', `/api/v1/incidents?limit=${LATEST}&sort=last-report-desc`, { signal }),
  /** How many open incidents of one severity were reported in the period of `stats` (up to and including its end). */
  openOfSeverity: async (severity: string, stats: Pick<Stats, 'from' | 'to'>, signal: AbortSignal) => {
    // The list's `to` is exclusive; the statistics count what was reported at their very instant too.
    const to = new Date(new Date(stats.to).getTime() + 1).toISOString();
    const query = new URLSearchParams({ status: 'open', severity, from: stats.from, to, limit: '1' });
    return (await request<IncidentList>('GET', `/api/v1/incidents?${query}`, { signal })).total;
  },
};
