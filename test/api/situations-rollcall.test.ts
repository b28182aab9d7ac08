import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../support/csv.js';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestOrg, type TestUser } from '../support/harness.js';
import { declareSituation, situationGovernment, wideScope } from '../support/situations.js';
import { expectProblem } from './helpers.js';

// The roll-call end to end: answers and revisions (every one kept), answers on behalf, the board and its CSV,
// and every bad answer refused with its code while writing nothing.

interface Answer {
  orgId: string;
  orgSlug: string;
  revision: number;
  status: string;
  note: string | null;
  incidentId: string | null;
  incident: { id: string; number: string; title: string } | null;
  answeredBy: { name: string; orgId: string };
  onBehalf: boolean;
}
interface BoardBody {
  orgId: string;
  kind: string;
  parentId: string | null;
  answer: Answer | null;
  acknowledgedAt: string | null;
  escalated: boolean;
}
interface Board {
  counts: Record<string, number>;
  byMinistry: { orgId: string; counts: Record<string, number> }[];
  bodies: BoardBody[];
}

describe.each(DIALECTS)('the roll-call on %s', (dialect) => {
  let t: TestApp;
  let center: TestOrg;
  let coordinator: TestUser;
  // m1 in scope with its agencies a1, a1b; m2 out of scope, its agency a2 named alone; m3 in scope, no agencies.
  let m1: TestOrg;
  let a1: TestOrg;
  let a1b: TestOrg;
  let m2: TestOrg;
  let a2: TestOrg;
  let m3: TestOrg;
  let outsider: TestOrg;
  let u: Record<string, TestUser>;
  let situationId: string;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    const g = await situationGovernment(t);
    ({ center, coordinator, m1, a1, a1b, m2, a2, m3, outsider } = g);
    u = {
      m1Officer: await t.user(m1, 'security-officer'),
      m1Reporter: await t.user(m1, 'reporter'),
      a1Reporter: await t.user(a1, 'reporter'),
      a1bOfficer: await t.user(a1b, 'security-officer'),
      m2Officer: await t.user(m2, 'security-officer'),
      a2Reporter: await t.user(a2, 'reporter'),
      m3Officer: await t.user(m3, 'security-officer'),
      outsiderOfficer: await t.user(outsider, 'security-officer'),
      analyst: g.analyst,
    };
    situationId = await declareSituation(t, g, {
      name: '大規模なランサムウェア被害',
      description: '複数機関で暗号化被害',
      level: 'emergency',
      tlp: 'TLP:AMBER+STRICT',
      scope: wideScope(g, { a2BySlug: true }),
    });
  });
  afterAll(async () => t?.close());

  const answer = (who: TestUser, payload: Record<string, unknown>) =>
    t.request(who, { method: 'POST', url: `/api/v1/situations/${situationId}/answers`, payload });
  const history = (who: TestUser, org: string) =>
    t.request(who, { method: 'GET', url: `/api/v1/situations/${situationId}/answers/${org}` });
  const board = (who: TestUser, query = '') =>
    t.request(who, { method: 'GET', url: `/api/v1/situations/${situationId}/board${query}` });
  const written = async () => ({
    answers: await t.count('rollcall_answers'),
    entries: await t.count('situation_entries'),
    links: await t.count('situation_incidents'),
    audit: await t.count('audit_log'),
    events: await t.count('events'),
  });

  it('a body answers for itself and revises; every revision is kept, newest first', async () => {
    const first = await answer(u.a1Reporter as TestUser, { status: 'investigating', note: '確認中' });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({
      orgId: a1.id,
      revision: 1,
      status: 'investigating',
      onBehalf: false,
    });
    const second = await answer(u.a1Reporter as TestUser, { status: 'none' });
    expect(second.json()).toMatchObject({ revision: 2, status: 'none', note: null });
    const revisions = (await history(u.a1Reporter as TestUser, a1.id)).json() as { items: Answer[] };
    expect(revisions.items.map((a) => [a.revision, a.status])).toEqual([
      [2, 'none'],
      [1, 'investigating'],
    ]);
    // By slug as well; the situation shows the current answer as the body's own.
    expect(
      ((await history(u.m1Officer as TestUser, a1.slug)).json() as { items: Answer[] }).items,
    ).toHaveLength(2);
    const s = (
      await t.request(u.a1Reporter as TestUser, { method: 'GET', url: `/api/v1/situations/${situationId}` })
    ).json() as {
      myBody: { answer: Answer | null };
    };
    expect(s.myBody.answer).toMatchObject({ revision: 2, status: 'none' });
    // The live event reaches the body, its ministry and the center only.
    const events = await t.services.events.since(0, 10_000);
    const answered = events.filter((e) => e.type === 'rollcall.answered' && e.payload.orgId === a1.id);
    expect(answered).toHaveLength(2);
    for (const e of answered) expect(new Set(e.readerOrgIds)).toEqual(new Set([a1.id, m1.id, center.id]));
    expect(answered[1]?.payload).toEqual({
      situationId,
      orgId: a1.id,
      status: 'none',
      revision: 2,
      onBehalf: false,
    });
  });

  it('a ministry answers on behalf of its agency, recorded as such; an out-of-scope ministry only for its agency', async () => {
    const res = await answer(u.m1Officer as TestUser, {
      orgSlug: a1b.slug,
      status: 'affected',
      note: '代理で回答',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ orgId: a1b.id, onBehalf: true, answeredBy: { orgId: m1.id } });
    // m2 is not in scope, its agency a2 is: m2 sees the situation and answers for a2, never for itself.
    const forA2 = await answer(u.m2Officer as TestUser, { orgId: a2.id, status: 'investigating' });
    expect(forA2.statusCode).toBe(201);
    expect(forA2.json()).toMatchObject({ orgId: a2.id, onBehalf: true });
    expectProblem(
      await answer(u.m2Officer as TestUser, { status: 'none' }),
      403,
      'situations.answer_forbidden',
    );
  });

  it('refuses answers for bodies the caller may not answer for, and writes nothing', async () => {
    const before = await written();
    const forbidden: [TestUser, Record<string, unknown>][] = [
      [u.a1Reporter as TestUser, { orgId: a1b.id, status: 'none' }], // a sibling agency
      [u.m3Officer as TestUser, { orgId: a1.id, status: 'none' }], // another ministry's agency
      [u.m3Officer as TestUser, { orgId: a2.id, status: 'none' }], // another ministry's agency, named alone
      [u.m1Officer as TestUser, { orgId: m3.id, status: 'none' }], // a sibling ministry
      [u.m1Officer as TestUser, { orgId: 'forged-org-id', status: 'none' }],
      [u.m1Officer as TestUser, { orgSlug: 'no-such-slug', status: 'none' }],
      [u.m1Officer as TestUser, { orgId: center.id, status: 'none' }],
      [coordinator, { status: 'none' }], // the center is never in scope
      [u.analyst as TestUser, { orgId: m1.id, status: 'none' }],
    ];
    for (const [who, payload] of forbidden)
      expectProblem(await answer(who, payload), 403, 'situations.answer_forbidden');
    // A body outside the scope does not see the situation at all.
    expectProblem(
      await answer(u.outsiderOfficer as TestUser, { status: 'none' }),
      404,
      'situations.not_found',
    );
    expectProblem(
      await t.request(u.m1Officer as TestUser, {
        method: 'POST',
        url: '/api/v1/situations/forged-id/answers',
        payload: { status: 'none' },
      }),
      404,
      'situations.not_found',
    );
    expect(await written()).toEqual(before);
  });

  it('refuses bad answers with their codes, and writes nothing', async () => {
    const mine = await t.fileIncident(u.m3Officer as TestUser);
    const others = await t.fileIncident(u.a1Reporter as TestUser);
    const before = await written();
    const who = u.m3Officer as TestUser;
    const cases: [Record<string, unknown>, number, string][] = [
      [{ status: 'none', note: 'x'.repeat(1001) }, 400, 'request.validation_failed'],
      [{ status: 'none', note: '\u200b \u200d' }, 400, 'text.empty'],
      [{ status: 'none', note: 'abc\u202edef' }, 400, 'text.invisible_characters'],
      [{ status: 'fine' }, 400, 'request.validation_failed'],
      [{ status: 'none', extra: 1 }, 400, 'request.validation_failed'],
      [{ orgId: m3.id, orgSlug: m3.slug, status: 'none' }, 400, 'situations.body_ambiguous'],
      [{ status: 'affected', incidentId: others.id }, 422, 'situations.incident_unknown'],
      [{ status: 'affected', incidentId: 'forged-incident' }, 422, 'situations.incident_unknown'],
    ];
    for (const [payload, status, code] of cases) expectProblem(await answer(who, payload), status, code);
    expect(await written()).toEqual(before);
    // Its own incident links, and is shown to it.
    const ok = await answer(who, { status: 'affected', incidentId: mine.id, note: 'ｶﾀｶﾅ\u200bと全角ＡＢＣ' });
    expect(ok.statusCode).toBe(201);
    const body = ok.json() as Answer;
    expect(body.incident?.id).toBe(mine.id);
    // Stored as typed (NFC, not NFKC).
    expect(body.note).toBe('ｶﾀｶﾅ\u200bと全角ＡＢＣ');
  });

  it("a ministry links its agency's incident when answering on its behalf", async () => {
    const filed = await t.fileIncident(u.a1Reporter as TestUser);
    const res = await answer(u.m1Reporter as TestUser, {
      orgId: a1.id,
      status: 'affected',
      incidentId: filed.id,
    });
    expect(res.statusCode).toBe(201);
    expect((res.json() as Answer).incident?.id).toBe(filed.id);
    // Another ministry's officer cannot link it even to its own answer.
    expectProblem(
      await answer(u.m3Officer as TestUser, { status: 'affected', incidentId: filed.id }),
      422,
      'situations.incident_unknown',
    );
  });

  it('the board: the center sees every body, a ministry itself and its agencies, an agency none', async () => {
    const centerBoard = (await board(u.analyst as TestUser)).json() as Board;
    expect(new Set(centerBoard.bodies.map((b) => b.orgId))).toEqual(
      new Set([m1.id, a1.id, a1b.id, a2.id, m3.id]),
    );
    expect(centerBoard.counts).toEqual({ none: 0, investigating: 1, affected: 3, unanswered: 1, total: 5 });
    expect(centerBoard.byMinistry.find((m) => m.orgId === m2.id)?.counts).toMatchObject({
      total: 1,
      investigating: 1,
    });
    expect(centerBoard.bodies.every((b) => b.acknowledgedAt === null && b.escalated === false)).toBe(true);
    const m1Board = (await board(u.m1Officer as TestUser)).json() as Board;
    expect(m1Board.bodies.map((b) => b.orgId)).toEqual([
      m1.id,
      ...[a1, a1b].sort((x, y) => x.slug.localeCompare(y.slug)).map((o) => o.id),
    ]);
    const m2Board = (await board(u.m2Officer as TestUser)).json() as Board;
    expect(m2Board.bodies.map((b) => b.orgId)).toEqual([a2.id]);
    expectProblem(await board(u.a1Reporter as TestUser), 403, 'situations.board_forbidden');
    expectProblem(await board(u.outsiderOfficer as TestUser), 404, 'situations.not_found');
    // Filters: by answer (counts stay), by ministry (id or slug).
    const affected = (await board(u.analyst as TestUser, '?answer=affected')).json() as Board;
    expect(affected.bodies.map((b) => b.answer?.status)).toEqual(['affected', 'affected', 'affected']);
    expect(affected.counts.total).toBe(5);
    const unanswered = (await board(u.analyst as TestUser, '?answer=unanswered')).json() as Board;
    expect(unanswered.bodies.map((b) => b.orgId)).toEqual([m1.id]);
    const ofM1 = (await board(u.analyst as TestUser, `?ministry=${m1.slug}`)).json() as Board;
    expect(ofM1.counts.total).toBe(3);
    // A ministry filtering for another ministry sees nothing of it.
    expect(((await board(u.m1Officer as TestUser, `?ministry=${m2.id}`)).json() as Board).bodies).toEqual([]);
    expectProblem(await board(u.analyst as TestUser, '?answer=maybe'), 400, 'request.validation_failed');
  });

  it('the board as CSV: the same rows, an attachment with a BOM and Japanese headers', async () => {
    const res = await t.request(u.m1Officer as TestUser, {
      method: 'GET',
      url: `/api/v1/situations/${situationId}/board.csv`,
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename=".+\.csv"$/);
    expect(res.body.startsWith('\uFEFF')).toBe(true);
    const rows = parseCsv(res.body.slice(1));
    expect(rows[1]?.slice(0, 4)).toEqual(['府省庁', '組織', '種別', '回答']);
    expect(rows.slice(2)).toHaveLength(3);
    expect(rows.slice(2).map((r) => r[3])).toContain('被害あり');
    expectProblem(
      await t.request(u.a1Reporter as TestUser, {
        method: 'GET',
        url: `/api/v1/situations/${situationId}/board.csv`,
      }),
      403,
      'situations.board_forbidden',
    );
    expectProblem(
      await t.request(u.m1Officer as TestUser, {
        method: 'GET',
        url: `/api/v1/situations/${situationId}/board.csv?tz=Mars/Olympus`,
      }),
      400,
      'export.unknown_time_zone',
    );
  });

  it('answers are read by the body, its ministry and the center only', async () => {
    expect((await history(u.analyst as TestUser, a1.id)).statusCode).toBe(200);
    expect((await history(u.m1Officer as TestUser, a1.id)).statusCode).toBe(200);
    expectProblem(await history(u.a1bOfficer as TestUser, a1.id), 404, 'situations.body_not_found');
    expectProblem(await history(u.m3Officer as TestUser, a1.id), 404, 'situations.body_not_found');
    expectProblem(await history(u.m2Officer as TestUser, m1.id), 404, 'situations.body_not_found');
    expectProblem(await history(u.m1Officer as TestUser, outsider.id), 404, 'situations.body_not_found');
    expectProblem(await history(u.outsiderOfficer as TestUser, outsider.id), 404, 'situations.not_found');
  });

  it('answers given at once each get their own revision, none lost', async () => {
    const before = ((await history(u.m3Officer as TestUser, m3.id)).json() as { items: Answer[] }).items
      .length;
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        answer(u.m3Officer as TestUser, { status: 'investigating', note: `同時 ${i}` }),
      ),
    );
    expect(results.map((r) => r.statusCode)).toEqual(Array(6).fill(201));
    const revisions = results.map((r) => (r.json() as Answer).revision).sort((a, b) => a - b);
    expect(revisions).toEqual(Array.from({ length: 6 }, (_, i) => before + i + 1));
  });
});
