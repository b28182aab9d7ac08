import { type QueryClient, type QueryKey, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef } from 'react';
import type { LiveEvent } from './live.js';

// What each live event makes stale, in one place: the event names its subject (an incident, a share, a
// notification), and the screens showing it load again, in place. A key is a prefix: ['incidents', 'list'] is
// every incident list and queue, ['incidents', id] an incident with its reports, conversation and shares.

const incidentKeys = (event: LiveEvent): QueryKey[] => [
  ['incidents', 'list'],
  ...(event.incidentId ? [['incidents', event.incidentId]] : []),
  ['dashboard'],
];

const ofIncident = (event: LiveEvent): QueryKey[] =>
  event.incidentId ? [['incidents', event.incidentId]] : [];

const ofShare = (event: LiveEvent): QueryKey[] => [['shares'], ['consents'], ...ofIncident(event)];

/** A situation changed (declared, level, stand-down, note): the lists and menu badge, and that situation. */
const ofSituation = (event: LiveEvent): QueryKey[] => [
  ['situations', 'list'],
  ...(event.situationId ? [['situations', event.situationId]] : []),
];

/** Exercise control's events: the list, and that exercise's control page, report and lessons. */
const ofExercise = (event: LiveEvent): QueryKey[] => [
  ['exercises', 'list'],
  ...(event.exerciseId ? [['exercises', event.exerciseId]] : [['exercises']]),
];

const STALE: Record<LiveEvent['type'], (event: LiveEvent) => QueryKey[]> = {
  // Two incidents the viewer reads now share indicators: both pages, and the clusters.
  'correlation.found': (e) => [
    ['correlations'],
    ...ofIncident(e),
    ...(e.otherIncidentId ? [['incidents', e.otherIncidentId]] : []),
  ],
  'incident.reported': incidentKeys,
  'report.added': incidentKeys,
  'delivery.received': incidentKeys,
  'delivery.awaiting_review': incidentKeys,
  'incident.sent_back': incidentKeys,
  'message.posted': ofIncident,
  // An assessment or a clock of a deadline profile: the incident's page (its clocks and assessment).
  'assessment.recorded': ofIncident,
  // The accountability track or one of its notices (decision, draft, approval, publication, comment).
  'accountability.changed': ofIncident,
  'deadline.due_soon': ofIncident,
  'deadline.overdue': ofIncident,
  'accountability.due_soon': ofIncident,
  'accountability.overdue': ofIncident,
  'message.sent': ofIncident,
  'attachment.added': ofIncident,
  'attachment.withdrawn': ofIncident,
  'share.published': ofShare,
  'share.withdrawn': ofShare,
  'share.updated': ofShare,
  'share.acknowledged': ofShare,
  'share.sighted': ofShare,
  'share.reminded': ofShare,
  'consent.requested': (e) => [['consents'], ['shares'], ...ofIncident(e)],
  'consent.decided': (e) => [['consents'], ['shares'], ...ofIncident(e)],
  'consent.reminder': () => [['consents']],
  // A change asked of my body (or answered) tells its people by a notification.
  'notification.created': (e) => [
    ['notifications'],
    ['changes'],
    ...(e.incidentId ? [['incidents', e.incidentId, 'notifications']] : []),
  ],
  'communication_check.sent': () => [['checks']],
  // The policy register, its requests and coverage: every policy screen loads again.
  'policy_clause.confirmed': () => [['policies']],
  'policy_request.sent': () => [['policies']],
  'policy_request.answered': () => [['policies']],
  'policy_request.closed': () => [['policies']],
  'policy_request.due_soon': () => [['policies']],
  'policy_request.overdue': () => [['policies']],
  'situation.declared': ofSituation,
  'situation.level_changed': ofSituation,
  'situation.stood_down': ofSituation,
  'situation.entry_added': (e) =>
    e.situationId ? [['situations', e.situationId, 'timeline']] : [['situations']],
  // An answer changes my body's state in the list, the page's answers, the board and the timeline.
  'rollcall.answered': ofSituation,
  // A request (要請) issued, amended, withdrawn or moved: the situation's requests, timeline and list.
  'situation.request.issued': ofSituation,
  'situation.request.amended': ofSituation,
  'situation.request.withdrawn': ofSituation,
  'situation.request.moved': ofSituation,
  // A report (drafted: the center's; issued or corrected: everyone's who sees the situation) and the timeline.
  'situation.report_due': (e) =>
    e.situationId ? [['situations', e.situationId, 'reports']] : [['situations']],
  'situation.report_drafted': (e) =>
    e.situationId ? [['situations', e.situationId, 'reports']] : [['situations']],
  'situation.report_issued': (e) =>
    e.situationId
      ? [
          ['situations', e.situationId, 'reports'],
          ['situations', e.situationId, 'timeline'],
        ]
      : [['situations']],
  'exercise.created': ofExercise,
  'exercise.updated': ofExercise,
  'exercise.started': ofExercise,
  'exercise.paused': ofExercise,
  'exercise.resumed': ofExercise,
  'exercise.ended': ofExercise,
  // An inject played may have declared the exercise's situation or filed into it: the situations' lists too.
  'exercise.inject_played': (e) => [...ofExercise(e), ['situations', 'list']],
  'exercise.report_final': ofExercise,
  'exercise.lesson_changed': ofExercise,
};

/**
 * The query keys a live event makes stale; `reload` (the server could not replay what was missed) makes
 * everything stale (the empty key). An event of a type this app does not know changes nothing it shows.
 */
export function staleKeys(event: LiveEvent | 'reload'): QueryKey[] {
  if (event === 'reload') return [[]];
  return STALE[event.type]?.(event) ?? [];
}

/** Marks what a live event changed as stale: queries on screen load again, others when next shown. */
export function invalidateFor(client: QueryClient, event: LiveEvent | 'reload'): void {
  for (const queryKey of staleKeys(event)) void client.invalidateQueries({ queryKey });
}

/** Live events come in bursts (a report, its deliveries…): the dashboard loads again at most this often. */
export const REFRESH_AFTER_MS = 500;

/**
 * `invalidateFor` with the app's query cache. The dashboard's figures are made stale REFRESH_AFTER_MS after
 * the first event of a burst: later events ride along, so a burst costs one reload, and a long one at most
 * one per REFRESH_AFTER_MS (never starved).
 */
export function useLiveInvalidation(): (event: LiveEvent | 'reload') => void {
  const client = useQueryClient();
  const settling = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(
    () => () => {
      if (settling.current !== null) clearTimeout(settling.current);
      settling.current = null;
    },
    [],
  );
  return useCallback(
    (event) => {
      const keys = staleKeys(event);
      for (const queryKey of keys)
        if (queryKey[0] !== 'dashboard') void client.invalidateQueries({ queryKey });
      if (settling.current !== null || !keys.some((k) => k[0] === 'dashboard')) return;
      settling.current = setTimeout(() => {
        settling.current = null;
        void client.invalidateQueries({ queryKey: ['dashboard'] });
      }, REFRESH_AFTER_MS);
    },
    [client],
  );
}
