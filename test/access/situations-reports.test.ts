import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestOrg, type TestUser } from '../support/harness.js';
import {
  declareSituation,
  type ScopeBody,
  type SituationGovernment,
  situationGovernment,
} from '../support/situations.js';
import { openStream, type SseStream, sleep } from '../support/sse.js';

// Who sees a situation report (状況報告), through every read path (list, by id, the live stream): the center
// every report, drafts included; an in-scope body (agency or ministry), and the ministry of an agency in scope,
// the issued ones only; a body outside the scope nothing — a 404 exactly as for a missing id, whatever id it
// forges; administrators and auditors nothing by their role. A draft's id is as missing to a body as a forged
// one; a report of another situation is not reachable through the id of one the body sees.

describe.each(DIALECTS)('situation reports: who sees what, on %s', (dialect) => {
  let t: TestApp;
  let base: string;
  let g: SituationGovernment;
  let coordinator: TestUser;
  const u: Record<string, TestUser> = {};
  const streams = new Map<string, SseStream>();
  let id: string;
  let otherId: string;
  let draftId: string;
  let issuedId: string;
  let otherIssuedId: string;

  const get = (who: TestUser, url: string) => t.request(who, { method: 'GET', url });
  const post = async (who: TestUser, url: string, payload: object) => {
    const res = await t.request(who, { method: 'POST', url, payload });
    expect(res.statusCode, res.body).toBeLessThan(300);
    return res.json() as { id: string; rowVersion: number };
  };
  const declare = (bodies: ScopeBody[]) =>
    declareSituation(t, g, {
      name: '事態',
      description: '説明',
      level: 'alert',
      tlp: 'TLP:AMBER+STRICT',
      scope: bodies,
    });
  const issueOne = async (situationId: string, title: string) => {
    const d = await post(coordinator, `/api/v1/situations/${situationId}/reports`, { title, body: '本文' });
    return (
      await post(coordinator, `/api/v1/situations/${situationId}/reports/${d.id}/issue`, {
        version: d.rowVersion,
      })
    ).id;
  };

  beforeAll(async () => {
    t = await startTestApp(dialect);
    base = await t.app.listen({ host: '127.0.0.1', port: 0 });
    g = await situationGovernment(t);
    coordinator = g.coordinator;
    const { center, m1, a1, m2 } = g;
    // a2 here is a1's sibling (the government's a1b).
    const a2 = g.a1b;
    const who: [string, TestOrg, Parameters<TestApp['user']>[1]][] = [
      ['analyst', center, 'center-analyst'],
      ['admin', center, 'admin'],
      ['auditor', center, 'auditor'],
      ['m1', m1, 'security-officer'],
      ['a1', a1, 'reporter'],
      ['a2', a2, 'reporter'],
      ['m2', m2, 'security-officer'],
    ];
    for (const [name, org, role] of who) {
      const user = await t.user(org, role);
      u[name] = user;
      streams.set(name, await openStream(`${base}/api/v1/events`, user.headers));
    }
    // a1 alone is in scope: m1 sees it as a1's ministry; a2 (a1's sibling) and m2 are outside.
    id = await declare([{ orgId: a1.id, withAgencies: false }]);
    otherId = await declare([{ orgId: m2.id, withAgencies: false }]);
    draftId = (await post(coordinator, `/api/v1/situations/${id}/reports`, { title: '下書き', body: '本文' }))
      .id;
    issuedId = await issueOne(id, '第1報');
    otherIssuedId = await issueOne(otherId, '別事態の第1報');
  });
  afterAll(async () => {
    await Promise.all([...streams.values()].map((s) => s.close()));
    await t?.close();
  });

  const reports = (who: string, situationId = id) =>
    get(u[who] as TestUser, `/api/v1/situations/${situationId}/reports`);

  it('the center sees drafts and issued reports; bodies in scope and the ministry the issued ones only', async () => {
    const center = (await reports('analyst')).json() as { items: { id: string }[]; drafts: { id: string }[] };
    expect(center.items.map((r) => r.id)).toEqual([issuedId]);
    expect(center.drafts.map((r) => r.id)).toEqual([draftId]);
    for (const name of ['a1', 'm1']) {
      const body = (await reports(name)).json() as { items: { id: string }[]; drafts: unknown[] };
      expect(body.items.map((r) => r.id)).toEqual([issuedId]);
      expect(body.drafts).toEqual([]);
      expect(
        (await get(u[name] as TestUser, `/api/v1/situations/${id}/reports/${issuedId}`)).statusCode,
      ).toBe(200);
    }
  });

  it('a body outside the scope, a draft, a forged id and another situation’s report answer as missing', async () => {
    const missing = (await get(u.a1 as TestUser, `/api/v1/situations/${id}/reports/forged`)).json();
    const asMissing = async (who: string, url: string) => {
      const res = await get(u[who] as TestUser, url);
      expect(res.statusCode).toBe(404);
      return res.json() as { code: string };
    };
    for (const name of ['a2', 'm2']) {
      expect((await asMissing(name, `/api/v1/situations/${id}/reports`)).code).toBe('situations.not_found');
      expect((await asMissing(name, `/api/v1/situations/${id}/reports/${issuedId}`)).code).toBe(
        'situations.not_found',
      );
    }
    // In scope, but a draft, or a report of a situation it does not see through the id of one it sees.
    for (const rid of [draftId, otherIssuedId])
      expect(await asMissing('a1', `/api/v1/situations/${id}/reports/${rid}`)).toEqual(missing);
    expect((await asMissing('a1', `/api/v1/situations/${otherId}/reports`)).code).toBe(
      'situations.not_found',
    );
    for (const name of ['admin', 'auditor']) expect((await reports(name)).statusCode).toBe(403);
  });

  it('the live stream carries an issue to exactly the situation’s readers, and a draft to the center only', async () => {
    const fresh = (
      await post(coordinator, `/api/v1/situations/${id}/reports`, { title: '第2報', body: '本文' })
    ).id;
    const d = (await reports('analyst')).json() as { drafts: { id: string; rowVersion: number }[] };
    const version = d.drafts.find((r) => r.id === fresh)?.rowVersion ?? 1;
    await post(coordinator, `/api/v1/situations/${id}/reports/${fresh}/issue`, { version });
    const got = (name: string, type: string) =>
      (streams.get(name)?.frames ?? []).some(
        (f) => f.event === type && f.data.situationId === id && f.data.reportId === fresh,
      );
    for (const name of ['analyst', 'm1', 'a1'])
      await streams
        .get(name)
        ?.waitFor((f) => f.event === 'situation.report_issued' && f.data.reportId === fresh);
    await streams
      .get('analyst')
      ?.waitFor((f) => f.event === 'situation.report_drafted' && f.data.reportId === fresh);
    await sleep(300);
    for (const name of ['a2', 'm2', 'admin', 'auditor'])
      expect(got(name, 'situation.report_issued')).toBe(false);
    for (const name of ['m1', 'a1', 'a2', 'm2', 'admin', 'auditor'])
      expect(got(name, 'situation.report_drafted')).toBe(false);
  });
});
