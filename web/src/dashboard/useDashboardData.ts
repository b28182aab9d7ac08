import { useEffect, useRef, useState } from 'react';
import { ApiError, type Incident } from '../api.js';
import { dashboardApi, type Org, type Stats } from './dashboard.api.js';
import type { Period } from './period.js';

/** Live events come in bursts (a report, its deliveries…): one reload at most this often. */
export const REFRESH_AFTER_MS = 500;

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

const asApiError = (e: unknown) => (e instanceof ApiError ? e : new ApiError(0, 'network', String(e)));

/**
 * `version`, REFRESH_AFTER_MS after the first event of a burst: later events of the burst ride along, so a
 * burst costs one reload, and a long one at most one reload per REFRESH_AFTER_MS (never starved).
 */
function useSettledVersion(version: number): number {
  const [settled, setSettled] = useState(version);
  const latest = useRef(version);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => {
    latest.current = version;
    if (timer.current !== null) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      setSettled(latest.current);
    }, REFRESH_AFTER_MS);
  }, [version]);
  // Unmounting (or StrictMode's rehearsal of it) drops a pending reload; the next version starts a new one.
  useEffect(
    () => () => {
      if (timer.current !== null) clearTimeout(timer.current);
      timer.current = null;
    },
    [],
  );
  return settled;
}

/** Everything the dashboard shows, loaded for the period and again, in place, after live events. */
export function useDashboardData(period: Period, version: number): DashboardData {
  const settled = useSettledVersion(version);
  const [stats, setStats] = useState<Stats | null>(null);
  const [severeOpen, setSevereOpen] = useState<DashboardData['severeOpen']>(null);
  const [orgs, setOrgs] = useState<Org[] | null>(null);
  const [latest, setLatest] = useState<Incident[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `settled` is the signal to load again.
  useEffect(() => {
    const abort = new AbortController();
    const { signal } = abort;
    (async () => {
      const found = await dashboardApi.stats(period, signal);
      const [critical, high] = await Promise.all(
        (['critical', 'high'] as const).map((s) => dashboardApi.openOfSeverity(s, found, signal)),
      );
      setStats(found);
      setSevereOpen({ critical: critical ?? 0, high: high ?? 0 });
      setError(null);
    })().catch((e: unknown) => {
      if (!signal.aborted) setError(asApiError(e));
    });
    return () => abort.abort();
  }, [period, settled]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `settled` is the signal to load again.
  useEffect(() => {
    const abort = new AbortController();
    dashboardApi.latest(abort.signal).then(
      (found) => setLatest(found.items),
      (e: unknown) => {
        if (!abort.signal.aborted) setError(asApiError(e));
      },
    );
    return () => abort.abort();
  }, [settled]);

  // The tree changes rarely: it is loaded once, and again only when a body unknown to it shows up in the numbers.
  const unknown =
    stats?.byOrg
      .filter((o) => orgs && !orgs.some((known) => known.slug === o.slug))
      .map((o) => o.slug)
      .join() ?? '';
  // biome-ignore lint/correctness/useExhaustiveDependencies: `unknown` is the signal to load again.
  useEffect(() => {
    const abort = new AbortController();
    dashboardApi.orgs(abort.signal).then(
      (found) => setOrgs(found.items),
      (e: unknown) => {
        if (!abort.signal.aborted) setError(asApiError(e));
      },
    );
    return () => abort.abort();
  }, [unknown]);

  return { stats, severeOpen, orgs, latest, error, stale: !!stats && stats.period !== period };
}
