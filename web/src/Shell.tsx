import { QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import type { Me } from './api.js';
import { createQueryClient } from './queries.js';
import { type AppRouter, createAppRouter } from './routes.js';

/**
 * The logged-in app: one router (TanStack Router, a code-based route tree in routes.tsx) and one query cache
 * (TanStack Query, invalidated by the live stream: liveQueries.ts) for the user's visit. Both are made when the
 * user logs in and dropped at log-out, so that nothing of one session's data is shown to the next.
 */
export function Shell({ me }: { me: Me }) {
  const [queryClient] = useState(createQueryClient);
  const [router, setRouter] = useState<AppRouter | null>(null);
  // The router's history watches the address (it wraps pushState and replaceState): made in an effect so that
  // it is let go when the visit ends, and App's log-out puts `/` back without a router of the past answering.
  useEffect(() => {
    const made = createAppRouter(me);
    setRouter(made);
    return () => made.history.destroy();
  }, [me]);
  if (!router) return null;
  return (
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  );
}
