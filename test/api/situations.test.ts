import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestOrg, type TestUser } from '../support/harness.js';
import { expectProblem } from './helpers.js';

// Declaring a large-scale situation end to end: the scope resolved once, its number, who may declare, what the
// declaration refuses (and that a refusal writes nothing), the idempotent retry, and the live event's readers.

interface Situation {
  id: string;
  number: string;
  name: string;
  level: string;
  tlp: string;
  open: boolean;
  inScopeCount: number;
  rollCallDueAt: string;
  declaredAt: string;
  scope: { kind: string; bodies: { orgId: string; orgSlug: string; withAgencies: boolean }[] };
  myBody: { orgId: string; inScope: boolean; answer: unknown };
  mayAnswerFor: { orgId: string; orgSlug: string }[];
  incidents: { id: string; number: string; title: string }[];
}

describe.each(DIALECTS)('declaring situations on %s', (dialect) => {
  let t: TestApp;
  let center: TestOrg;
  let coordinator: TestUser;
  let analyst: TestUser;
  let m1: TestOrg;
  let a1: TestOrg;
  let m2: TestOrg;
  let a2: TestOrg;
  let m1Officer: TestUser;
  let a1Reporter: TestUser;
  let m2Officer: TestUser;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    center = await t.org('center');
    coordinator = await t.user(center, 'center-coordinator');
    analyst = await t.user(center, 'center-analyst');
    m1 = await t.org('ministry');
    a1 = await t.org('agency', { parent: m1 });
    m2 = await t.org('ministry');
    a2 = await t.org('agency', { parent: m2 });
    m1Officer = await t.user(m1, 'security-officer');
    a1Reporter = await t.user(a1, 'reporter');
    m2Officer = await t.user(m2, 'security-officer');
  });
  afterAll(async () => t?.close());

  const declare = (u: TestUser, payload: Record<string, unknown>, headers: Record<string, string> = {}) =>
    t.request(u, { method: 'POST', url: '/api/v1/situations', payload, headers });
  const base = (scope: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
    name: '政府機関への同時多発的なDDoS攻撃',
    description: '複数府省庁のウェブサイトが応答しない。',
    level: 'alert',
    tlp: 'TLP:AMBER',
    scope,
    ...extra,
  });
  const written = async () => ({
    situations: await t.count('situations'),
    bodies: await t.count('situation_bodies'),
    entries: await t.count('situation_entries'),
    audit: await t.count('audit_log'),
    events: await t.count('events'),
  });

  it('lists the configured posture levels to any signed-in user', async () => {
    const res = await t.request(a1Reporter, { method: 'GET', url: '/api/v1/situations/levels' });
    expect(res.statusCode).toBe(200);
    expect((res.json() as { items: { id: string; ja: string }[] }).items.map((l) => [l.id, l.ja])).toEqual([
      ['caution', '注意'],
      ['alert', '警戒'],
      ['emergency', '非常'],
    ]);
  });

  it('declares to named bodies with their agencies, numbered per fiscal year, due by the level', async () => {
    const res = await declare(
      coordinator,
      base({ kind: 'bodies', bodies: [{ orgId: m1.id, withAgencies: true }] }),
    );
    expect(res.statusCode).toBe(201);
    const s = res.json() as Situation;
    expect(res.headers.location).toBe(`/api/v1/situations/${s.id}`);
    expect(s.number).toMatch(/^S-2026-\d{3}$/);
    expect(s).toMatchObject({ level: 'alert', tlp: 'TLP:AMBER', open: true, inScopeCount: 2 });
    expect(Date.parse(s.rollCallDueAt) - Date.parse(s.declaredAt)).toBe(120 * 60_000);
    expect(s.scope).toEqual({
      kind: 'bodies',
      bodies: [{ orgId: m1.id, orgSlug: m1.slug, name: `${m1.slug} 日本語`, withAgencies: true }],
    });
    // The live event reaches the center and the bodies in scope; its payload is what every one may see.
    const events = (await t.services.events.since(0, 10_000)).filter((e) => e.type === 'situation.declared');
    const event = events.find((e) => e.payload.situationId === s.id);
    expect(new Set(event?.readerOrgIds)).toEqual(new Set([center.id, m1.id, a1.id]));
    expect(event?.payload).toEqual({
      situationId: s.id,
      number: s.number,
      name: s.name,
      level: 'alert',
      tlp: 'TLP:AMBER',
    });
    // In scope, the ministry may answer for itself and its agency; the agency for itself.
    const seen = (
      await t.request(m1Officer, { method: 'GET', url: `/api/v1/situations/${s.id}` })
    ).json() as Situation;
    expect(seen.myBody).toMatchObject({ orgId: m1.id, inScope: true, answer: null });
    expect(seen.mayAnswerFor.map((b) => b.orgId)).toEqual([m1.id, a1.id]);
    const agency = (
      await t.request(a1Reporter, { method: 'GET', url: `/api/v1/situations/${s.id}` })
    ).json() as Situation;
    expect(agency.mayAnswerFor.map((b) => b.orgId)).toEqual([a1.id]);
    // Another ministry does not see it at all.
    expectProblem(
      await t.request(m2Officer, { method: 'GET', url: `/api/v1/situations/${s.id}` }),
      404,
      'situations.not_found',
    );
  });

  it('names bodies by slug as well, and resolves scopes all and ministries once', async () => {
    const bySlug = await declare(
      coordinator,
      base({ kind: 'bodies', bodies: [{ orgSlug: a2.slug, withAgencies: false }] }),
    );
    expect(bySlug.statusCode).toBe(201);
    expect((bySlug.json() as Situation).inScopeCount).toBe(1);
    const ministries = (await declare(coordinator, base({ kind: 'ministries' }))).json() as Situation;
    const all = (await declare(coordinator, base({ kind: 'all' }))).json() as Situation;
    const nonCenter = await t.handle.db
      .selectFrom('orgs')
      .select('kind')
      .where('kind', '!=', 'center')
      .execute();
    expect(ministries.inScopeCount).toBe(nonCenter.filter((o) => o.kind === 'ministry').length);
    expect(all.inScopeCount).toBe(nonCenter.length);
    // A body created later is not in scope of a situation declared before.
    await t.org('agency', { parent: m1 });
    const again = (
      await t.request(coordinator, { method: 'GET', url: `/api/v1/situations/${all.id}` })
    ).json() as Situation;
    expect(again.inScopeCount).toBe(nonCenter.length);
  });

  it('links prompting incidents the center received, shown to those who read them', async () => {
    const filed = await t.fileIncident(a1Reporter);
    const res = await declare(
      coordinator,
      base({ kind: 'bodies', bodies: [{ orgId: m2.id, withAgencies: true }] }, { incidentIds: [filed.id] }),
    );
    expect(res.statusCode).toBe(201);
    const s = res.json() as Situation;
    expect(s.incidents.map((i) => i.id)).toEqual([filed.id]);
    // m2 is in scope but does not read a1's incident: it is not listed to it.
    const m2View = (
      await t.request(m2Officer, { method: 'GET', url: `/api/v1/situations/${s.id}` })
    ).json() as Situation;
    expect(m2View.incidents).toEqual([]);
  });

  it('refuses what is wrong with a clear code, and writes nothing', async () => {
    const before = await written();
    const cases: [Record<string, unknown>, number, string][] = [
      [base({ kind: 'all' }, { level: 'apocalypse' }), 422, 'situations.unknown_level'],
      [
        base({ kind: 'bodies', bodies: [{ orgId: 'no-such-body', withAgencies: false }] }),
        422,
        'situations.unknown_body',
      ],
      [
        base({ kind: 'bodies', bodies: [{ orgSlug: 'no-such-slug', withAgencies: true }] }),
        422,
        'situations.unknown_body',
      ],
      [
        base({ kind: 'bodies', bodies: [{ orgId: center.id, withAgencies: true }] }),
        422,
        'situations.unknown_body',
      ],
      [base({ kind: 'bodies', bodies: [] }), 422, 'situations.empty_scope'],
      [base({ kind: 'bodies' }), 422, 'situations.empty_scope'],
      [
        base({ kind: 'all', bodies: [{ orgId: m1.id, withAgencies: false }] }),
        400,
        'situations.scope_invalid',
      ],
      [
        base({
          kind: 'bodies',
          bodies: [
            { orgId: m1.id, withAgencies: false },
            { orgSlug: m1.slug, withAgencies: true },
          ],
        }),
        400,
        'situations.scope_invalid',
      ],
      [base({ kind: 'bodies', bodies: [{ withAgencies: false }] }), 400, 'situations.scope_invalid'],
      [base({ kind: 'all' }, { incidentIds: ['forged-incident-id'] }), 422, 'situations.incident_unknown'],
      [base({ kind: 'all' }, { name: '\u200b\u200b' }), 400, 'text.empty'],
      [base({ kind: 'all' }, { name: 'x'.repeat(201) }), 400, 'request.validation_failed'],
      [base({ kind: 'all' }, { tlp: 'TLP:WHITE' }), 400, 'request.validation_failed'],
    ];
    for (const [payload, status, code] of cases)
      expectProblem(await declare(coordinator, payload), status, code);
    expect(await written()).toEqual(before);
  });

  it('only center coordinators declare', async () => {
    const admin = await t.user(center, 'admin');
    const auditor = await t.user(center, 'auditor');
    const before = await written();
    for (const u of [analyst, m1Officer, a1Reporter, admin, auditor])
      expectProblem(await declare(u, base({ kind: 'all' })), 403, 'auth.forbidden');
    expect(await written()).toEqual(before);
  });

  it('honours Idempotency-Key: a retry gets the first answer and declares nothing more', async () => {
    const headers = { 'idempotency-key': `declare-${dialect}` };
    const first = await declare(coordinator, base({ kind: 'ministries' }), headers);
    const before = await written();
    const retry = await declare(coordinator, base({ kind: 'ministries' }), headers);
    expect(retry.statusCode).toBe(201);
    expect((retry.json() as Situation).id).toBe((first.json() as Situation).id);
    expect(await written()).toEqual(before);
  });

  it('lists open, closed or all situations the caller sees, newest first', async () => {
    const res = await t.request(m1Officer, { method: 'GET', url: '/api/v1/situations' });
    expect(res.statusCode).toBe(200);
    const items = (res.json() as { items: Situation[] }).items;
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((s) => s.open)).toBe(true);
    const declared = items.map((s) => s.declaredAt);
    expect([...declared].sort().reverse()).toEqual(declared);
    const closed = await t.request(m1Officer, { method: 'GET', url: '/api/v1/situations?state=closed' });
    expect((closed.json() as { items: unknown[] }).items).toEqual([]);
    expectProblem(
      await t.request(m1Officer, { method: 'GET', url: '/api/v1/situations?state=gone' }),
      400,
      'request.validation_failed',
    );
  });
});
