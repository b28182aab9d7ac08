import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { playDueInjects } from '../../src/features/exercises/exercises.runner.js';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestOrg, type TestUser } from '../support/harness.js';
import { openStream, type SseStream, sleep } from '../support/sse.js';

// The live events of exercise control (exercise.*) over real HTTP: an exercise's whole life — created, edited,
// started, an inject played, paused, resumed, ended, its report made final, a lesson recorded and followed up —
// reaches the center's coordinators and nobody else: not a center analyst (who hears the exercise's situation),
// not an administrator or auditor, not the ministry whose lesson it is, whether live or replayed with any
// Last-Event-ID; nor a coordinator demoted to analyst since, replaying what was sent while it coordinated.

const TYPES = [
  'exercise.created',
  'exercise.updated',
  'exercise.started',
  'exercise.inject_played',
  'exercise.paused',
  'exercise.resumed',
  'exercise.ended',
  'exercise.report_final',
  'exercise.lesson_changed',
];

describe.each(DIALECTS)('exercise events on the live stream on %s', (dialect) => {
  let t: TestApp;
  let base: string;
  let m1: TestOrg;
  let coordinator: TestUser;
  let people: [string, TestUser][];
  const streams = new Map<string, SseStream>();
  let before = 0;
  let exerciseId = '';

  beforeAll(async () => {
    t = await startTestApp(dialect);
    base = await t.app.listen({ host: '127.0.0.1', port: 0 });
    const center = await t.org('center');
    m1 = await t.org('ministry');
    const a1 = await t.org('agency', { parent: m1 });
    coordinator = await t.user(center, 'center-coordinator');
    people = [
      ['coordinator', coordinator],
      ['other coordinator', await t.user(center, 'center-coordinator')],
      ['analyst', await t.user(center, 'center-analyst')],
      ['admin', await t.user(center, 'admin')],
      ['auditor', await t.user(center, 'auditor')],
      ['ministry officer', await t.user(m1, 'security-officer')],
      ['agency reporter', await t.user(a1, 'reporter')],
    ];
    before = (await t.services.events.bounds()).head;
    for (const [name, user] of people)
      streams.set(name, await openStream(`${base}/api/v1/events`, user.headers));
  });
  afterAll(async () => {
    await Promise.all([...streams.values()].map((s) => s.close()));
    await t?.close();
  });

  const call = async (method: 'POST' | 'PUT', url: string, payload: Record<string, unknown>) => {
    const res = await t.request(coordinator, { method, url, payload });
    expect(res.statusCode, res.body).toBeLessThan(300);
    return res.json() as { id: string; version: number };
  };
  const exerciseTypes = (s: SseStream | undefined) =>
    [...new Set((s?.frames ?? []).filter((f) => f.event.startsWith('exercise.')).map((f) => f.event))].sort();
  const receivers = ['coordinator', 'other coordinator'];

  it('delivers every exercise.* event live to the center coordinators only', async () => {
    const scenario = (description: string) => ({
      name: '初動対処訓練',
      description,
      injects: [
        {
          at: 'T+0',
          kind: 'declare',
          name: '訓練事態',
          description: '想定',
          level: 'alert',
          tlp: 'TLP:AMBER',
          scope: { kind: 'bodies', bodies: [{ slug: m1.slug, withAgencies: true }] },
        },
        { at: 'T+10m', kind: 'note', text: '追加情報' },
      ],
    });
    let e = await call('POST', '/api/v1/exercises', { scenario: scenario('版1') });
    exerciseId = e.id;
    e = await call('PUT', `/api/v1/exercises/${e.id}/scenario`, {
      version: e.version,
      scenario: scenario('版2'),
    });
    e = await call('POST', `/api/v1/exercises/${e.id}/start`, { version: e.version });
    expect(await playDueInjects(t.handle, t.services.exerciseDeps)).toBe(1);
    e = await call('POST', `/api/v1/exercises/${e.id}/pause`, { version: e.version });
    e = await call('POST', `/api/v1/exercises/${e.id}/resume`, { version: e.version });
    e = await call('POST', `/api/v1/exercises/${e.id}/end`, { version: e.version });
    await call('POST', `/api/v1/exercises/${e.id}/report/final`, {});
    const lesson = await call('POST', `/api/v1/exercises/${e.id}/lessons`, {
      text: '府省庁への連絡経路を二重化する',
      ownerOrgId: m1.id,
    });
    await call('POST', `/api/v1/exercise-lessons/${lesson.id}/follow-up`, {
      status: 'in_progress',
      version: lesson.version,
    });

    for (const name of receivers)
      await streams
        .get(name)
        ?.waitUntil((frames) => frames.some((f) => f.event === 'exercise.lesson_changed'));
    // The exercise's situation reached the analyst and the ministry: anything of exercise control would have too.
    for (const name of ['analyst', 'ministry officer'])
      await streams.get(name)?.waitFor((f) => f.event === 'situation.declared');
    await sleep(300);
    for (const [name] of people)
      expect(exerciseTypes(streams.get(name)), name).toEqual(
        receivers.includes(name) ? [...TYPES].sort() : [],
      );

    // What travels: the exercise's number, name, status and version, and of an inject how it was played.
    const played = streams.get('coordinator')?.frames.find((f) => f.event === 'exercise.inject_played');
    expect(played?.data).toMatchObject({ exerciseId, seq: 1, state: 'played', outcome: { ok: true } });
    const started = streams.get('coordinator')?.frames.find((f) => f.event === 'exercise.started');
    expect(started?.data).toMatchObject({ exerciseId, status: 'running', name: '初動対処訓練' });
    expect(JSON.stringify(streams.get('coordinator')?.frames)).not.toContain('追加情報');
  });

  it('replays them by Last-Event-ID to the coordinators only, from any position', async () => {
    for (const position of [String(before), '0']) {
      for (const [name, user] of people) {
        const replay = await openStream(`${base}/api/v1/events`, {
          ...user.headers,
          'last-event-id': position,
        });
        try {
          if (receivers.includes(name))
            await replay.waitUntil(
              (frames) => exerciseTypes(replay).length === TYPES.length || frames.length > 500,
            );
          // Those who see the exercise's situation are replayed its declaration: the exercise's events would
          // have come before it. Administrators and auditors are replayed nothing at all.
          else if (!['admin', 'auditor'].includes(name))
            await replay.waitFor((f) => f.event === 'situation.declared');
          await sleep(100);
          expect(exerciseTypes(replay), `${name} from ${position}`).toEqual(
            receivers.includes(name) ? [...TYPES].sort() : [],
          );
        } finally {
          await replay.close();
        }
      }
    }
  });

  it('stops a coordinator demoted to analyst from replaying what it heard as a coordinator', async () => {
    const demoted = people.find(([name]) => name === 'other coordinator')?.[1] as TestUser;
    await t.handle.db
      .updateTable('users')
      .set({ role: 'center-analyst' })
      .where('id', '=', demoted.id)
      .execute();
    const replay = await openStream(`${base}/api/v1/events`, {
      ...demoted.headers,
      'last-event-id': String(before),
    });
    try {
      await replay.waitFor((f) => f.event === 'situation.declared');
      await sleep(100);
      expect(exerciseTypes(replay)).toEqual([]);
    } finally {
      await replay.close();
    }
    // Nor does an exercise's id open it to the analyst it now is: answered as a missing one.
    const res = await t.request(demoted, { method: 'GET', url: `/api/v1/exercises/${exerciseId}` });
    expect(res.statusCode).toBe(404);
  });
});
