import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { declareExerciseSituation, fileSimulatedReport, insertExercise } from '../support/exercises.js';
import { startTestApp, type TestApp, type TestOrg, type TestUser } from '../support/harness.js';
import { expectProblem } from './helpers.js';

// Exercise data is made through the same machinery as real data, marked wherever it shows, and kept to its own
// realm: an exercise's situation and incidents are read by their id (flagged) and by `?exercise=`, never in real
// lists; an exercise situation links its own exercise's incidents only, and a real one real incidents only.

interface Mark {
  id: string;
  number: string;
  name: string;
}
interface SituationOut {
  id: string;
  exercise: Mark | null;
  incidents: { id: string }[];
}
interface IncidentOut {
  id: string;
  org: { slug: string };
  exercise: boolean;
  exerciseId: string | null;
}

describe.each(DIALECTS)('exercise plumbing and marking on %s', (dialect) => {
  let t: TestApp;
  let center: TestOrg;
  let control: TestUser;
  let analyst: TestUser;
  let m1: TestOrg;
  let a1: TestOrg;
  let m2: TestOrg;
  let m1Officer: TestUser;
  let a1Reporter: TestUser;
  let m2Officer: TestUser;
  let exercise: Mark;
  let other: Mark;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    center = await t.org('center');
    control = await t.user(center, 'center-coordinator');
    analyst = await t.user(center, 'center-analyst');
    m1 = await t.org('ministry');
    a1 = await t.org('agency', { parent: m1 });
    m2 = await t.org('ministry');
    m1Officer = await t.user(m1, 'security-officer');
    a1Reporter = await t.user(a1, 'reporter');
    m2Officer = await t.user(m2, 'security-officer');
    exercise = await insertExercise(t, control, { name: '令和8年度 初動対処訓練' });
    other = await insertExercise(t, control, { name: '別の訓練' });
  });
  afterAll(async () => t?.close());

  const get = async <T>(u: TestUser, url: string) => {
    const res = await t.request(u, { method: 'GET', url });
    expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
    return res.json() as T;
  };

  it('declares an exercise situation, flagged, read by id and by ?exercise= but never in the real list', async () => {
    const view = await declareExerciseSituation(t, control, exercise.id, [m1]);
    expect(view.row.exercise_id).toBe(exercise.id);
    const byId = await get<SituationOut>(a1Reporter, `/api/v1/situations/${view.row.id}`);
    expect(byId.exercise).toEqual(exercise);
    for (const u of [control, analyst, m1Officer, a1Reporter]) {
      const real = await get<{ items: SituationOut[] }>(u, '/api/v1/situations?state=all');
      expect(real.items.map((s) => s.id)).not.toContain(view.row.id);
      const mine = await get<{ items: SituationOut[] }>(
        u,
        `/api/v1/situations?state=all&exercise=${exercise.id}`,
      );
      expect(mine.items.map((s) => s.id)).toEqual([view.row.id]);
      expect(mine.items[0]?.exercise).toEqual(exercise);
      const others = await get<{ items: SituationOut[] }>(u, `/api/v1/situations?exercise=${other.id}`);
      expect(others.items).toEqual([]);
    }
    // A body outside the scope sees none of it, by id or by the exercise's list.
    expectProblem(
      await t.request(m2Officer, { method: 'GET', url: `/api/v1/situations/${view.row.id}` }),
      404,
      'situations.not_found',
    );
    expect(
      (await get<{ items: unknown[] }>(m2Officer, `/api/v1/situations?exercise=${exercise.id}`)).items,
    ).toEqual([]);
    // Garbage in ?exercise= is a clear 400.
    const bad = await t.request(m1Officer, { method: 'GET', url: '/api/v1/situations?exercise=%E2%80%8B' });
    expect(bad.statusCode).toBe(400);
    // Its live event carries the mark.
    const events = await t.services.events.since(0, 10_000);
    const declared = events.find(
      (e) => e.type === 'situation.declared' && e.payload.situationId === view.row.id,
    );
    expect(declared?.payload.exercise).toEqual(exercise);
  });

  it('files a simulated report for a named body (exercise control only), read by its chain by id, flagged', async () => {
    const { incident } = await fileSimulatedReport(t, control, exercise.id, a1);
    expect(incident).toMatchObject({ org_id: a1.id, exercise_id: exercise.id, created_by: control.id });
    for (const u of [a1Reporter, m1Officer, analyst]) {
      const read = await get<IncidentOut>(u, `/api/v1/incidents/${incident.id}`);
      expect(read).toMatchObject({ exercise: true, exerciseId: exercise.id, org: { slug: a1.slug } });
      const real = await get<{ items: IncidentOut[] }>(u, '/api/v1/incidents');
      expect(real.items.map((i) => i.id)).not.toContain(incident.id);
      const listed = await get<{ items: IncidentOut[] }>(u, `/api/v1/incidents?exercise=${exercise.id}`);
      expect(listed.items.map((i) => i.id)).toContain(incident.id);
      expect(
        (await get<{ items: IncidentOut[] }>(u, `/api/v1/incidents?exercise=${other.id}`)).items,
      ).toEqual([]);
    }
    expectProblem(
      await t.request(m2Officer, { method: 'GET', url: `/api/v1/incidents/${incident.id}` }),
      404,
      'incidents.not_found',
    );
    const event = (await t.services.events.since(0, 10_000)).find(
      (e) => e.type === 'incident.reported' && e.incidentId === incident.id,
    );
    expect(event?.payload.exercise).toEqual(exercise);
    // A follow-up by the body works as on a real incident, and its event is marked too.
    const follow = await t.request(a1Reporter, {
      method: 'POST',
      url: `/api/v1/incidents/${incident.id}/reports`,
      payload: { kind: 'update', text: '訓練：影響範囲を確認中。' },
    });
    expect(follow.statusCode, follow.body).toBe(201);
    const added = (await t.services.events.since(0, 10_000)).find(
      (e) => e.type === 'report.added' && e.incidentId === incident.id,
    );
    expect(added?.payload.exercise).toEqual(exercise);
  });

  it('lets participants file exercise reports, and refuses outsiders, garbage and on-behalf filing of real data', async () => {
    const file = (u: TestUser, query: string) =>
      t.request(u, { method: 'POST', url: `/api/v1/incidents${query}`, payload: t.quickReport() });
    const filed = await file(a1Reporter, `?exercise=${exercise.id}`);
    expect(filed.statusCode, filed.body).toBe(201);
    expect(filed.json()).toMatchObject({ exercise: true, exerciseId: exercise.id });
    const before = await t.count('incidents');
    // Not in scope of any of its situations; another exercise without situations; an unknown id.
    expectProblem(await file(m2Officer, `?exercise=${exercise.id}`), 422, 'incidents.exercise_unknown');
    expectProblem(await file(a1Reporter, `?exercise=${other.id}`), 422, 'incidents.exercise_unknown');
    expectProblem(await file(a1Reporter, '?exercise=no-such-exercise'), 422, 'incidents.exercise_unknown');
    expect((await file(a1Reporter, '?exercise=')).statusCode).toBe(400);
    // On another body's behalf: exercise control only, exercises only.
    expectProblem(await file(control, `?onBehalfOf=${a1.id}`), 400, 'incidents.on_behalf_exercise_only');
    expectProblem(
      await file(m1Officer, `?exercise=${exercise.id}&onBehalfOf=${a1.id}`),
      403,
      'incidents.on_behalf_forbidden',
    );
    expectProblem(
      await file(control, `?exercise=${exercise.id}&onBehalfOf=nobody`),
      422,
      'incidents.on_behalf_unknown_body',
    );
    expect(await t.count('incidents')).toBe(before);
  });

  it('keeps realms apart where a situation names incidents: prompting incidents and roll-call links', async () => {
    const real = await t.fileIncident(a1Reporter);
    const { incident: drill } = await fileSimulatedReport(t, control, exercise.id, a1);
    const { incident: otherDrill } = await fileSimulatedReport(t, control, other.id, a1);
    const base = { name: '実事態', description: '実際の事態', level: 'alert', tlp: 'TLP:AMBER' };
    const scope = { kind: 'bodies', bodies: [{ orgId: m1.id, withAgencies: true }] };
    const before = await t.count('situations');
    const declare = (incidentIds: string[]) =>
      t.request(control, {
        method: 'POST',
        url: '/api/v1/situations',
        payload: { ...base, scope, incidentIds },
      });
    expectProblem(await declare([drill.id]), 422, 'situations.incident_unknown');
    await expect(
      declareExerciseSituation(t, control, exercise.id, [m1], { incidentIds: [real.id] }),
    ).rejects.toMatchObject({
      code: 'situations.incident_unknown',
    });
    await expect(
      declareExerciseSituation(t, control, exercise.id, [m1], { incidentIds: [otherDrill.id] }),
    ).rejects.toMatchObject({
      code: 'situations.incident_unknown',
    });
    expect(await t.count('situations')).toBe(before);
    const prompted = await declareExerciseSituation(t, control, exercise.id, [m1], {
      incidentIds: [drill.id],
    });
    const seen = await get<SituationOut>(m1Officer, `/api/v1/situations/${prompted.row.id}`);
    expect(seen.incidents.map((i) => i.id)).toEqual([drill.id]);

    const realSituation = (await declare([])).json() as SituationOut;
    const answer = (situationId: string, incidentId: string) =>
      t.request(a1Reporter, {
        method: 'POST',
        url: `/api/v1/situations/${situationId}/answers`,
        payload: { status: 'affected', incidentId },
      });
    expectProblem(await answer(realSituation.id, drill.id), 422, 'situations.incident_unknown');
    expectProblem(await answer(prompted.row.id, real.id), 422, 'situations.incident_unknown');
    expectProblem(await answer(prompted.row.id, otherDrill.id), 422, 'situations.incident_unknown');
    const ok = await answer(prompted.row.id, drill.id);
    expect(ok.statusCode, ok.body).toBe(201);
    const answered = (await t.services.events.since(0, 10_000)).find(
      (e) => e.type === 'rollcall.answered' && e.payload.situationId === prompted.row.id,
    );
    expect(answered?.payload.exercise).toEqual(exercise);
    expect((await answer(realSituation.id, real.id)).statusCode).toBe(201);
    const realAnswered = (await t.services.events.since(0, 10_000)).find(
      (e) => e.type === 'rollcall.answered' && e.payload.situationId === realSituation.id,
    );
    expect(realAnswered?.payload).not.toHaveProperty('exercise');
  });

  it('declares no exercise situation for an exercise not being played', async () => {
    const ended = await insertExercise(t, control, { status: 'ended' });
    await expect(declareExerciseSituation(t, control, ended.id, [m1])).rejects.toMatchObject({
      code: 'situations.exercise_unknown',
    });
    await expect(declareExerciseSituation(t, control, 'no-such', [m1])).rejects.toMatchObject({
      code: 'situations.exercise_unknown',
    });
  });
});
