import { QueryClient } from '@tanstack/react-query';
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
