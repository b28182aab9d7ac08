import { QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { useState } from 'react';
import type { Me } from './api.js';
import { createQueryClient } from './queries.js';
import { createAppRouter } from './routes.js';

/**
 * The logged-in app: one router (TanStack Router, a code-based route tree in routes.tsx) and one query cache
 * (TanStack Query, invalidated by the live stream: liveQueries.ts) for the user's visit. Both are made when the
 * user logs in and dropped at log-out, so that nothing of one session's data is shown to the next.
 */
export function Shell({ me }: { me: Me }) {
  const [queryClient] = useState(createQueryClient);
  const [router] = useState(() => createAppRouter(me));
  return (
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  );
}
