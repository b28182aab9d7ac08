import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestOrg, type TestUser } from '../support/harness.js';
import { declareSituation, situationGovernment, wideScope } from '../support/situations.js';
import { expectProblem } from './helpers.js';

// Requests (要請) of a situation end to end: issue to named bodies, the ministries or all in scope; each body's
// state moved forward with who and when; the ministry on behalf; amend and withdraw at the version read; overdue;
// two movers at once; the stand-down; and every bad input refused with its code while writing nothing.

interface BodyState {
  orgId: string;
  state: string;
  version: number;
  acknowledgedAt: string | null;
  acknowledgedBy: { name: string; orgId: string; onBehalf: boolean } | null;
  startedAt: string | null;
  doneAt: string | null;
  doneBy: { onBehalf: boolean } | null;
  doneNote: string | null;
  overdue: boolean;
}
interface Req {
  id: string;
  number: string;
  title: string;
  dueAt: string;
  version: number;
  withdrawnAt: string | null;
  counts: Record<string, number>;
  overdueBodies: { orgId: string }[];
  mine: BodyState | null;
  mayMoveFor: string[];
  bodies: BodyState[];
  moves?: { orgId: string; from: string; to: string; onBehalf: boolean }[];
}

describe.each(DIALECTS)('situation requests on %s', (dialect) => {
  let t: TestApp;
  let center: TestOrg;
  let coordinator: TestUser;
  let analyst: TestUser;
  let m1: TestOrg;
  let a1: TestOrg;
  let a1b: TestOrg;
  let a2: TestOrg;
  let m3: TestOrg;
  let outsider: TestOrg;
  let u: Record<string, TestUser>;
  let situationId: string;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    const g = await situationGovernment(t);
    ({ center, coordinator, analyst, m1, a1, a1b, a2, m3, outsider } = g);
    u = {
      m1Officer: await t.user(m1, 'security-officer'),
      a1Reporter: await t.user(a1, 'reporter'),
      a1Officer: await t.user(a1, 'security-officer'),
      a1bOfficer: await t.user(a1b, 'security-officer'),
      a2Reporter: await t.user(a2, 'reporter'),
      m3Officer: await t.user(m3, 'security-officer'),
      outsiderOfficer: await t.user(outsider, 'security-officer'),
    };
    situationId = await declareSituation(t, g, {
      name: '大規模なランサムウェア被害',
      description: '複数機関で暗号化被害',
      level: 'emergency',
      tlp: 'TLP:AMBER',
      scope: wideScope(g),
    });
  });
  afterAll(async () => t?.close());

  const inHours = (h: number) => new Date(t.clock.now().getTime() + h * 3_600_000).toISOString();
  const issue = (who: TestUser, payload: Record<string, unknown>, headers: Record<string, string> = {}) =>
    t.request(who, {
      method: 'POST',
      url: `/api/v1/situations/${situationId}/requests`,
      payload,
      headers: { ...who.headers, ...headers },
    });
  const move = (who: TestUser, requestId: string, payload: Record<string, unknown>) =>
    t.request(who, {
      method: 'POST',
      url: `/api/v1/situations/${situationId}/requests/${requestId}/moves`,
      payload,
    });
  const read = (who: TestUser, requestId: string) =>
    t.request(who, { method: 'GET', url: `/api/v1/situations/${situationId}/requests/${requestId}` });
  const list = async (who: TestUser) =>
    (
      (await t.request(who, { method: 'GET', url: `/api/v1/situations/${situationId}/requests` })).json() as {
        items: Req[];
      }
    ).items;
  const written = async () => ({
    requests: await t.count('situation_requests'),
    bodies: await t.count('situation_request_bodies'),
    moves: await t.count('situation_request_moves'),
    entries: await t.count('situation_entries'),
    audit: await t.count('audit_log'),
    events: await t.count('events'),
  });
  const valid = () => ({
    title: 'VPN機器の緊急点検',
    body: '該当機器のログを確認し、結果を報告してください。',
    dueAt: inHours(4),
    addressees: { kind: 'bodies', bodies: [{ orgId: a1.id }, { orgSlug: a1b.slug }, { orgId: m3.id }] },
  });

  it('the center issues numbered requests to named bodies, the ministries or all in scope', async () => {
    const first = await issue(coordinator, valid());
    expect(first.statusCode).toBe(201);
    const r1 = first.json() as Req;
    expect(first.headers.location).toBe(`/api/v1/situations/${situationId}/requests/${r1.id}`);
    expect(r1).toMatchObject({ number: 'R-1', title: 'VPN機器の緊急点検', version: 1, withdrawnAt: null });
    expect(r1.counts).toEqual({ issued: 3, acknowledged: 0, in_progress: 0, done: 0, total: 3 });
    expect(r1.bodies.map((b) => b.orgId).sort()).toEqual([a1.id, a1b.id, m3.id].sort());
    const ministries = (
      await issue(coordinator, { ...valid(), addressees: { kind: 'ministries' } })
    ).json() as Req;
    expect(ministries.number).toBe('R-2');
    expect(ministries.bodies.map((b) => b.orgId).sort()).toEqual([m1.id, m3.id].sort());
    const all = (await issue(coordinator, { ...valid(), addressees: { kind: 'all' } })).json() as Req;
    expect(all.number).toBe('R-3');
    expect(all.counts.total).toBe(5);
    // Announced to the addressed bodies, their ministries and the center; on the timeline; audited.
    const events = (await t.services.events.since(0, 10_000)).filter(
      (e) => e.type === 'situation.request.issued',
    );
    expect(new Set(events[0]?.readerOrgIds)).toEqual(new Set([center.id, a1.id, a1b.id, m1.id, m3.id]));
    expect(events[0]?.payload).toMatchObject({ requestId: r1.id, number: 'R-1', title: 'VPN機器の緊急点検' });
    const timeline = (
      await t.request(coordinator, { method: 'GET', url: `/api/v1/situations/${situationId}/timeline` })
    ).json() as { items: { kind: string; data: Record<string, unknown> }[] };
    expect(timeline.items.filter((e) => e.kind === 'request_issued').map((e) => e.data.number)).toEqual([
      'R-1',
      'R-2',
      'R-3',
    ]);
  });

  it('a body moves its own state forward, each step stamped; a step twice or back is a 409', async () => {
    const r = (await issue(coordinator, valid())).json() as Req;
    const ack = await move(u.a1Reporter as TestUser, r.id, { state: 'acknowledged' });
    expect(ack.statusCode).toBe(200);
    const acked = ack.json() as Req;
    expect(acked.mine).toMatchObject({ orgId: a1.id, state: 'acknowledged', version: 2 });
    expect(acked.mine?.acknowledgedAt).toBe(t.clock.now().toISOString());
    expect(acked.mine?.acknowledgedBy).toMatchObject({ orgId: a1.id, onBehalf: false });
    // The body sees its own state only, never a sibling's.
    expect(acked.bodies.map((b) => b.orgId)).toEqual([a1.id]);
    const before = await written();
    expectProblem(
      await move(u.a1Officer as TestUser, r.id, { state: 'acknowledged' }),
      409,
      'situations.request_state_passed',
    );
    expect(await written()).toEqual(before);
    t.clock.advance(60_000);
    expect((await move(u.a1Officer as TestUser, r.id, { state: 'in_progress', version: 2 })).statusCode).toBe(
      200,
    );
    expectProblem(
      await move(u.a1Officer as TestUser, r.id, { state: 'acknowledged' }),
      409,
      'situations.request_state_passed',
    );
    expectProblem(
      await move(u.a1Officer as TestUser, r.id, { state: 'done', version: 2 }),
      409,
      'situations.request_stale',
    );
    expectProblem(
      await move(u.a1Officer as TestUser, r.id, { state: 'done', note: '\u200b' }),
      400,
      'text.empty',
    );
    t.clock.advance(60_000);
    const done = (
      await move(u.a1Officer as TestUser, r.id, { state: 'done', note: '点検完了、異常なし' })
    ).json() as Req;
    expect(done.mine).toMatchObject({ state: 'done', doneNote: '点検完了、異常なし', version: 4 });
    expect(done.mayMoveFor).toEqual([]);
    expect(Date.parse(done.mine?.doneAt ?? '') - Date.parse(done.mine?.acknowledgedAt ?? '')).toBe(120_000);
    expectProblem(
      await move(u.a1Officer as TestUser, r.id, { state: 'done' }),
      409,
      'situations.request_state_passed',
    );
    // The center sees every body's state and the history of moves.
    const full = (await read(coordinator, r.id)).json() as Req;
    expect(full.counts).toMatchObject({ issued: 2, done: 1, total: 3 });
    expect(full.moves?.map((m) => [m.from, m.to])).toEqual([
      ['issued', 'acknowledged'],
      ['acknowledged', 'in_progress'],
      ['in_progress', 'done'],
    ]);
    // A move straight to done stamps the steps it passes at the same time.
    const m3Done = (await move(u.m3Officer as TestUser, r.id, { state: 'done' })).json() as Req;
    expect(m3Done.mine?.acknowledgedAt).toBe(m3Done.mine?.doneAt);
    // Moves are on the timeline of the body, its ministry and the center only.
    const entries = async (who: TestUser) =>
      (
        (
          await t.request(who, { method: 'GET', url: `/api/v1/situations/${situationId}/timeline` })
        ).json() as {
          items: { kind: string; orgId: string | null }[];
        }
      ).items.filter((e) => e.kind === 'request_moved');
    expect((await entries(u.m1Officer as TestUser)).every((e) => e.orgId === a1.id)).toBe(true);
    expect(await entries(u.a1bOfficer as TestUser)).toEqual([]);
    expect((await entries(coordinator)).length).toBe(4);
  });

  it('a ministry moves its agency’s state on its behalf, recorded as such; not its own when not addressed', async () => {
    const r = (await issue(coordinator, valid())).json() as Req;
    const m1View = (await read(u.m1Officer as TestUser, r.id)).json() as Req;
    expect(m1View.mine).toBeNull();
    expect(m1View.mayMoveFor.sort()).toEqual([a1.id, a1b.id].sort());
    const res = await move(u.m1Officer as TestUser, r.id, { state: 'acknowledged', orgSlug: a1b.slug });
    expect(res.statusCode).toBe(200);
    const state = (res.json() as Req).bodies.find((b) => b.orgId === a1b.id);
    expect(state?.acknowledgedBy).toMatchObject({ orgId: m1.id, onBehalf: true });
    expectProblem(
      await move(u.m1Officer as TestUser, r.id, { state: 'acknowledged' }),
      404,
      'situations.request_body_not_found',
    );
    const moved = (await t.services.events.since(0, 10_000)).filter(
      (e) => e.type === 'situation.request.moved' && e.payload.requestId === r.id,
    );
    expect(moved).toHaveLength(1);
    expect(new Set(moved[0]?.readerOrgIds)).toEqual(new Set([a1b.id, m1.id, center.id]));
    expect(moved[0]?.payload).toMatchObject({ orgId: a1b.id, state: 'acknowledged', onBehalf: true });
  });

  it('the center amends the due time and withdraws, at the version read; overdue bodies show', async () => {
    const r = (await issue(coordinator, { ...valid(), dueAt: inHours(1) })).json() as Req;
    const amend = (payload: Record<string, unknown>) =>
      t.request(coordinator, {
        method: 'POST',
        url: `/api/v1/situations/${situationId}/requests/${r.id}/due`,
        payload,
      });
    const before = await written();
    expectProblem(await amend({ dueAt: inHours(2), version: 7 }), 409, 'situations.request_stale');
    expectProblem(await amend({ dueAt: inHours(-1), version: 1 }), 422, 'situations.request_due_past');
    expectProblem(await amend({ dueAt: r.dueAt, version: 1 }), 409, 'situations.request_same_due');
    expectProblem(await amend({ dueAt: 'tomorrow', version: 1 }), 400, 'request.validation_failed');
    expect(await written()).toEqual(before);
    const amended = (await amend({ dueAt: inHours(2), version: 1 })).json() as Req;
    expect(amended).toMatchObject({ version: 2, dueAt: inHours(2) });
    await move(u.a1Reporter as TestUser, r.id, { state: 'done' });
    t.clock.advance(3 * 3_600_000);
    const late = (await read(coordinator, r.id)).json() as Req;
    expect(late.overdueBodies.map((b) => b.orgId).sort()).toEqual([a1b.id, m3.id].sort());
    expect(late.bodies.find((b) => b.orgId === a1.id)?.overdue).toBe(false);
    const withdraw = (payload: Record<string, unknown>) =>
      t.request(coordinator, {
        method: 'POST',
        url: `/api/v1/situations/${situationId}/requests/${r.id}/withdraw`,
        payload,
      });
    expectProblem(await withdraw({ version: 1 }), 409, 'situations.request_stale');
    const withdrawn = (await withdraw({ version: 2, note: '別要請に統合' })).json() as Req;
    expect(withdrawn.withdrawnAt).not.toBeNull();
    expect(withdrawn.overdueBodies).toEqual([]);
    expectProblem(await withdraw({ version: 3 }), 409, 'situations.request_withdrawn');
    expectProblem(
      await move(u.m3Officer as TestUser, r.id, { state: 'acknowledged' }),
      409,
      'situations.request_withdrawn',
    );
    expectProblem(await amend({ dueAt: inHours(5), version: 3 }), 409, 'situations.request_withdrawn');
  });

  it('of two people moving the same state at once, one succeeds and the other gets a 409', async () => {
    const r = (await issue(coordinator, valid())).json() as Req;
    const results = await Promise.all([
      move(u.a1Reporter as TestUser, r.id, { state: 'acknowledged' }),
      move(u.a1Officer as TestUser, r.id, { state: 'acknowledged' }),
      move(u.m1Officer as TestUser, r.id, { state: 'acknowledged', orgId: a1.id }),
    ]);
    expect(results.map((x) => x.statusCode).sort()).toEqual([200, 409, 409]);
    for (const x of results.filter((x) => x.statusCode === 409))
      expect((x.json() as { code: string }).code).toBe('situations.request_state_passed');
    const full = (await read(coordinator, r.id)).json() as Req;
    expect(full.moves?.filter((m) => m.orgId === a1.id)).toHaveLength(1);
  });

  it('refuses every bad request with its code and writes nothing', async () => {
    const before = await written();
    const cases: [TestUser, Record<string, unknown>, number, string][] = [
      [coordinator, { ...valid(), dueAt: inHours(-1) }, 422, 'situations.request_due_past'],
      [coordinator, { ...valid(), dueAt: t.clock.now().toISOString() }, 422, 'situations.request_due_past'],
      [coordinator, { ...valid(), dueAt: 'soon' }, 400, 'request.validation_failed'],
      [coordinator, { ...valid(), title: '\u200b\u200b' }, 400, 'text.empty'],
      [coordinator, { ...valid(), title: 'a\u202eb' }, 400, 'text.invisible_characters'],
      [coordinator, { ...valid(), body: '' }, 400, 'request.validation_failed'],
      [coordinator, { ...valid(), extra: 1 }, 400, 'request.validation_failed'],
      [
        coordinator,
        { ...valid(), addressees: { kind: 'bodies', bodies: [{ orgId: outsider.id }] } },
        422,
        'situations.request_unknown_body',
      ],
      [
        coordinator,
        { ...valid(), addressees: { kind: 'bodies', bodies: [{ orgId: center.id }] } },
        422,
        'situations.request_unknown_body',
      ],
      [
        coordinator,
        { ...valid(), addressees: { kind: 'bodies', bodies: [{ orgSlug: 'nope' }] } },
        422,
        'situations.request_unknown_body',
      ],
      [
        coordinator,
        { ...valid(), addressees: { kind: 'bodies', bodies: [] } },
        422,
        'situations.request_no_addressees',
      ],
      [
        coordinator,
        { ...valid(), addressees: { kind: 'all', bodies: [{ orgId: a1.id }] } },
        400,
        'situations.request_addressees_invalid',
      ],
      [
        coordinator,
        { ...valid(), addressees: { kind: 'bodies', bodies: [{ orgId: a1.id }, { orgSlug: a1.slug }] } },
        400,
        'situations.request_addressees_invalid',
      ],
      [
        coordinator,
        { ...valid(), addressees: { kind: 'bodies', bodies: [{ orgId: a1.id, orgSlug: a1.slug }] } },
        400,
        'situations.request_addressees_invalid',
      ],
      [
        coordinator,
        { ...valid(), addressees: { kind: 'bodies', bodies: [{}] } },
        400,
        'situations.request_addressees_invalid',
      ],
      [analyst, valid(), 403, 'auth.forbidden'],
      [u.m1Officer as TestUser, valid(), 403, 'auth.forbidden'],
      [u.outsiderOfficer as TestUser, valid(), 404, 'situations.not_found'],
    ];
    for (const [who, payload, status, code] of cases) {
      const res = await issue(who, payload);
      expect({ payload, status: res.statusCode, code: (res.json() as { code?: string }).code }).toEqual({
        payload,
        status,
        code,
      });
      expectProblem(res, status, code);
    }
    const r1 = (await list(coordinator))[0] as Req;
    expectProblem(
      await move(u.a1Reporter as TestUser, r1.id, { state: 'issued' }),
      400,
      'request.validation_failed',
    );
    expectProblem(
      await move(u.a1Reporter as TestUser, 'nope', { state: 'acknowledged' }),
      404,
      'situations.request_not_found',
    );
    expectProblem(
      await move(analyst, r1.id, { state: 'acknowledged', orgId: a1.id }),
      403,
      'situations.request_forbidden',
    );
    expectProblem(
      await move(u.a1Reporter as TestUser, r1.id, { state: 'acknowledged', orgId: a1.id, orgSlug: a1.slug }),
      400,
      'situations.body_ambiguous',
    );
    expect(await written()).toEqual(before);
  });

  it('a replayed issue with the same Idempotency-Key answers the first answer and issues once', async () => {
    const payload = valid();
    const key = { 'idempotency-key': 'req-replay-1' };
    const first = await issue(coordinator, payload, key);
    const count = await t.count('situation_requests');
    const again = await issue(coordinator, payload, key);
    expect(again.statusCode).toBe(201);
    expect((again.json() as Req).id).toBe((first.json() as Req).id);
    expect(await t.count('situation_requests')).toBe(count);
  });

  it('after the stand-down, no request is issued and no state moves (409)', async () => {
    const r = (await issue(coordinator, valid())).json() as Req;
    const down = await t.request(coordinator, {
      method: 'POST',
      url: `/api/v1/situations/${situationId}/stand-down`,
      payload: {},
    });
    expect(down.statusCode).toBe(200);
    const before = await written();
    expectProblem(await issue(coordinator, valid()), 409, 'situations.stood_down');
    expectProblem(
      await move(u.a1Reporter as TestUser, r.id, { state: 'acknowledged' }),
      409,
      'situations.stood_down',
    );
    expectProblem(
      await t.request(coordinator, {
        method: 'POST',
        url: `/api/v1/situations/${situationId}/requests/${r.id}/due`,
        payload: { dueAt: inHours(9), version: 1 },
      }),
      409,
      'situations.stood_down',
    );
    expect(await written()).toEqual(before);
    expect(((await read(u.a1Reporter as TestUser, r.id)).json() as Req).mayMoveFor).toEqual([]);
  });
});
