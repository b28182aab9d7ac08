import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventReceivableBy } from '../../src/platform/access/visibility.js';
import { expectProblem } from '../api/helpers.js';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestOrg, type TestUser } from '../support/harness.js';
import { declareSituation, situationGovernment, wideScope } from '../support/situations.js';

// Who sees and moves a situation's requests (要請), against a model written from the rule: the center sees every
// request and every state; a body sees the requests addressed to it or to its agencies, and only its own and its
// agencies' states; a body never learns of a request addressed only to others (404 exactly as a missing id). Then
// the attacks: another body's request id, an agency acting for a sibling, a ministry for a body outside its tree,
// roles that see no content, a body out of scope, replays, and moves after the stand-down.

interface Req {
  id: string;
  number: string;
  bodies: { orgId: string }[];
}

describe.each(DIALECTS)('situation requests: who sees and moves what, on %s', (dialect) => {
  let t: TestApp;
  let center: TestOrg;
  let m1: TestOrg;
  let a1: TestOrg;
  let a1b: TestOrg;
  let m2: TestOrg;
  let a2: TestOrg;
  let m3: TestOrg;
  let outsider: TestOrg;
  let coordinator: TestUser;
  let people: { user: TestUser; org: TestOrg }[];
  let situationId: string;
  // The requests, and the bodies each is addressed to.
  const addressed = new Map<string, string[]>();
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp(dialect);
    const g = await situationGovernment(t);
    ({ center, coordinator, m1, a1, a1b, m2, a2, m3, outsider } = g);
    people = [];
    for (const org of [center, m1, a1, a1b, m2, a2, m3, outsider])
      for (const role of org === center
        ? (['center-analyst', 'center-coordinator'] as const)
        : (['reporter', 'security-officer'] as const))
        people.push({ user: await t.user(org, role), org });
    situationId = await declareSituation(t, g, {
      name: '同時多発的な攻撃',
      description: '複数機関',
      level: 'alert',
      tlp: 'TLP:RED',
      scope: wideScope(g),
    });
    const due = new Date(t.clock.now().getTime() + 3_600_000).toISOString();
    const issue = async (name: string, addressees: Record<string, unknown>) => {
      const r = await t.request(coordinator, {
        method: 'POST',
        url: `/api/v1/situations/${situationId}/requests`,
        payload: { title: `要請 ${name}`, body: '対応してください', dueAt: due, addressees },
      });
      expect(r.statusCode).toBe(201);
      const req = r.json() as Req;
      ids[name] = req.id;
      addressed.set(
        req.id,
        req.bodies.map((b) => b.orgId),
      );
    };
    await issue('a1only', { kind: 'bodies', bodies: [{ orgId: a1.id }] });
    await issue('siblings', { kind: 'bodies', bodies: [{ orgId: a1.id }, { orgId: a1b.id }] });
    await issue('m3a1', { kind: 'bodies', bodies: [{ orgId: m3.id }, { orgId: a1.id }] });
    await issue('ministries', { kind: 'ministries' });
    await issue('all', { kind: 'all' });
    await issue('a2only', { kind: 'bodies', bodies: [{ orgId: a2.id }] });
  });
  afterAll(async () => t?.close());

  const parentOf = (orgId: string) =>
    [a1, a1b].some((o) => o.id === orgId) ? m1.id : orgId === a2.id ? m2.id : null;
  /** The model: the states a body sees of a request (none: it does not see the request at all). */
  const seenStates = (org: TestOrg, requestId: string) =>
    (addressed.get(requestId) ?? []).filter(
      (b) => org.kind === 'center' || b === org.id || parentOf(b) === org.id,
    );
  const url = (requestId: string) => `/api/v1/situations/${situationId}/requests/${requestId}`;
  const move = (who: TestUser, requestId: string, payload: Record<string, unknown>) =>
    t.request(who, { method: 'POST', url: `${url(requestId)}/moves`, payload });

  it('every person sees exactly the requests and states the rule gives, in the list and one by one', async () => {
    for (const { user, org } of people) {
      const listed = await t.request(user, {
        method: 'GET',
        url: `/api/v1/situations/${situationId}/requests`,
      });
      if (org === outsider) expectProblem(listed, 404, 'situations.not_found');
      const list = org === outsider ? [] : (listed.json() as { items: Req[] }).items;
      const expected = [...addressed.keys()].filter(
        (id) => seenStates(org, id).length > 0 && org !== outsider,
      );
      expect(list.map((r) => r.id).sort(), `${org.slug} ${user.role}`).toEqual(expected.sort());
      for (const id of addressed.keys()) {
        const res = await t.request(user, { method: 'GET', url: url(id) });
        if (org === outsider) expectProblem(res, 404, 'situations.not_found');
        else if (!expected.includes(id)) expectProblem(res, 404, 'situations.request_not_found');
        else
          expect(
            (res.json() as Req).bodies.map((b) => b.orgId).sort(),
            `${org.slug} ${user.role} ${id}`,
          ).toEqual(seenStates(org, id).sort());
      }
    }
  });

  it('another body’s request id answers exactly as a missing one, and its timeline entries do not show', async () => {
    const sibling = people.find((p) => p.org === a1b && p.user.role === 'security-officer')?.user as TestUser;
    const hidden = await t.request(sibling, { method: 'GET', url: url(ids.a1only as string) });
    const missing = await t.request(sibling, {
      method: 'GET',
      url: url('01900000-0000-7000-8000-000000000000'),
    });
    expect(hidden.statusCode).toBe(404);
    expect(hidden.json()).toEqual(missing.json());
    const hiddenMove = await move(sibling, ids.a1only as string, { state: 'acknowledged' });
    const missingMove = await move(sibling, 'nope', { state: 'acknowledged' });
    expect(hiddenMove.json()).toEqual(missingMove.json());
    const timeline = (
      (
        await t.request(sibling, { method: 'GET', url: `/api/v1/situations/${situationId}/timeline` })
      ).json() as {
        items: { kind: string; data: { requestId?: string } }[];
      }
    ).items;
    const seen = timeline.flatMap((e) => (e.kind.startsWith('request_') ? [e.data.requestId] : []));
    expect(new Set(seen)).toEqual(new Set([ids.siblings, ids.all]));
    // The live events of a request reach its addressees, their ministries and the center only.
    const events = (await t.services.events.since(0, 10_000)).filter(
      (e) => e.type === 'situation.request.issued',
    );
    for (const { user, org } of people) {
      const actor = { userId: user.id, orgId: org.id, orgKind: org.kind, role: user.role } as Parameters<
        typeof eventReceivableBy
      >[0];
      const received = events.filter((e) => eventReceivableBy(actor, e)).map((e) => e.payload.requestId);
      const expected = [...addressed.keys()].filter(
        (id) => seenStates(org, id).length > 0 && org !== outsider,
      );
      expect(received.sort(), `${org.slug} ${user.role}`).toEqual(expected.sort());
    }
  });

  it('an agency acting for a sibling, or a ministry for a body outside its tree, finds no such body', async () => {
    const agencyUser = people.find((p) => p.org === a1b && p.user.role === 'reporter')?.user as TestUser;
    const forSibling = await move(agencyUser, ids.siblings as string, {
      state: 'acknowledged',
      orgId: a1.id,
    });
    const forNobody = await move(agencyUser, ids.siblings as string, {
      state: 'acknowledged',
      orgId: 'nobody',
    });
    expectProblem(forSibling, 404, 'situations.request_body_not_found');
    expect(forSibling.json()).toEqual(forNobody.json());
    expectProblem(
      await move(agencyUser, ids.siblings as string, { state: 'acknowledged', orgSlug: a1.slug }),
      404,
      'situations.request_body_not_found',
    );
    const m3User = people.find((p) => p.org === m3 && p.user.role === 'security-officer')?.user as TestUser;
    expectProblem(
      await move(m3User, ids.m3a1 as string, { state: 'acknowledged', orgId: a1.id }),
      404,
      'situations.request_body_not_found',
    );
    // m2 sees its agency's state in the request to all, and acts for it; not for m1's agency.
    const m2User = people.find((p) => p.org === m2 && p.user.role === 'reporter')?.user as TestUser;
    expectProblem(
      await move(m2User, ids.all as string, { state: 'acknowledged', orgId: a1.id }),
      404,
      'situations.request_body_not_found',
    );
    expect((await move(m2User, ids.all as string, { state: 'acknowledged', orgId: a2.id })).statusCode).toBe(
      200,
    );
    // The center's analyst sees every state but moves none.
    const analyst = people.find((p) => p.user.role === 'center-analyst')?.user as TestUser;
    expectProblem(
      await move(analyst, ids.all as string, { state: 'in_progress', orgId: a2.id }),
      403,
      'situations.request_forbidden',
    );
    expect(await t.count('situation_request_moves')).toBe(1);
  });

  it('roles that see no content, and a body out of scope, see no request', async () => {
    for (const role of ['admin', 'auditor'] as const) {
      const who = await t.user(center, role);
      expectProblem(
        await t.request(who, { method: 'GET', url: url(ids.all as string) }),
        403,
        'auth.forbidden',
      );
      expectProblem(
        await move(who, ids.all as string, { state: 'acknowledged', orgId: a1.id }),
        403,
        'auth.forbidden',
      );
    }
    const stranger = people.find((p) => p.org === outsider)?.user as TestUser;
    expectProblem(
      await move(stranger, ids.all as string, { state: 'acknowledged' }),
      404,
      'situations.not_found',
    );
  });

  it('a replayed move is a 409 and writes nothing; after the stand-down no move is taken', async () => {
    const a1User = people.find((p) => p.org === a1 && p.user.role === 'reporter')?.user as TestUser;
    expect((await move(a1User, ids.a1only as string, { state: 'acknowledged' })).statusCode).toBe(200);
    const moves = await t.count('situation_request_moves');
    const audit = await t.count('audit_log');
    expectProblem(
      await move(a1User, ids.a1only as string, { state: 'acknowledged' }),
      409,
      'situations.request_state_passed',
    );
    expect(await t.count('situation_request_moves')).toBe(moves);
    expect(await t.count('audit_log')).toBe(audit);
    const down = await t.request(coordinator, {
      method: 'POST',
      url: `/api/v1/situations/${situationId}/stand-down`,
      payload: {},
    });
    expect(down.statusCode).toBe(200);
    expectProblem(await move(a1User, ids.a1only as string, { state: 'done' }), 409, 'situations.stood_down');
    const m1User = people.find((p) => p.org === m1 && p.user.role === 'security-officer')?.user as TestUser;
    expectProblem(
      await move(m1User, ids.siblings as string, { state: 'done', orgId: a1b.id }),
      409,
      'situations.stood_down',
    );
    expect(await t.count('situation_request_moves')).toBe(moves);
  });
});
