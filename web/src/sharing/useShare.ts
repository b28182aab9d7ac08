import { useQueryClient } from '@tanstack/react-query';
import { type Loaded, useLoaded } from '../queries.js';
import { type Share, sharingQueries } from './sharing.api.js';

/**
 * One share, loaded again in place whenever a live event concerns it (liveQueries.ts makes ['shares'] stale);
 * `reload` after a change made here makes every share query stale (lists, this share, its acknowledgments).
 */
export function useShare(id: string): Loaded<Share> {
  const client = useQueryClient();
  const share = useLoaded(sharingQueries.share(id));
  return { ...share, reload: () => void client.invalidateQueries({ queryKey: ['shares'] }) };
}
