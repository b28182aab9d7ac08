import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { ApiError, Incident } from '../api.js';
import { asApiError } from '../incidents/ListPage.js';
import { orgQueries } from '../orgs.queries.js';
import { dashboardApi, type Org, type Stats } from './dashboard.api.js';
import type { Period } from './period.js';

export interface DashboardData {
  stats: Stats | null;
  /** Open critical and high incidents reported in the period. */
  severeOpen: { critical: number; high: number } | null;
  orgs: Org[] | null;
  latest: Incident[] | null;
  error: ApiError | null;
  /** Whether the numbers shown are of another period than the one chosen (still loading). */
  stale: boolean;
}

/**
 * The dashboard's queries, under ['dashboard'] (which incident events make stale, a burst at once:
 * liveQueries.ts), but for the organization tree, which changes rarely.
 */
export const dashboardQueries = {
  stats: (period: Period) =>
    queryOptions({
      queryKey: ['dashboard', 'stats', period],
      queryFn: async ({ signal }) => {
        const stats = await dashboardApi.stats(period, signal);
        const [critical, high] = await Promise.all(
          (['critical', 'high'] as const).map((s) => dashboardApi.openOfSeverity(s, stats, signal)),
        );
        return { stats, severeOpen: { critical: critical ?? 0, high: high ?? 0 } };
      },
    }),
  latest: () =>
    queryOptions({ queryKey: ['dashboard', 'latest'], queryFn: ({ signal }) => dashboardApi.latest(signal) }),
};

/** Everything the dashboard shows, loaded for the period and again, in place, after live events. */
export function useDashboardData(period: Period): DashboardData {
  const figures = useQuery({ ...dashboardQueries.stats(period), placeholderData: keepPreviousData });
  const latest = useQuery(dashboardQueries.latest());
  const tree = useQuery(orgQueries.list());
  const stats = figures.data?.stats ?? null;
  const orgs = tree.data?.items ?? null;

  // The tree is loaded once, and again only when a body unknown to it shows up in the numbers.
  const unknown =
    stats?.byOrg
      .filter((o) => orgs && !orgs.some((known) => known.slug === o.slug))
      .map((o) => o.slug)
      .join() ?? '';
  const { refetch } = tree;
  useEffect(() => {
    if (unknown) void refetch();
  }, [unknown, refetch]);

  const error = figures.error ?? latest.error ?? tree.error;
  return {
    stats,
    severeOpen: figures.data?.severeOpen ?? null,
    orgs,
    latest: latest.data?.items ?? null,
    error: error ? asApiError(error) : null,
    stale: !!stats && stats.period !== period,
  };
}
