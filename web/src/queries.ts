import {
  keepPreviousData,
  QueryClient,
  type QueryKey,
  type UseQueryOptions,
  useQuery,
} from '@tanstack/react-query';
import { ApiError } from './api.js';

/** One cache for the logged-in visit. The live stream says what changed (liveQueries.ts), so data stays fresh. */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // A refusal (4xx) is an answer, shown as today; a 401 is the session-lost handler's (api.ts).
        retry: (failures, error) =>
          !(error instanceof ApiError && error.status >= 400 && error.status < 500) && failures < 1,
        retryDelay: 500,
        refetchOnWindowFocus: false,
      },
      mutations: { retry: false },
    },
  });
}

/** What a screen shows of one query: the data (kept while reloading in place), the error, and a reload. */
export interface Loaded<T> {
  data: T | null;
  error: unknown;
  /** Loads again in place (after a change made here), keeping what is shown until the answer comes. */
  reload: () => void;
}

/** A query of the screen, kept on screen while it loads again (another filter, a live event). */
export function useLoaded<T, K extends QueryKey>(options: UseQueryOptions<T, Error, T, K>): Loaded<T> {
  const query = useQuery({ ...options, placeholderData: keepPreviousData });
  return {
    data: query.data ?? null,
    error: query.error,
    reload: () => void query.refetch(),
  };
}
