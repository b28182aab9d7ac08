import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestOrg, type TestUser } from '../support/harness.js';
import { declareSituation, situationGovernment } from '../support/situations.js';
import { expectProblem } from './helpers.js';

// Situation reports (状況報告): drafted by the center's coordinators, issued as 第n報 numbered per situation in
// issue order (also when two are issued at once), corrected as new versions, the roll-call counts snapshotted at
// issue; drafts seen by the center only; every bad input refused with a stable code and nothing changed.

interface Report {
  id: string;
  status: string;
  number: number | null;
  version: number;
  latest: boolean;
  corrected: boolean;
  title: string;
  body: string;
  changeNote: string | null;
  rowVersion: number;
  counts: {
    totals: Record<string, number>;
    byMinistry?: { orgId: string; counts: Record<string, number> }[];
  } | null;
}
interface List {
  items: Report[];
  drafts: Report[];
  schedule: { intervalMinutes: number | null; nextDueAt: string | null; overdue: boolean };
}

describe.each(DIALECTS)('situation reports on %s', (dialect) => {
  let t: TestApp;
  let coordinator: TestUser;
  let analyst: TestUser;
  let m1: TestOrg;
  let u: Record<string, TestUser>;
  let id: string;

  const call = (who: TestUser, method: 'GET' | 'POST' | 'PUT', path: string, payload?: unknown) =>
    t.request(who, {
      method,
      url: `/api/v1/situations/${id}${path}`,
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  const draft = async (title = '第一報の案', counts = 'none') => {
    const res = await call(coordinator, 'POST', '/reports', { title, body: '被害の概要', counts });
    expect(res.statusCode).toBe(201);
    return res.json() as Report;
  };
  const issue = async (r: Report) => {
    const res = await call(coordinator, 'POST', `/reports/${r.id}/issue`, { version: r.rowVersion });
    expect(res.statusCode).toBe(200);
    return res.json() as Report;
  };
  const list = async (who: TestUser) => {
    const res = await call(who, 'GET', '/reports');
    expect(res.statusCode).toBe(200);
    return res.json() as List;
  };
  const rows = () => t.count('situation_reports');

  beforeAll(async () => {
    t = await startTestApp(dialect);
    const g = await situationGovernment(t);
    ({ coordinator, analyst, m1 } = g);
    u = {
      m1Officer: await t.user(m1, 'security-officer'),
      a1Reporter: await t.user(g.a1, 'reporter'),
      m2Officer: await t.user(g.m2, 'security-officer'),
      outsider: await t.user(g.outsider, 'security-officer'),
    };
    id = await declareSituation(t, g, {
      name: '標的型攻撃の連鎖',
      description: '府省庁への標的型メール',
      level: 'caution',
      tlp: 'TLP:AMBER',
      // m1 and its agency a1 (not its other agency a1b), and m2: three bodies.
      scope: [
        { orgId: m1.id, withAgencies: false },
        { orgId: g.a1.id, withAgencies: false },
        { orgId: g.m2.id, withAgencies: false },
      ],
    });
    await call(u.a1Reporter as TestUser, 'POST', '/answers', { status: 'affected' });
    await call(u.m2Officer as TestUser, 'POST', '/answers', { status: 'none' });
  });
  afterAll(() => t?.close());

  it('a draft is the center’s only: bodies in scope list none and read it as missing', async () => {
    const d = await draft('非公開の案');
    expect(d).toMatchObject({ status: 'draft', number: null, version: 1 });
    expect((await list(analyst)).drafts.map((r) => r.id)).toContain(d.id);
    for (const who of [u.m1Officer, u.a1Reporter, u.m2Officer] as TestUser[]) {
      expect((await list(who)).drafts).toEqual([]);
      expectProblem(await call(who, 'GET', `/reports/${d.id}`), 404, 'situations.reports.not_found');
    }
    expectProblem(await call(u.outsider as TestUser, 'GET', '/reports'), 404, 'situations.not_found');
  });

  it('issues are numbered 1, 2, 3… in issue order, with counts snapshotted and kept as they were', async () => {
    const first = await issue(await draft('第1報', 'by-ministry'));
    expect(first).toMatchObject({ status: 'issued', number: 1, version: 1, latest: true, corrected: false });
    expect(first.counts?.totals).toMatchObject({ affected: 1, none: 1, unanswered: 1, total: 3 });
    expect(first.counts?.byMinistry?.find((m) => m.orgId === m1.id)?.counts).toMatchObject({
      affected: 1,
      unanswered: 1,
    });
    // The board moves on; the issued report does not.
    await call(u.m1Officer as TestUser, 'POST', '/answers', { status: 'investigating' });
    const seen = (await list(u.m2Officer as TestUser)).items.find((r) => r.id === first.id);
    expect(seen?.counts?.totals).toMatchObject({ affected: 1, none: 1, unanswered: 1 });
    const totalsOnly = await issue(await draft('第2報', 'totals'));
    expect(totalsOnly.number).toBe(2);
    expect(totalsOnly.counts?.totals).toMatchObject({ investigating: 1, unanswered: 0 });
    expect(totalsOnly.counts?.byMinistry).toBeUndefined();
  });

  it('two issues at once never take one number', async () => {
    const drafts = [await draft('同時A'), await draft('同時B')];
    const answers = await Promise.all(
      drafts.map((r) => call(coordinator, 'POST', `/reports/${r.id}/issue`, { version: r.rowVersion })),
    );
    expect(answers.map((r) => r.statusCode)).toEqual([200, 200]);
    const numbers = answers.map((r) => (r.json() as Report).number).sort();
    expect(numbers).toEqual([3, 4]);
  });

  it('a correction is a new version of the same number; every version is kept, the latest first', async () => {
    const body = await list(u.a1Reporter as TestUser);
    const one = body.items.find((r) => r.number === 1) as Report;
    const res = await call(coordinator, 'POST', `/reports/${one.id}/corrections`, {
      title: '第1報（訂正）',
      body: '被害の概要（訂正）',
      changeNote: '影響を受けた機関数を訂正',
      version: 1,
    });
    expect(res.statusCode).toBe(201);
    const v2 = res.json() as Report;
    expect(v2).toMatchObject({ number: 1, version: 2, latest: true, corrected: true });
    expect(v2.counts).toEqual(one.counts);
    const after = (await list(u.a1Reporter as TestUser)).items.filter((r) => r.number === 1);
    expect(after.map((r) => [r.version, r.latest, r.corrected])).toEqual([
      [2, true, true],
      [1, false, true],
    ]);
    // Newest number first.
    expect((await list(u.m1Officer as TestUser)).items[0]?.number).toBe(4);
    const timeline = (await call(u.m2Officer as TestUser, 'GET', '/timeline')).json() as {
      items: { kind: string }[];
    };
    expect(timeline.items.filter((e) => e.kind === 'report_issued')).toHaveLength(4);
    expect(timeline.items.filter((e) => e.kind === 'report_corrected')).toHaveLength(1);
  });

  it('refuses bad input with a stable code and changes nothing', async () => {
    const d = await draft('検証用');
    const issued = (await list(coordinator)).items[0] as Report;
    const before = await rows();
    const cases: [TestUser, 'POST' | 'PUT', string, unknown, number, string][] = [
      [coordinator, 'POST', '/reports', { title: '\u200b\u200b', body: '本文' }, 400, 'text.empty'],
      [coordinator, 'POST', '/reports', { title: '題', body: '\u200b' }, 400, 'text.empty'],
      [coordinator, 'POST', '/reports', { title: '', body: '本文' }, 400, 'request.validation_failed'],
      [
        coordinator,
        'POST',
        '/reports',
        { title: '題', body: 'x'.repeat(20_001) },
        400,
        'request.validation_failed',
      ],
      [coordinator, 'POST', '/reports', { title: '題', body: 'a\u202Eb' }, 400, 'text.invisible_characters'],
      [
        coordinator,
        'POST',
        `/reports/${issued.id}/issue`,
        { version: issued.rowVersion },
        409,
        'situations.reports.already_issued',
      ],
      [
        coordinator,
        'POST',
        `/reports/${d.id}/issue`,
        { version: d.rowVersion + 1 },
        409,
        'situations.reports.stale_version',
      ],
      [
        coordinator,
        'POST',
        `/reports/${d.id}/corrections`,
        { title: '題', body: '本文', changeNote: '訂正', version: 1 },
        409,
        'situations.reports.not_issued',
      ],
      [
        coordinator,
        'POST',
        `/reports/${issued.id}/corrections`,
        { title: '題', body: '本文', changeNote: '訂正', version: 9 },
        409,
        'situations.reports.stale_version',
      ],
      [
        coordinator,
        'PUT',
        `/reports/${issued.id}`,
        { title: '題', body: '本文', counts: 'none', version: 1 },
        409,
        'situations.reports.already_issued',
      ],
      [coordinator, 'POST', '/reports/forged/issue', { version: 1 }, 404, 'situations.reports.not_found'],
      [analyst, 'POST', '/reports', { title: '題', body: '本文' }, 403, 'auth.forbidden'],
      [u.m1Officer as TestUser, 'POST', `/reports/${d.id}/issue`, { version: 1 }, 403, 'auth.forbidden'],
      [u.outsider as TestUser, 'POST', `/reports/${d.id}/issue`, { version: 1 }, 404, 'situations.not_found'],
    ];
    for (const [who, method, path, payload, status, code] of cases)
      expectProblem(await call(who, method, path, payload), status, code);
    expect(await rows()).toBe(before);
  });

  it('a stale edit of a draft is refused; a fresh one is taken', async () => {
    const d = await draft('編集用');
    const edit = (version: number) =>
      call(coordinator, 'PUT', `/reports/${d.id}`, {
        title: '編集後',
        body: '本文',
        counts: 'totals',
        version,
      });
    const ok = await edit(d.rowVersion);
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ title: '編集後', countsKind: 'totals', rowVersion: d.rowVersion + 1 });
    expectProblem(await edit(d.rowVersion), 409, 'situations.reports.stale_version');
  });

  it('the interval says when the next report is due, and when it is overdue', async () => {
    expect((await list(u.m1Officer as TestUser)).schedule).toEqual({
      intervalMinutes: null,
      nextDueAt: null,
      overdue: false,
    });
    expect((await call(coordinator, 'PUT', '/report-interval', { minutes: 60 })).statusCode).toBe(204);
    const due = (await list(u.m1Officer as TestUser)).schedule;
    expect(due).toMatchObject({ intervalMinutes: 60, overdue: false });
    t.clock.advance(61 * 60_000);
    expect((await list(u.a1Reporter as TestUser)).schedule.overdue).toBe(true);
    expectProblem(
      await call(u.m1Officer as TestUser, 'PUT', '/report-interval', { minutes: 60 }),
      403,
      'auth.forbidden',
    );
    expectProblem(
      await call(coordinator, 'PUT', '/report-interval', { minutes: 1 }),
      400,
      'request.validation_failed',
    );
  });

  it('after the stand-down one final report may be issued, and no report after it', async () => {
    const pending = await draft('未発出の案');
    expect((await call(coordinator, 'POST', '/stand-down', {})).statusCode).toBe(200);
    const final = await issue(await draft('最終報'));
    expect(final.status).toBe('issued');
    expectProblem(
      await call(coordinator, 'POST', `/reports/${pending.id}/issue`, { version: pending.rowVersion }),
      409,
      'situations.reports.closed',
    );
    expect((await list(u.m1Officer as TestUser)).schedule.nextDueAt).toBeNull();
  });
});
