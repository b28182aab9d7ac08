import { useEffect, useEffectEvent, useState } from 'react';

/** What the server's event stream sends (GET /api/v1/events); more fields depend on the type. */
export interface LiveEvent {
  seq: number;
  type: string;
  at: string;
  incidentId: string | null;
  orgSlug?: string;
  severity?: string | null;
  level?: string;
  /** Sharing events name the share and the consent request, never their content. */
  shareId?: string;
  requestId?: string;
  kind?: string;
  tlp?: string;
  status?: string;
  decision?: string;
  dueAt?: string;
  /** notification.created: mine, by id (its event and TLP, never content). */
  notificationId?: string;
  event?: string;
  needsAck?: boolean;
  escalated?: boolean;
  /** communication_check.sent: a check's test message reached me (its id; the body in orgSlug). */
  checkId?: string;
}

export const LIVE_EVENT_TYPES = [
  'incident.reported',
  'report.added',
  'delivery.received',
  'delivery.awaiting_review',
  'share.published',
  'share.withdrawn',
  'share.updated',
  'share.acknowledged',
  'consent.requested',
  'consent.decided',
  'consent.reminder',
  'notification.created',
  'communication_check.sent',
] as const;

export type LiveStatus = 'connecting' | 'open';

/**
 * Subscribes to the live stream while mounted. EventSource sends the session cookie (same origin) and
 * reconnects by itself with Last-Event-ID, so nothing is lost across a short network break.
 */
export function useLiveEvents(onEvent: (event: LiveEvent) => void): LiveStatus {
  const deliver = useEffectEvent(onEvent);
  const [status, setStatus] = useState<LiveStatus>('connecting');
  useEffect(() => {
    const source = new EventSource('/api/v1/events');
    const receive = (message: MessageEvent<string>) => {
      try {
        deliver(JSON.parse(message.data) as LiveEvent);
      } catch {
        // A malformed frame is dropped; the next list refresh shows the truth anyway.
      }
    };
    for (const type of LIVE_EVENT_TYPES) source.addEventListener(type, receive);
    source.onopen = () => setStatus('open');
    source.onerror = () => setStatus('connecting');
    return () => source.close();
  }, []);
  return status;
}
