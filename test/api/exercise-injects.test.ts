import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { playDueInjects } from '../../src/features/exercises/exercises.runner.js';
import { parseCsv } from '../support/csv.js';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestUser } from '../support/harness.js';
import { type SmtpReceiver, startSmtpReceiver } from '../support/smtp.js';
import { expectProblem } from './helpers.js';
import { type Body, mailTo, staffed } from './situations-notify.support.js';

// Requests (要請) and situation reports (状況報告) as injects: validated by inject and field, played as exercise
// control into the exercise's situation (exercise data, its notices marked 【訓練】); and the report's request
// timings (受領, 完了 from the request's issue) with the time the exercise was paused left out of every timing.

const MIN = 60_000;

interface Problem {
  index: number | null;
  field: string | null;
  code: string;
}
interface Exercise {
  id: string;
  version: number;
  status: string;
  injects: { seq: number; state: string; outcome: Record<string, unknown> | null }[];
}
interface Timing {
  seconds: number | null;
  met: boolean | null;
  missed: boolean;
}
interface Stats {
  bodies: number;
  done: number;
  missed: number;
  late: number;
  median: number | null;
  p90: number | null;
}

describe.each(DIALECTS)('requests and situation reports as injects on %s', (dialect) => {
  let t: TestApp;
  let smtp: SmtpReceiver;
  let coordinator: TestUser;
  let m1: Body;
  let a1: Body;
  let m2: Body;
  let centerSlug: string;

  beforeAll(async () => {
    smtp = await startSmtpReceiver();
    t = await startTestApp(dialect, { config: { smtpUrl: smtp.url } });
    const center = await t.org('center');
    coordinator = await t.user(center, 'center-coordinator');
    centerSlug = center.slug;
    m1 = await staffed(t, await t.org('ministry'));
    a1 = await staffed(t, await t.org('agency', { parent: m1.org }));
    m2 = await staffed(t, await t.org('ministry'));
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  const declare = () => ({
    at: 'T+0',
    kind: 'declare',
    name: '訓練事態',
    description: '想定',
    level: 'alert',
    tlp: 'TLP:GREEN',
    scope: { kind: 'bodies', bodies: [{ slug: m1.org.slug, withAgencies: true }] },
  });
  const request = (extra: Record<string, unknown> = {}) => ({
    at: 'T+1m',
    kind: 'request',
    title: '被害状況の確認',
    body: '所管のシステムの稼働状況を確認し報告すること。',
    addressees: { kind: 'all' },
    dueMinutes: 60,
    ...extra,
  });
  const create = (injects: unknown[], targets: Record<string, number> = {}) =>
    t.request(coordinator, {
      method: 'POST',
      url: '/api/v1/exercises',
      payload: { scenario: { name: '要請訓練', targets, injects } },
    });
  const control = async (ex: { id: string; version: number }, action: string) => {
    const res = await t.request(coordinator, {
      method: 'POST',
      url: `/api/v1/exercises/${ex.id}/${action}`,
      payload: { version: ex.version },
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Exercise;
  };
  const play = () => playDueInjects(t.handle, t.services.exerciseDeps);
  const get = async (u: TestUser, url: string) => {
    const res = await t.request(u, { method: 'GET', url });
    expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
    return res;
  };

  it('names every problem of a request or report inject by inject and field, and stores nothing', async () => {
    const before = await t.count('exercises');
    const res = await create([
      declare(),
      request({ addressees: { kind: 'bodies', bodies: [{ slug: 'no-such-body' }] } }),
      request({ dueMinutes: undefined, dueAt: 'T+30s' }),
      request({ title: '\u200b\u200b', body: '\u200d' }),
      request({ dueMinutes: undefined }),
      request({ dueAt: 'T+2h' }),
      request({ addressees: { kind: 'ministries', bodies: [{ slug: m1.org.slug }] } }),
      request({ addressees: { kind: 'bodies', bodies: [{ slug: a1.org.slug }, { slug: a1.org.slug }] } }),
      request({ dueMinutes: 0 }),
      { at: 'T+5m', kind: 'situationReport', title: '第1報', body: '   ' },
      { at: 'T+5m', kind: 'situationReport', title: '第2報', body: '本文', counts: 'everything' },
      { at: 'T+1h', kind: 'standDown' },
      request({ at: 'T+2h' }),
      { at: 'T+2h', kind: 'situationReport', title: '最終報', body: '本文' },
      { at: 'T+2h', kind: 'situationReport', title: '最終報の後', body: '本文' },
    ]);
    expectProblem(res, 422, 'exercises.scenario_invalid');
    const problems = (res.json() as { problems: Problem[] }).problems.map((p) => [p.index, p.field, p.code]);
    expect(problems).toEqual(
      expect.arrayContaining([
        [1, 'addressees.bodies[0].slug', 'unknown_body'],
        [2, 'dueAt', 'due_before_inject'],
        [3, 'title', expect.stringMatching(/^text\./)],
        [3, 'body', expect.stringMatching(/^text\./)],
        [4, 'dueAt', 'due_invalid'],
        [5, 'dueAt', 'due_invalid'],
        [6, 'addressees', 'addressees_invalid'],
        [7, 'addressees.bodies', 'addressees_invalid'],
        [8, 'dueMinutes', 'schema'],
        [9, 'body', expect.stringMatching(/^text\./)],
        [10, 'counts', 'schema'],
        [12, 'kind', 'after_stand_down'],
        [14, 'kind', 'after_final_report'],
      ]),
    );
    // The first report after the stand-down is the final one: no problem of its own.
    expect(problems.filter((p) => p[0] === 13)).toEqual([]);
    expect(await t.count('exercises')).toBe(before);
  });

  it("refuses a request addressed outside the declaration's scope when saved, naming the inject and field", async () => {
    const before = await t.count('exercises');
    const onlyAgency = { ...declare(), scope: { kind: 'bodies', bodies: [{ slug: a1.org.slug }] } };
    const cases: [unknown[], [number, string, string][]][] = [
      // Another ministry, which exists but is not in scope; the agency of a ministry named without its agencies.
      [
        [
          declare(),
          request({ addressees: { kind: 'bodies', bodies: [{ slug: a1.org.slug }, { slug: m2.org.slug }] } }),
        ],
        [[1, 'addressees.bodies[1].slug', 'not_in_scope']],
      ],
      [
        [
          { ...declare(), scope: { kind: 'bodies', bodies: [{ slug: m1.org.slug }] } },
          request({ addressees: { kind: 'bodies', bodies: [{ slug: a1.org.slug }] } }),
        ],
        [[1, 'addressees.bodies[0].slug', 'not_in_scope']],
      ],
      // 'ministries' when the scope holds an agency alone; the center is never in scope.
      [[onlyAgency, request({ addressees: { kind: 'ministries' } })], [[1, 'addressees', 'no_addressees']]],
      [
        [declare(), request({ addressees: { kind: 'bodies', bodies: [{ slug: 'center-slug' }] } })],
        [[1, 'addressees.bodies[0].slug', 'unknown_body']],
      ],
    ];
    for (const [injects, expected] of cases) {
      const slugged = JSON.parse(JSON.stringify(injects).replaceAll('center-slug', centerSlug));
      const res = await create(slugged);
      expectProblem(res, 422, 'exercises.scenario_invalid');
      const problems = (res.json() as { problems: Problem[] }).problems.map((p) => [
        p.index,
        p.field,
        p.code,
      ]);
      expect(problems).toEqual(expected);
    }
    // Ministries and 'all' within a scope that has them, and an agency named with its ministry's agencies, pass.
    const ok = await create([
      declare(),
      request({ addressees: { kind: 'ministries' } }),
      request({ addressees: { kind: 'bodies', bodies: [{ slug: a1.org.slug }] } }),
    ]);
    expect(ok.statusCode, ok.body).toBe(201);
    // Editing a draft is checked alike, and the draft stays as it was.
    const draft = ok.json() as Exercise;
    const edit = await t.request(coordinator, {
      method: 'PUT',
      url: `/api/v1/exercises/${draft.id}/scenario`,
      payload: {
        version: draft.version,
        scenario: {
          name: '要請訓練',
          injects: [declare(), request({ addressees: { kind: 'bodies', bodies: [{ slug: m2.org.slug }] } })],
        },
      },
    });
    expectProblem(edit, 422, 'exercises.scenario_invalid');
    expect((await get(coordinator, `/api/v1/exercises/${draft.id}`)).json()).toMatchObject({
      version: draft.version,
      injects: [{ seq: 1 }, { seq: 2 }, { seq: 3 }],
    });
    expect(await t.count('exercises')).toBe(before + 1);
  });

  it('refuses a request or report before the declaration', async () => {
    const res = await create([
      { at: 'T+0', kind: 'situationReport', title: '報告', body: '本文' },
      declare(),
    ]);
    expectProblem(res, 422, 'exercises.scenario_invalid');
    const problems = (res.json() as { problems: Problem[] }).problems;
    expect(problems).toContainEqual(expect.objectContaining({ index: 0, code: 'before_declaration' }));
  });

  it('plays them as exercise data: the request to the bodies named, the report issued as 第1報, notices marked', async () => {
    const created = await create([
      declare(),
      request({
        addressees: { kind: 'bodies', bodies: [{ slug: a1.org.slug }] },
        dueAt: 'T+31m',
        dueMinutes: undefined,
      }),
      {
        at: 'T+2m',
        kind: 'situationReport',
        title: '第1報（訓練）',
        body: '各府省庁の状況',
        counts: 'totals',
      },
    ]);
    expect(created.statusCode, created.body).toBe(201);
    const start = t.clock.now().getTime();
    let ex = await control(created.json() as Exercise, 'start');
    const mailFrom = smtp.receipts.length;
    expect(await play()).toBe(1);
    t.clock.advance(2 * MIN);
    expect(await play()).toBe(2);
    ex = (await get(coordinator, `/api/v1/exercises/${ex.id}`)).json() as Exercise;
    expect(ex.injects.map((i) => i.state)).toEqual(['played', 'played', 'played']);
    const situationId = String(ex.injects[0]?.outcome?.situationId);
    expect(ex.injects[1]?.outcome).toMatchObject({ ok: true, situationId, number: 'R-1' });
    expect(ex.injects[2]?.outcome).toMatchObject({ ok: true, situationId, number: 1 });

    // The request: to the agency alone, due 30 minutes after the inject, in the exercise's situation.
    const situation = (await get(a1.officer, `/api/v1/situations/${situationId}`)).json() as {
      exercise: { id: string } | null;
    };
    expect(situation.exercise?.id).toBe(ex.id);
    const requests = (await get(a1.officer, `/api/v1/situations/${situationId}/requests`)).json() as {
      items: { number: string; dueAt: string; bodies: { orgId: string }[] }[];
    };
    expect(requests.items).toHaveLength(1);
    expect(requests.items[0]?.dueAt).toBe(new Date(start + 32 * MIN).toISOString());
    expect(requests.items[0]?.bodies.map((b) => b.orgId)).toEqual([a1.org.id]);
    // The report: issued, with the counts of the board.
    const reports = (await get(m1.officer, `/api/v1/situations/${situationId}/reports`)).json() as {
      items: { number: number; status: string; counts: unknown }[];
    };
    expect(reports.items).toEqual([expect.objectContaining({ number: 1, status: 'issued' })]);
    expect(reports.items[0]?.counts).not.toBeNull();
    // Its notice says it is an exercise; nothing of it reaches a body outside the exercise.
    const mail = await mailTo(t, smtp, m1.officer.email, mailFrom);
    const notice = mail.find((m) => String(m.subject).includes('【状況報告】'));
    expect(notice?.subject).toMatch(/^【訓練】/);
    expect(notice?.text).toContain('【訓練】これは訓練');
    expect(await mailTo(t, smtp, m2.officer.email, mailFrom)).toEqual([]);
    // Exercise data: the real lists hold none of it.
    const real = (await get(coordinator, '/api/v1/situations?state=all')).body;
    expect(real).not.toContain(situationId);
    await control(ex, 'end');
  });

  it('times requests from their issue, and leaves paused time out of every timing; the CSV has them', async () => {
    const created = await create([declare(), request({ addressees: { kind: 'all' } })], {
      answerRollCallMinutes: 10,
      acknowledgeRequestMinutes: 5,
      completeRequestMinutes: 8,
    });
    expect(created.statusCode, created.body).toBe(201);
    const t0 = t.clock.now().getTime();
    const to = (minutes: number) => t.clock.set(new Date(t0 + minutes * MIN).toISOString());
    let ex = await control(created.json() as Exercise, 'start');
    await play();
    to(1);
    await play();
    ex = (await get(coordinator, `/api/v1/exercises/${ex.id}`)).json() as Exercise;
    const situationId = String(ex.injects[0]?.outcome?.situationId);
    const requestId = String(ex.injects[1]?.outcome?.requestId);
    // Paused from T+2m to T+12m: ten minutes that count in no timing.
    to(2);
    ex = await control(ex, 'pause');
    to(12);
    ex = await control(ex, 'resume');
    const move = async (u: TestUser, state: string) => {
      const res = await t.request(u, {
        method: 'POST',
        url: `/api/v1/situations/${situationId}/requests/${requestId}/moves`,
        payload: { state },
      });
      expect(res.statusCode, res.body).toBe(200);
    };
    to(13);
    await move(m1.officer, 'acknowledged');
    to(15);
    const answered = await t.request(m1.officer, {
      method: 'POST',
      url: `/api/v1/situations/${situationId}/answers`,
      payload: { status: 'none' },
    });
    expect(answered.statusCode, answered.body).toBe(201);
    to(20);
    await move(m1.officer, 'done');
    // The agency acknowledges during a second pause (T+22m to T+26m), and never completes.
    to(22);
    ex = await control(ex, 'pause');
    to(26);
    ex = await control(ex, 'resume');
    to(27);
    await move(a1.officer, 'acknowledged');
    to(30);
    ex = await control(ex, 'end');

    const report = (await get(coordinator, `/api/v1/exercises/${ex.id}/report`)).json() as {
      rows: {
        org: { id: string };
        answerRollCall: Timing;
        requests: { number: string; acknowledge: Timing; complete: Timing }[];
      }[];
      requests: {
        measures: Record<'ackRequest' | 'completeRequest', Stats>;
        byMinistry: { ministry: { id: string }; measures: Record<string, Stats> }[];
        slowest: Record<
          'ackRequest' | 'completeRequest',
          { orgId: string; number: string; missed: boolean }[]
        >;
      };
      comparison: { orgId: string; trend: Record<string, string | null> }[];
    };
    const row = (id: string) => report.rows.find((r) => r.org.id === id);
    // Declared at T+0, answered at T+15m, ten minutes paused: five minutes.
    expect(row(m1.org.id)?.answerRollCall).toMatchObject({ seconds: 300, met: true, missed: false });
    // Issued at T+1m: acknowledged at T+13m (12 − 10 paused = 2 min), done at T+20m (19 − 10 = 9 min, late).
    expect(row(m1.org.id)?.requests).toEqual([
      expect.objectContaining({
        number: 'R-1',
        acknowledge: expect.objectContaining({ seconds: 120, met: true, missed: false }),
        complete: expect.objectContaining({ seconds: 540, met: false, missed: false }),
      }),
    ]);
    // The agency: T+27m − T+1m − 10 − 4 paused = 12 min, late; never completed: missed.
    expect(row(a1.org.id)?.requests[0]?.acknowledge).toMatchObject({ seconds: 720, met: false });
    expect(row(a1.org.id)?.requests[0]?.complete).toMatchObject({ seconds: null, missed: true });
    expect(report.requests.measures.ackRequest).toEqual({
      bodies: 2,
      done: 2,
      missed: 0,
      late: 1,
      median: 420,
      p90: 720,
    });
    expect(report.requests.measures.completeRequest).toEqual({
      bodies: 2,
      done: 1,
      missed: 1,
      late: 1,
      median: 540,
      p90: 540,
    });
    expect(report.requests.byMinistry).toEqual([
      { ministry: expect.objectContaining({ id: m1.org.id }), measures: report.requests.measures },
    ]);
    expect(report.requests.slowest.completeRequest.map((s) => [s.orgId, s.number, s.missed])).toEqual([
      [a1.org.id, 'R-1', true],
      [m1.org.id, 'R-1', false],
    ]);
    expect(report.comparison.find((c) => c.orgId === m1.org.id)?.trend).toHaveProperty('ackRequest');

    const csv = (lang: string) =>
      t.request(coordinator, {
        method: 'GET',
        url: `/api/v1/exercises/${ex.id}/report.csv?lang=${lang}&tz=UTC`,
      });
    const rows = parseCsv((await csv('ja')).body.replace(/^\uFEFF/, ''));
    const header = rows.findIndex((r) => r[0] === '要請別の所要時間');
    expect(rows[header + 1]).toEqual([
      '事態番号',
      '要請番号',
      '要請',
      '府省庁',
      '組織',
      '受領日時',
      '受領まで（秒）',
      '受領の目標内',
      '受領なし',
      '完了日時',
      '完了まで（秒）',
      '完了の目標内',
      '完了なし',
      '取り下げ日時',
      '取り下げた人',
    ]);
    const agencyLine = rows.slice(header + 2).find((r) => r[4]?.startsWith(a1.org.slug));
    expect(agencyLine?.slice(1, 3)).toEqual(['R-1', '被害状況の確認']);
    expect(agencyLine?.slice(6)).toEqual(['720', 'いいえ', '', '', '', '', 'はい', '', '']);
    expect(rows.find((r) => r[0] === '全体' && r[1] === '要請の完了')).toEqual([
      '全体',
      '要請の完了',
      '2',
      '1',
      '1',
      '1',
      '540',
      '540',
    ]);
    const en = parseCsv((await csv('en')).body.replace(/^\uFEFF/, ''));
    expect(en.some((r) => r[0] === 'Timings per request')).toBe(true);
  });

  it('shows a withdrawn request per body (when, by whom) and counts it in no median and no miss; so does the CSV', async () => {
    const created = await create(
      [declare(), request({ title: '続く要請' }), request({ title: '取り下げる要請' })],
      { acknowledgeRequestMinutes: 5 },
    );
    expect(created.statusCode, created.body).toBe(201);
    const t0 = t.clock.now().getTime();
    const to = (minutes: number) => t.clock.set(new Date(t0 + minutes * MIN).toISOString());
    let ex = await control(created.json() as Exercise, 'start');
    await play();
    to(1);
    await play();
    ex = (await get(coordinator, `/api/v1/exercises/${ex.id}`)).json() as Exercise;
    const situationId = String(ex.injects[0]?.outcome?.situationId);
    const [standingId, withdrawnId] = [1, 2].map((i) => String(ex.injects[i]?.outcome?.requestId));
    to(2);
    const ack = await t.request(m1.officer, {
      method: 'POST',
      url: `/api/v1/situations/${situationId}/requests/${standingId}/moves`,
      payload: { state: 'acknowledged' },
    });
    expect(ack.statusCode, ack.body).toBe(200);
    to(3);
    const acked = await t.request(m1.officer, {
      method: 'POST',
      url: `/api/v1/situations/${situationId}/requests/${withdrawnId}/moves`,
      payload: { state: 'acknowledged' },
    });
    expect(acked.statusCode, acked.body).toBe(200);
    const list = (await get(coordinator, `/api/v1/situations/${situationId}/requests`)).json() as {
      items: { id: string; version: number }[];
    };
    to(4);
    const withdraw = await t.request(coordinator, {
      method: 'POST',
      url: `/api/v1/situations/${situationId}/requests/${withdrawnId}/withdraw`,
      payload: { version: list.items.find((i) => i.id === withdrawnId)?.version },
    });
    expect(withdraw.statusCode, withdraw.body).toBe(200);
    to(10);
    ex = await control(ex, 'end');

    const me = (await get(coordinator, '/api/v1/me')).json() as { displayName: string };
    const report = (await get(coordinator, `/api/v1/exercises/${ex.id}/report`)).json() as {
      rows: {
        org: { id: string };
        requests: {
          number: string;
          acknowledge: Timing;
          complete: Timing;
          withdrawn: { at: string; by: string | null } | null;
        }[];
      }[];
      requests: { measures: Record<'ackRequest' | 'completeRequest', Stats> };
    };
    const row = (id: string) => report.rows.find((r) => r.org.id === id);
    const withdrawn = { at: new Date(t0 + 4 * MIN).toISOString(), by: me.displayName };
    expect(row(m1.org.id)?.requests).toEqual([
      expect.objectContaining({ number: 'R-1', withdrawn: null }),
      expect.objectContaining({
        number: 'R-2',
        withdrawn,
        acknowledge: expect.objectContaining({ seconds: 120, missed: false }),
        complete: expect.objectContaining({ seconds: null, missed: false }),
      }),
    ]);
    expect(row(a1.org.id)?.requests[1]).toMatchObject({
      number: 'R-2',
      withdrawn,
      acknowledge: { seconds: null, missed: false },
      complete: { seconds: null, missed: false },
    });
    // Only R-1 is measured: the ministry acknowledged it in a minute, the agency never did.
    expect(report.requests.measures.ackRequest).toEqual({
      bodies: 2,
      done: 1,
      missed: 1,
      late: 0,
      median: 60,
      p90: 60,
    });
    expect(report.requests.measures.completeRequest).toMatchObject({ bodies: 2, missed: 2 });

    const csv = await t.request(coordinator, {
      method: 'GET',
      url: `/api/v1/exercises/${ex.id}/report.csv?lang=en&tz=UTC`,
    });
    const rows = parseCsv(csv.body.replace(/^\uFEFF/, ''));
    const header = rows.findIndex((r) => r[0] === 'Timings per request');
    const line = rows.slice(header + 2).find((r) => r[1] === 'R-2' && r[4]?.startsWith(a1.org.slug));
    expect(line?.slice(8)).toEqual([
      '',
      '',
      '',
      '',
      '',
      `${withdrawn.at.slice(0, 19)}+00:00`,
      me.displayName,
    ]);
  });
});
