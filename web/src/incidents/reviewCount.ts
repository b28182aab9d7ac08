import { queryOptions, useQuery } from '@tanstack/react-query';
import { incidentsApi, queryString } from './incidents.api.js';

// How many agency reports wait for this ministry's review, for the menu's badge: one row asked, the total read.
// Under ['incidents', 'list'], so that every filed, forwarded or sent-back report makes it stale (liveQueries.ts).
const COUNT_QUERY = queryString({ awaitingReview: true, sort: 'reported-asc', limit: 1 });

export const reviewCountQuery = () =>
  queryOptions({
    queryKey: ['incidents', 'list', COUNT_QUERY],
    queryFn: ({ signal }) => incidentsApi.list(COUNT_QUERY, signal),
    select: (page) => page.total,
  });

/** The number of reports awaiting the ministry's review (undefined until known, or when not offered). */
export function useReviewCount(enabled: boolean): number | undefined {
  const { data } = useQuery({ ...reviewCountQuery(), enabled });
  return enabled ? data : undefined;
}
