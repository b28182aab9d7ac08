import { useQuery } from '@tanstack/react-query';
import { contactQueries } from './contacts.api.js';

// How many of my notifications wait for an acknowledgment, for the menu: loaded when the app starts, and again
// when ['notifications'] is made stale — a notification arriving (liveQueries.ts) or one acknowledged.

/**
 * The number of my unacknowledged notifications (null until known, or when not offered). The count is a
 * convenience: the notifications screen shows the truth, so a failure shows nothing.
 */
export function useOpenNotifications(enabled: boolean): number | null {
  const { data } = useQuery({ ...contactQueries.openNotifications(), enabled });
  if (!enabled || !data) return null;
  return data.items.filter((n) => n.needsAck && n.acknowledgedAt === null).length;
}
