import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { playDueInjects } from '../../src/features/exercises/exercises.runner.js';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestOrg, type TestUser } from '../support/harness.js';

// The runner with the fake clock: each inject is played at started_at + its offset + the time spent paused, as
// exercise control, creating exercise data only; a pause holds what falls due, a resume shifts it, the end stops
// it; an inject that cannot be played says why and the rest go on; runners racing play each inject once.

interface Inject {
  seq: number;
  kind: string;
  dueAt: string | null;
  remainingSeconds: number | null;
  playedAt: string | null;
  state: string;
  outcome: Record<string, unknown> | null;
}
interface Exercise {
  id: string;
  version: number;
  status: string;
  injects: Inject[];
}

const MIN = 60_000;

describe.each(DIALECTS)('the exercise runner on %s', (dialect) => {
  let t: TestApp;
  let m1: TestOrg;
  let a1: TestOrg;
  let coordinator: TestUser;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    const center = await t.org('center');
    m1 = await t.org('ministry');
    a1 = await t.org('agency', { parent: m1 });
    coordinator = await t.user(center, 'center-coordinator');
  });
  afterAll(async () => t?.close());

  const play = () => playDueInjects(t.handle, t.services.exerciseDeps);
  const read = async (id: string) =>
    (await t.request(coordinator, { method: 'GET', url: `/api/v1/exercises/${id}` })).json() as Exercise;
  const control = async (ex: Exercise, action: string) => {
    const res = await t.request(coordinator, {
      method: 'POST',
      url: `/api/v1/exercises/${ex.id}/${action}`,
      payload: { version: ex.version },
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Exercise;
  };
  const startWith = async (injects: unknown[]) => {
    const res = await t.request(coordinator, {
      method: 'POST',
      url: '/api/v1/exercises',
      payload: { scenario: { name: '訓練', injects } },
    });
    expect(res.statusCode, res.body).toBe(201);
    return control(res.json() as Exercise, 'start');
  };
  const declare = () => ({
    at: 'T+0',
    kind: 'declare',
    name: '訓練事態',
    description: '想定',
    level: 'caution',
    tlp: 'TLP:AMBER',
    scope: { kind: 'bodies', bodies: [{ slug: m1.slug, withAgencies: true }] },
  });
  const states = (ex: Exercise) => ex.injects.map((i) => i.state);
  const rows = async (exerciseId: string) => ({
    situations: Number(
      (
        await t.handle.db
          .selectFrom('situations')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('exercise_id', '=', exerciseId)
          .executeTakeFirstOrThrow()
      ).n,
    ),
    incidents: Number(
      (
        await t.handle.db
          .selectFrom('incidents')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('exercise_id', '=', exerciseId)
          .executeTakeFirstOrThrow()
      ).n,
    ),
  });

  it('plays injects at their times; a pause holds them, a resume shifts them, the end stops them', async () => {
    const t0 = t.clock.now().getTime();
    const at = (ms: number) => new Date(t0 + ms).toISOString();
    let ex = await startWith([
      declare(),
      {
        at: 'T+10m',
        kind: 'report',
        body: a1.slug,
        title: '不審な通信',
        summary: '訓練の速報',
        severity: 'high',
      },
      { at: 'T+30m', kind: 'level', level: 'alert' },
      { at: 'T+45m', kind: 'note', text: 'メモ' },
      { at: 'T+1h', kind: 'decision', text: '決定' },
    ]);
    expect(await play()).toBe(1);
    ex = await read(ex.id);
    expect(states(ex)).toEqual(['played', 'pending', 'pending', 'pending', 'pending']);
    expect(ex.injects[0]?.playedAt).toBe(at(0));
    expect(await rows(ex.id)).toEqual({ situations: 1, incidents: 0 });
    // Exercise data: real lists do not show it.
    const real = await t.request(coordinator, { method: 'GET', url: '/api/v1/situations?state=all' });
    expect((real.json() as { items: unknown[] }).items).toEqual([]);

    t.clock.advance(10 * MIN - 1000);
    expect(await play()).toBe(0);
    t.clock.advance(1000);
    expect(await play()).toBe(1);
    ex = await read(ex.id);
    expect(ex.injects[1]).toMatchObject({ state: 'played', playedAt: at(10 * MIN) });
    expect(await rows(ex.id)).toEqual({ situations: 1, incidents: 1 });

    // Running, the wait counts down; played ones have none left.
    expect(ex.injects.map((i) => i.remainingSeconds)).toEqual([null, null, 20 * 60, 35 * 60, 50 * 60]);
    ex = await control(ex, 'pause');
    t.clock.advance(40 * MIN);
    expect(await play()).toBe(0);
    ex = await read(ex.id);
    // While paused, what is pending is due later by the time paused so far, and what is left of its wait is
    // frozen at the pause (the same 20 minutes after forty paused).
    expect(ex.injects[2]?.dueAt).toBe(at(70 * MIN));
    expect(ex.injects[2]?.remainingSeconds).toBe(20 * 60);
    t.clock.advance(MIN);
    expect((await read(ex.id)).injects[2]?.remainingSeconds).toBe(20 * 60);
    t.clock.advance(-MIN);
    ex = await control(ex, 'resume');
    // Resumed: due at its shifted time, the wait counting down again from what was left.
    expect(ex.injects[2]).toMatchObject({ dueAt: at(70 * MIN), remainingSeconds: 20 * 60 });
    t.clock.advance(5 * MIN);
    expect((await read(ex.id)).injects[2]?.remainingSeconds).toBe(15 * 60);
    t.clock.advance(-5 * MIN);
    t.clock.advance(20 * MIN - 1000);
    expect(await play()).toBe(0);
    t.clock.advance(1000);
    expect(await play()).toBe(1);
    ex = await read(ex.id);
    expect(ex.injects[2]).toMatchObject({ state: 'played', playedAt: at(70 * MIN), outcome: { ok: true } });

    ex = await control(ex, 'end');
    t.clock.advance(5 * 60 * MIN);
    expect(await play()).toBe(0);
    ex = await read(ex.id);
    expect(states(ex)).toEqual(['played', 'played', 'played', 'not_played', 'not_played']);
    const entries = await t.handle.db
      .selectFrom('situation_entries')
      .innerJoin('situations', 'situations.id', 'situation_entries.situation_id')
      .select('situation_entries.kind')
      .where('situations.exercise_id', '=', ex.id)
      .execute();
    expect(entries.map((e) => e.kind).sort()).toEqual(['declared', 'level_changed']);
  });

  it('plays overdue injects at once and in order after a stall, and goes on past one that fails', async () => {
    let ex = await startWith([
      declare(),
      { at: 'T+1m', kind: 'note', text: '一' },
      { at: 'T+2m', kind: 'standDown' },
      { at: 'T+3m', kind: 'note', text: '終結後' },
      { at: 'T+4m', kind: 'decision', text: '終結後の決定' },
    ]);
    t.clock.advance(10 * MIN);
    expect(await play()).toBe(5);
    ex = await read(ex.id);
    expect(states(ex)).toEqual(['played', 'played', 'played', 'failed', 'failed']);
    expect(ex.injects[3]?.outcome).toMatchObject({ ok: false, code: 'situations.stood_down' });
    const played = ex.injects.map((i) => i.playedAt ?? '');
    expect([...played].sort()).toEqual(played);
  });

  it('plays each inject once when runners race', async () => {
    const notes = Array.from({ length: 20 }, (_, i) => ({ at: 60 + i, kind: 'note', text: `note ${i}` }));
    let ex = await startWith([declare(), ...notes]);
    t.clock.advance(5 * MIN);
    const counts = await Promise.all([play(), play(), play()]);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(21);
    ex = await read(ex.id);
    expect(states(ex).every((s) => s === 'played')).toBe(true);
    const audit = await t.handle.db
      .selectFrom('audit_log')
      .select('detail')
      .where('subject_id', '=', ex.id)
      .where('action', '=', 'exercise.inject_play')
      .orderBy('seq')
      .execute();
    // Once each, and in their order.
    expect(audit.map((a) => (JSON.parse(a.detail) as { seq: number }).seq)).toEqual(
      Array.from({ length: 21 }, (_, i) => i + 1),
    );
    const entries = await t.handle.db
      .selectFrom('situation_entries')
      .innerJoin('situations', 'situations.id', 'situation_entries.situation_id')
      .select('situation_entries.text')
      .where('situations.exercise_id', '=', ex.id)
      .where('situation_entries.kind', '=', 'note')
      .execute();
    expect(entries.map((e) => e.text).sort()).toEqual(notes.map((n) => n.text).sort());
  });
});
