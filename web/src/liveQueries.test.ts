import { QueryClient, type QueryKey } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { LIVE_EVENT_TYPES, type LiveEvent } from './live.js';
import { invalidateFor, staleKeys } from './liveQueries.js';

const X = '0193a000-0000-7000-8000-00000000000a';
const Y = '0193a000-0000-7000-8000-00000000000b';
const event = (type: string, incidentId: string | null = X): LiveEvent => ({
  seq: 1,
  type,
  at: '2026-12-05T00:00:00Z',
  incidentId,
});

// What the app caches, as the screens key it.
const CACHED: QueryKey[] = [
  ['incidents', 'list', 'sort=reported-desc&limit=50'],
  ['incidents', 'list', 'awaitingReview=true&sort=reported-asc&limit=1'],
  ['incidents', X],
  ['incidents', X, 'messages'],
  ['incidents', X, 'notifications'],
  ['incidents', Y],
  ['dashboard', 'stats', 'month'],
  ['shares', 'inbox', ''],
  ['shares', 'one', 's1'],
  ['consents', 'inbox'],
  ['standing'],
  ['notifications', 'mine'],
  ['checks', 2026],
  ['changes', 'pending'],
  ['orgs'],
  ['situations', 'levels'],
  ['situations', 'list', 'open'],
  ['situations', 'S1'],
  ['situations', 'S1', 'board', '', ''],
  ['situations', 'S1', 'timeline'],
  ['situations', 'S2'],
  ['exercises', 'list'],
  ['exercises', 'E1', 'control'],
  ['exercises', 'E1', 'report'],
  ['exercises', 'E1', 'lessons'],
  ['exercises', 'E2', 'control'],
];

/** Which cached queries one event leaves stale, through a real query cache. */
function staleAfter(happened: LiveEvent | 'reload'): string[] {
  const client = new QueryClient();
  for (const key of CACHED) client.setQueryData(key, { cached: true });
  invalidateFor(client, happened);
  return client
    .getQueryCache()
    .getAll()
    .filter((q) => q.state.isInvalidated)
    .map((q) => JSON.stringify(q.queryKey))
    .sort();
}
const keys = (...found: QueryKey[]) => found.map((k) => JSON.stringify(k)).sort();

describe('what a live event makes stale', () => {
  it('a new or changed incident: every list and queue, that incident with its parts, and the dashboard', () => {
    for (const type of [
      'incident.reported',
      'report.added',
      'delivery.received',
      'delivery.awaiting_review',
      'incident.sent_back',
    ])
      expect(staleAfter(event(type))).toEqual(
        keys(
          CACHED[0] ?? [],
          CACHED[1] ?? [],
          ['incidents', X],
          ['incidents', X, 'messages'],
          ['incidents', X, 'notifications'],
          ['dashboard', 'stats', 'month'],
        ),
      );
  });

  it('a message: that incident only, not another one nor the lists', () => {
    expect(staleAfter(event('message.posted'))).toEqual(
      keys(['incidents', X], ['incidents', X, 'messages'], ['incidents', X, 'notifications']),
    );
    expect(staleAfter(event('message.sent', Y))).toEqual(keys(['incidents', Y]));
  });

  it('sharing: the shares, and the consents (the consent inbox shows what became of each share)', () => {
    expect(staleAfter(event('share.published', null))).toEqual(
      keys(['consents', 'inbox'], ['shares', 'inbox', ''], ['shares', 'one', 's1']),
    );
    expect(staleAfter(event('consent.decided', null))).toEqual(
      keys(['consents', 'inbox'], ['shares', 'inbox', ''], ['shares', 'one', 's1']),
    );
  });

  it('a notification or a check: those only', () => {
    expect(staleAfter(event('notification.created', null))).toEqual(
      keys(['notifications', 'mine'], ['changes', 'pending']),
    );
    // About an incident: also what its page shows of who was notified, not the incident itself.
    expect(staleAfter(event('notification.created'))).toEqual(
      keys(['notifications', 'mine'], ['changes', 'pending'], ['incidents', X, 'notifications']),
    );
    expect(staleAfter(event('communication_check.sent', null))).toEqual(keys(['checks', 2026]));
  });

  it('a situation or a roll-call answer: the lists (and menu badge) and that situation, not another one', () => {
    const about = (type: string): LiveEvent => ({ ...event(type, null), situationId: 'S1' });
    for (const type of [
      'situation.declared',
      'situation.level_changed',
      'situation.stood_down',
      'rollcall.answered',
    ])
      expect(staleAfter(about(type))).toEqual(
        keys(
          ['situations', 'list', 'open'],
          ['situations', 'S1'],
          ['situations', 'S1', 'board', '', ''],
          ['situations', 'S1', 'timeline'],
        ),
      );
    // A note or decision: that situation's timeline only.
    expect(staleAfter(about('situation.entry_added'))).toEqual(keys(['situations', 'S1', 'timeline']));
  });

  it("exercise control: the exercises' list and that exercise's control page, report and lessons only", () => {
    const about = (type: string): LiveEvent => ({ ...event(type, null), exerciseId: 'E1' });
    const e1 = keys(
      ['exercises', 'list'],
      ['exercises', 'E1', 'control'],
      ['exercises', 'E1', 'report'],
      ['exercises', 'E1', 'lessons'],
    );
    for (const type of ['exercise.started', 'exercise.ended', 'exercise.lesson_changed'])
      expect(staleAfter(about(type))).toEqual(e1);
    // An inject played may have declared or changed the exercise's situation.
    expect(staleAfter(about('exercise.inject_played'))).toEqual(
      [...e1, JSON.stringify(['situations', 'list', 'open'])].sort(),
    );
  });

  it('the stream could not replay what was missed: everything', () => {
    expect(staleAfter('reload')).toEqual(keys(...CACHED));
  });

  it('names something stale for every type the stream sends, and nothing for an unknown type', () => {
    for (const type of LIVE_EVENT_TYPES) expect(staleKeys(event(type)).length).toBeGreaterThan(0);
    expect(staleAfter(event('something.new'))).toEqual([]);
  });
});
