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
  /** consent.decided: the fields an approval made stricter than asked (their values are on the share). */
  tightened?: string[];
  dueAt?: string;
  /** notification.created: mine, by id (its event and TLP, never content). */
  notificationId?: string;
  event?: string;
  needsAck?: boolean;
  escalated?: boolean;
  /** communication_check.sent: a check's test message reached me (its id; the body in orgSlug). */
  checkId?: string;
  /** situation.* and rollcall.answered: the situation (and its number and name, which all its readers see). */
  situationId?: string;
  number?: string;
  name?: string;
  /** rollcall.answered: the body that answered (by id), the revision, whether on its behalf. */
  orgId?: string;
  revision?: number;
  onBehalf?: boolean;
  /** exercise.*: the exercise (exercise control's alone), its number, name, status and version. */
  exerciseId?: string;
  /** correlation.found: the other incident (the viewer reads both). */
  otherIncidentId?: string;
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
  'share.sighted',
  'consent.requested',
  'consent.decided',
  'consent.reminder',
  'notification.created',
  'communication_check.sent',
  'message.posted',
  'message.sent',
  'incident.sent_back',
  'share.reminded',
  'attachment.added',
  'attachment.withdrawn',
  'situation.declared',
  'situation.level_changed',
  'situation.stood_down',
  'situation.entry_added',
  'situation.report_drafted',
  'situation.report_issued',
  'situation.report_due',
  'rollcall.answered',
  'situation.request.issued',
  'situation.request.amended',
  'situation.request.withdrawn',
  'situation.request.moved',
  'exercise.created',
  'exercise.updated',
  'exercise.started',
  'exercise.paused',
  'exercise.resumed',
  'exercise.ended',
  'exercise.inject_played',
  'exercise.report_final',
  'exercise.lesson_changed',
  'correlation.found',
  'assessment.recorded',
  'accountability.changed',
  'deadline.due_soon',
  'deadline.overdue',
  'accountability.due_soon',
  'accountability.overdue',
  'policy_clause.confirmed',
  'policy_request.sent',
  'policy_request.answered',
  'policy_request.closed',
  'policy_request.due_soon',
  'policy_request.overdue',
] as const;

export type LiveStatus = 'connecting' | 'open';

// After the server refused the stream (too many open, or the session ended), a new one is tried this much later;
// the server asks for 30 seconds.
const REOPEN_MS = 30_000;

/**
 * Why the screen's data must be loaded again: the server could not replay what was missed, or a refused stream
 * had to be opened anew (`missed`); or the stream has just opened for the first time (`opened`). A stream
 * without Last-Event-ID starts at "now", and the screen's data was read before it listened: whatever happened
 * in between reaches the screen only by loading again.
 */
export type ReloadReason = 'missed' | 'opened';

/**
 * Subscribes to the live stream while mounted. EventSource sends the session cookie (same origin) and
 * reconnects by itself with Last-Event-ID, so nothing is lost across a short network break. `onReload` asks
 * the screen to load its data again, in place (see ReloadReason).
 */
export function useLiveEvents(
  onEvent: (event: LiveEvent) => void,
  onReload: (reason: ReloadReason) => void,
): LiveStatus {
  const deliver = useEffectEvent(onEvent);
  const reload = useEffectEvent(onReload);
  const [status, setStatus] = useState<LiveStatus>('connecting');
  useEffect(() => {
    let source: EventSource | undefined;
    let reopen: ReturnType<typeof setTimeout> | undefined;
    const receive = (message: MessageEvent<string>) => {
      try {
        deliver(JSON.parse(message.data) as LiveEvent);
      } catch {
        // A malformed frame is dropped; the next list refresh shows the truth anyway.
      }
    };
    const connect = (missedSome: boolean) => {
      const current = new EventSource('/api/v1/events');
      source = current;
      for (const type of LIVE_EVENT_TYPES) current.addEventListener(type, receive);
      current.addEventListener('reload', () => reload('missed'));
      // Only a fresh stream (this one's first opening) starts at "now"; EventSource's own reconnections resume.
      let opened = false;
      current.onopen = () => {
        setStatus('open');
        if (!opened) reload(missedSome ? 'missed' : 'opened');
        opened = true;
      };
      current.onerror = () => {
        setStatus('connecting');
        // EventSource retries a broken connection itself; an answer other than a stream ends it for good.
        if (current.readyState === EventSource.CLOSED) reopen = setTimeout(() => connect(true), REOPEN_MS);
      };
    };
    connect(false);
    return () => {
      clearTimeout(reopen);
      source?.close();
    };
  }, []);
  return status;
}
