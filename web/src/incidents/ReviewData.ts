import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useEffectEvent } from 'react';
import type { ApiError } from '../api.js';
import { type Incident, type IncidentPage, incidentQueries, queryString } from './incidents.api.js';
import { asApiError } from './ListPage.js';

// The whole queue in one page: a ministry reviews a handful of reports at a time; more than this many waiting
// are said to be there (total) and come into view as the first are forwarded.
const QUEUE_LIMIT = 200;
const QUEUE_QUERY = queryString({ awaitingReview: true, sort: 'reported-asc', limit: QUEUE_LIMIT });

export interface QueueState {
  page: IncidentPage | null;
  error: ApiError | null;
}

/** The agency reports waiting for this ministry's review; loaded again when a live event makes lists stale. */
export function useReviewQueue(onLoaded: (items: Incident[]) => void): QueueState {
  const { data, error } = useQuery({
    ...incidentQueries.list(QUEUE_QUERY),
    placeholderData: keepPreviousData,
  });
  const loaded = useEffectEvent(onLoaded);
  useEffect(() => {
    if (data) loaded(data.items);
  }, [data]);
  return { page: data ?? null, error: error ? asApiError(error) : null };
}

/** Earliest deadline first: the report the server would forward next comes first. */
export const byDeadline = (a: Incident, b: Incident) =>
  (a.chain.reviewDueAt ?? '').localeCompare(b.chain.reviewDueAt ?? '') ||
  a.chain.reportedAt.localeCompare(b.chain.reportedAt);
