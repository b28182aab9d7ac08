import { useEffect, useState } from 'react';
import { contactsApi } from './contacts.api.js';

// How many of my notifications wait for an acknowledgment, for the menu: loaded when the app starts, when a
// notification arrives, and when one is acknowledged.

const CHANGED = 'renraku:notifications-changed';

/** Tells the menu that an acknowledgment changed the count. */
export const notificationsChanged = () => window.dispatchEvent(new Event(CHANGED));

/** The number of my unacknowledged notifications (null until known, or when not offered). */
export function useOpenNotifications(enabled: boolean, lastNotice: number): number | null {
  const [count, setCount] = useState<number | null>(null);
  const [round, setRound] = useState(0);
  useEffect(() => {
    const bump = () => setRound((r) => r + 1);
    window.addEventListener(CHANGED, bump);
    return () => window.removeEventListener(CHANGED, bump);
  }, []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `lastNotice` and `round` are signals to load again.
  useEffect(() => {
    if (!enabled) return;
    const abort = new AbortController();
    contactsApi.openNotifications(abort.signal).then(
      (found) => setCount(found.items.filter((n) => n.needsAck && n.acknowledgedAt === null).length),
      () => {
        // The count is a convenience: the notifications screen shows the truth.
      },
    );
    return () => abort.abort();
  }, [enabled, lastNotice, round]);
  return enabled ? count : null;
}
