import { useEffect, useEffectEvent, useState } from 'react';
import { ApiError } from '../api.js';
import { type Incident, type IncidentPage, incidentsApi, queryString } from './incidents.api.js';

// The whole queue in one page: a ministry reviews a handful of reports at a time; more than this many waiting
// are said to be there (total) and come into view as the first are forwarded.
const QUEUE_LIMIT = 200;
const QUEUE_QUERY = queryString({ awaitingReview: true, sort: 'reported-asc', limit: QUEUE_LIMIT });

export interface QueueState {
  page: IncidentPage | null;
  error: ApiError | null;
}

/** The agency reports waiting for this ministry's review; loaded again whenever `version` changes. */
export function useReviewQueue(version: number, onLoaded: (items: Incident[]) => void): QueueState {
  const [state, setState] = useState<QueueState>({ page: null, error: null });
  const loaded = useEffectEvent(onLoaded);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` is the signal to load again.
  useEffect(() => {
    const abort = new AbortController();
    incidentsApi.list(QUEUE_QUERY, abort.signal).then(
      (page) => {
        setState({ page, error: null });
        loaded(page.items);
      },
      (e: unknown) => {
        if (!abort.signal.aborted)
          setState((s) => ({ ...s, error: e instanceof ApiError ? e : new ApiError(0, 'network', '') }));
      },
    );
    return () => abort.abort();
  }, [version]);
  return state;
}

/** Earliest deadline first: the report the server would forward next comes first. */
export const byDeadline = (a: Incident, b: Incident) =>
  (a.chain.reviewDueAt ?? '').localeCompare(b.chain.reviewDueAt ?? '') ||
  a.chain.reportedAt.localeCompare(b.chain.reportedAt);
