import { type Resource, useResource } from '../admin/useResource.js';
import type { LiveEvent } from '../live.js';
import { type Share, sharingApi } from './sharing.api.js';

/** The newest live event about a share: a new one means it changed (published, withdrawn, acknowledged…). */
export const lastEventOf = (feed: readonly LiveEvent[], shareId: string) =>
  feed.find((e) => e.shareId === shareId)?.seq ?? 0;

/** One share, loaded again in place whenever a live event concerns it. */
export function useShare(id: string, feed: readonly LiveEvent[]): Resource<Share> {
  const last = lastEventOf(feed, id);
  return useResource((signal) => sharingApi.share(id, signal), [id, last]);
}
