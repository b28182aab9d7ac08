import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLAYS } from '../../src/features/exercises/exercises.play.js';
import { readerKeysOf } from '../../src/platform/access/visibility.js';
import { inTransaction } from '../../src/platform/db/transaction.js';
import { START } from '../../src/platform/events/events.js';
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
  let drillRequest: string;
  let drillReport: string;

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
    // A request and a situation report of the exercise, played as their injects play them, beside a real
    // request and a real report of the real situation.
    const inject = (kind: 'request' | 'situationReport', payload: Record<string, unknown>) =>
      inTransaction(t.handle, (unit) =>
        PLAYS[kind](
          {
            unit,
            actor: actorOf(control),
            exerciseId: exercise.id,
            situationId: drillSituation,
            offsetSeconds: 0,
            deps: t.services.exerciseDeps,
          },
          payload,
        ),
      );
    drillRequest = String(
      (
        await inject('request', {
          title: `${DRILL} 要請`,
          body: `${DRILL} 要請本文`,
          addressees: { kind: 'all' },
          dueMinutes: 60,
        })
      ).requestId,
    );
    drillReport = String(
      (await inject('situationReport', { title: `${DRILL} 第1報`, body: `${DRILL} 報告`, counts: 'totals' }))
        .reportId,
    );
    const realRequest = await t.request(control, {
      method: 'POST',
      url: `/api/v1/situations/${realSituation}/requests`,
      payload: {
        title: '実要請',
        body: '実際の要請',
        dueAt: new Date(t.clock.now().getTime() + 3_600_000).toISOString(),
        addressees: { kind: 'all' },
      },
    });
    expect(realRequest.statusCode, realRequest.body).toBe(201);
    const realDraft = await t.request(control, {
      method: 'POST',
      url: `/api/v1/situations/${realSituation}/reports`,
      payload: { title: '実第1報', body: '実際の報告' },
    });
    expect(realDraft.statusCode, realDraft.body).toBe(201);
  });
  afterAll(async () => t?.close());

  const get = async (u: TestUser, url: string) => {
    const res = await t.request(u, { method: 'GET', url });
    expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
    return res;
  };
  const noDrill = (body: string, where: string) => {
    for (const id of [...drillIncidents, drillSituation, exercise.id, drillRequest, drillReport])
      expect(body, where).not.toContain(id);
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

  it("keeps the exercise's requests and reports out of the real situation's requests, reports and timeline", async () => {
    for (const u of everyone()) {
      noDrill((await get(u, `/api/v1/situations/${realSituation}/requests`)).body, `real requests ${u.role}`);
      noDrill((await get(u, `/api/v1/situations/${realSituation}/reports`)).body, `real reports ${u.role}`);
      noDrill((await get(u, `/api/v1/situations/${realSituation}`)).body, `real situation ${u.role}`);
    }
    // The real situation's ids of them answer as a missing one would, for the real situation's readers.
    for (const u of [control, m1Officer, m2Officer]) {
      expectProblem(
        await t.request(u, {
          method: 'GET',
          url: `/api/v1/situations/${realSituation}/requests/${drillRequest}`,
        }),
        404,
        'situations.request_not_found',
      );
      expectProblem(
        await t.request(u, {
          method: 'GET',
          url: `/api/v1/situations/${realSituation}/reports/${drillReport}`,
        }),
        404,
        'situations.reports.not_found',
      );
    }
    // A body that takes no part reads neither, nor moves the request, by the exercise's situation either.
    for (const url of [
      `/api/v1/situations/${drillSituation}/requests`,
      `/api/v1/situations/${drillSituation}/requests/${drillRequest}`,
      `/api/v1/situations/${drillSituation}/reports`,
      `/api/v1/situations/${drillSituation}/reports/${drillReport}`,
    ])
      expectProblem(await t.request(m2Officer, { method: 'GET', url }), 404, 'situations.not_found');
    const moves = await t.count('situation_request_moves');
    expectProblem(
      await t.request(m2Officer, {
        method: 'POST',
        url: `/api/v1/situations/${drillSituation}/requests/${drillRequest}/moves`,
        payload: { state: 'acknowledged', orgSlug: m1.slug },
      }),
      404,
      'situations.not_found',
    );
    expect(await t.count('situation_request_moves')).toBe(moves);
    // Participants read them by the exercise's situation.
    const mine = (await get(m1Officer, `/api/v1/situations/${drillSituation}/requests`)).json() as {
      items: { id: string }[];
    };
    expect(mine.items.map((r) => r.id)).toEqual([drillRequest]);
    expect((await get(a1Reporter, `/api/v1/situations/${drillSituation}/reports`)).body).toContain(
      drillReport,
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
    const { head } = await t.services.events.places();
    const seqsOf = (places: { seq: number }[]) => places.map((p) => p.seq);
    const outsider = await t.services.events.addressedTo(
      readerKeysOf(actorOf(m2Officer)),
      START,
      head,
      10_000,
    );
    for (const e of await t.services.events.bySeqs(seqsOf(outsider))) {
      expect(e.payload).not.toHaveProperty('exercise');
      noDrill(JSON.stringify(e), `event ${e.type}`);
    }
    const participant = await t.services.events.addressedTo(
      readerKeysOf(actorOf(a1Reporter)),
      START,
      head,
      10_000,
    );
    const events = await t.services.events.bySeqs(seqsOf(participant));
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
