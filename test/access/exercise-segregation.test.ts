import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readerKeysOf } from '../../src/platform/access/visibility.js';
import { expectProblem } from '../api/helpers.js';
import { actorOf } from '../support/actors.js';
import { DIALECTS } from '../support/databases.js';
import { declareExerciseSituation, fileSimulatedReport, insertExercise } from '../support/exercises.js';
import { startTestApp, type TestApp, type TestOrg, type TestUser } from '../support/harness.js';

// An exercise runs beside real incidents and a real situation. No exercise record appears in any real read
// path, statistic or export — the incident list under every filter and sort, search, the dashboard's counts,
// exports, STIX, the situations list, the real board, the notifications page, the live replay of bodies that
// take no part, the share source picker — while participants read the exercise's data by its explicit paths.

const SORTS = ['reported-desc', 'reported-asc', 'last-report-desc', 'severity-desc'];
const DRILL = 'くんれんマーカー';

describe.each(DIALECTS)('exercise segregation on %s', (dialect) => {
  let t: TestApp;
  let control: TestUser;
  let analyst: TestUser;
  let m1: TestOrg;
  let a1: TestOrg;
  let m2: TestOrg;
  let m1Officer: TestUser;
  let a1Reporter: TestUser;
  let m2Officer: TestUser;
  let exercise: { id: string; number: string; name: string };
  const drillIncidents: string[] = [];
  let drillSituation: string;
  let realSituation: string;
  let realIncident: string;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    const center = await t.org('center');
    control = await t.user(center, 'center-coordinator');
    analyst = await t.user(center, 'center-analyst');
    m1 = await t.org('ministry');
    a1 = await t.org('agency', { parent: m1 });
    m2 = await t.org('ministry');
    m1Officer = await t.user(m1, 'security-officer');
    a1Reporter = await t.user(a1, 'reporter');
    m2Officer = await t.user(m2, 'security-officer');
    // Real data first: incidents of every body, a real situation over them.
    realIncident = (await t.fileIncident(a1Reporter, { title: '実インシデント', severity: 'high' })).id;
    await t.fileIncident(m1Officer, { title: '実インシデント2' });
    await t.fileIncident(m2Officer, { title: '実インシデント3' });
    const real = await t.request(control, {
      method: 'POST',
      url: '/api/v1/situations',
      payload: {
        name: '実事態',
        description: '実際の事態',
        level: 'alert',
        tlp: 'TLP:AMBER',
        scope: { kind: 'all' },
        incidentIds: [realIncident],
      },
    });
    expect(real.statusCode, real.body).toBe(201);
    realSituation = (real.json() as { id: string }).id;
    // The exercise beside it: its situation, a simulated report, a participant's report, a follow-up, answers.
    exercise = await insertExercise(t, control);
    const simulated = await fileSimulatedReport(t, control, exercise.id, a1, `${DRILL} 速報`);
    drillIncidents.push(simulated.incident.id);
    const situation = await declareExerciseSituation(t, control, exercise.id, [m1], {
      incidentIds: [simulated.incident.id],
    });
    drillSituation = situation.row.id;
    const own = await t.request(m1Officer, {
      method: 'POST',
      url: `/api/v1/incidents?exercise=${exercise.id}`,
      payload: t.quickReport({ title: `${DRILL} 府省庁`, severity: 'critical', category: undefined }),
    });
    expect(own.statusCode, own.body).toBe(201);
    drillIncidents.push((own.json() as { id: string }).id);
    const follow = await t.request(a1Reporter, {
      method: 'POST',
      url: `/api/v1/incidents/${simulated.incident.id}/reports`,
      payload: { kind: 'final', text: `${DRILL} 確報` },
    });
    expect(follow.statusCode, follow.body).toBe(201);
    for (const [u, incidentId] of [
      [a1Reporter, simulated.incident.id],
      [m1Officer, drillIncidents[1]],
    ] as const) {
      const answered = await t.request(u, {
        method: 'POST',
        url: `/api/v1/situations/${drillSituation}/answers`,
        payload: { status: 'affected', incidentId },
      });
      expect(answered.statusCode, answered.body).toBe(201);
    }
  });
  afterAll(async () => t?.close());

  const get = async (u: TestUser, url: string) => {
    const res = await t.request(u, { method: 'GET', url });
    expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
    return res;
  };
  const noDrill = (body: string, where: string) => {
    for (const id of [...drillIncidents, drillSituation, exercise.id]) expect(body, where).not.toContain(id);
    expect(body, where).not.toContain(DRILL);
  };
  const everyone = () => [control, analyst, m1Officer, a1Reporter, m2Officer];

  it('keeps exercise incidents out of the incident list under every filter, sort and search', async () => {
    const filters = [
      '',
      'status=open',
      'status=final',
      'severity=critical',
      'severity=high',
      `org=${a1.slug}`,
      `org=${m1.slug}&includeAgencies=true`,
      'awaitingReview=false',
      `from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00Z`,
      `q=${encodeURIComponent(DRILL)}`,
      `q=${encodeURIComponent(`くんれん\u200bマーカー`)}`,
      `q=${encodeURIComponent('ｸﾝﾚﾝ')}`,
      'q=X-2026',
    ];
    for (const u of everyone())
      for (const filter of filters)
        for (const sort of SORTS) {
          const res = await get(u, `/api/v1/incidents?${filter}&sort=${sort}&limit=200`);
          noDrill(res.body, `${u.role}@${u.org.slug} ${filter} ${sort}`);
        }
    // The same lists count the real incidents still.
    const all = (await get(analyst, '/api/v1/incidents')).json() as { total: number };
    expect(all.total).toBe(3);
  });

  it('keeps them out of the dashboard, the situations list, the real board and the situation of real incidents', async () => {
    for (const u of everyone()) {
      for (const period of ['today', '7d', 'fy'])
        noDrill((await get(u, `/api/v1/stats?period=${period}`)).body, `stats ${period}`);
      for (const state of ['open', 'closed', 'all'])
        noDrill((await get(u, `/api/v1/situations?state=${state}`)).body, `situations ${state}`);
    }
    const stats = (await get(analyst, '/api/v1/stats?period=today')).json() as Record<string, unknown>;
    expect(JSON.stringify(stats)).toContain('"total":3');
    noDrill((await get(control, `/api/v1/situations/${realSituation}`)).body, 'real situation');
    noDrill((await get(control, `/api/v1/situations/${realSituation}/board`)).body, 'real board');
    noDrill(
      (await get(m1Officer, `/api/v1/situations/${realSituation}/board`)).body,
      'real board (ministry)',
    );
  });

  it('keeps them out of exports, STIX, sharing sources and consent', async () => {
    for (const id of drillIncidents)
      for (const format of ['csv', 'xlsx'])
        expectProblem(
          await t.request(analyst, { method: 'GET', url: `/api/v1/incidents/${id}/export?format=${format}` }),
          422,
          'incidents.exercise_not_exported',
        );
    const before = await t.count('shares');
    const share = await t.request(analyst, {
      method: 'POST',
      url: '/api/v1/shares',
      payload: {
        sourceIncidentIds: [drillIncidents[0]],
        content: { title: '訓練からの共有', body: '本文', indicators: [], mitigations: [] },
        audience: { kind: 'all' },
        tlp: 'TLP:GREEN',
      },
    });
    expectProblem(share, 422, 'shares.unknown_source');
    expect(await t.count('shares')).toBe(before);
    noDrill((await get(analyst, '/api/v1/shares/export.stix')).body, 'STIX');
    for (const u of [m1Officer]) noDrill((await get(u, '/api/v1/consent-requests')).body, 'consents');
  });

  it('replays no exercise event to bodies that take no part; every one a participant hears is marked', async () => {
    const { head } = await t.services.events.bounds();
    const outsider = await t.services.events.addressedTo(readerKeysOf(actorOf(m2Officer)), 0, head, 10_000);
    for (const e of await t.services.events.bySeqs(outsider)) {
      expect(e.payload).not.toHaveProperty('exercise');
      noDrill(JSON.stringify(e), `event ${e.type}`);
    }
    const participant = await t.services.events.addressedTo(
      readerKeysOf(actorOf(a1Reporter)),
      0,
      head,
      10_000,
    );
    const events = await t.services.events.bySeqs(participant);
    const aboutDrill = events.filter(
      (e) =>
        (e.incidentId !== null && drillIncidents.includes(e.incidentId)) ||
        e.payload.situationId === drillSituation,
    );
    expect(aboutDrill.length).toBeGreaterThan(2);
    for (const e of aboutDrill) expect(e.payload.exercise, e.type).toEqual(exercise);
    const aboutReal = events.filter(
      (e) => e.incidentId === realIncident || e.payload.situationId === realSituation,
    );
    expect(aboutReal.length).toBeGreaterThan(0);
    for (const e of aboutReal) expect(e.payload).not.toHaveProperty('exercise');
  });

  it('lets participants read the exercise by its explicit paths, flagged, and nobody else', async () => {
    for (const u of [control, analyst, m1Officer]) {
      const listed = (await get(u, `/api/v1/incidents?exercise=${exercise.id}`)).json() as {
        items: { id: string; exerciseId: string }[];
      };
      expect(new Set(listed.items.map((i) => i.id))).toEqual(new Set(drillIncidents));
      for (const i of listed.items) expect(i.exerciseId).toBe(exercise.id);
      const situations = (await get(u, `/api/v1/situations?exercise=${exercise.id}`)).json() as {
        items: { id: string; exercise: unknown }[];
      };
      expect(situations.items.map((s) => s.id)).toEqual([drillSituation]);
    }
    // The agency reads its own exercise incident, not its ministry's.
    const agency = (await get(a1Reporter, `/api/v1/incidents?exercise=${exercise.id}`)).json() as {
      items: { id: string }[];
    };
    expect(agency.items.map((i) => i.id)).toEqual([drillIncidents[0]]);
    const board = (await get(control, `/api/v1/situations/${drillSituation}/board`)).body;
    expect(board).toContain(m1.id);
    // A body that takes no part: nothing, by the exercise's lists or by id.
    expect((await get(m2Officer, `/api/v1/incidents?exercise=${exercise.id}`)).json()).toMatchObject({
      total: 0,
    });
    expect((await get(m2Officer, `/api/v1/situations?exercise=${exercise.id}`)).json()).toEqual({
      items: [],
    });
    for (const id of drillIncidents)
      expectProblem(
        await t.request(m2Officer, { method: 'GET', url: `/api/v1/incidents/${id}` }),
        404,
        'incidents.not_found',
      );
    expectProblem(
      await t.request(m2Officer, { method: 'GET', url: `/api/v1/situations/${drillSituation}` }),
      404,
      'situations.not_found',
    );
    // Another exercise's id, or garbage, reads nothing or is refused.
    expect((await get(m1Officer, '/api/v1/incidents?exercise=someone-elses')).json()).toMatchObject({
      total: 0,
    });
    expect(
      (await t.request(m1Officer, { method: 'GET', url: '/api/v1/incidents?exercise=%00' })).statusCode,
    ).toBe(400);
  });
});
