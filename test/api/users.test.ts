import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestUser } from '../support/harness.js';
import { expectProblem } from './helpers.js';

interface UserOut {
  id: string;
  email: string;
  displayName: string;
  role: string;
  orgSlug: string;
  disabled: boolean;
  lastLoginAt: string | null;
}

const PASSWORD = 'correct-horse-battery';

describe.each(DIALECTS)('users administration on %s', (dialect) => {
  let t: TestApp;
  let g: Awaited<ReturnType<TestApp['government']>>;
  let admin: TestUser;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    g = await t.government();
    admin = await t.user(g.center, 'admin');
  });
  afterAll(async () => t?.close());

  const users = async (who: TestUser, org?: string) => {
    const res = await t.request(who, { method: 'GET', url: '/api/v1/users', query: org ? { org } : {} });
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as { items: UserOut[] }).items;
  };
  const patch = (who: TestUser, id: string, payload: Record<string, unknown>) =>
    t.request(who, { method: 'PATCH', url: `/api/v1/users/${id}`, payload });
  const logIn = async (user: TestUser) => {
    const res = await t.request(null, {
      method: 'POST',
      url: '/api/v1/session',
      payload: { email: user.email, password: PASSWORD },
    });
    expect(res.statusCode, res.body).toBe(200);
    return `renraku_session=${res.cookies.find((c) => c.name === 'renraku_session')?.value}`;
  };
  const auditRows = async (after: number) =>
    t.handle.db.selectFrom('audit_log').selectAll().where('seq', '>', after).orderBy('seq').execute();

  it('an administrator lists everyone, or one body', async () => {
    const everyone = await users(admin);
    const slugs = new Set(everyone.map((u) => u.orgSlug));
    for (const o of [g.center, g.ministry, g.agency]) expect(slugs).toContain(o.slug);
    expect(everyone.find((u) => u.id === g.agencyReporter.id)).toMatchObject({
      email: g.agencyReporter.email,
      role: 'reporter',
      orgSlug: g.agency.slug,
      disabled: false,
      lastLoginAt: null,
    });
    const agency = await users(admin, g.agency.slug);
    expect(agency.map((u) => u.id).sort()).toEqual([g.agencyReporter.id, g.agencyOfficer.id].sort());
    expectProblem(
      await t.request(admin, { method: 'GET', url: '/api/v1/users?org=no-such-body' }),
      404,
      'orgs.not_found',
    );
  });

  it('a security officer lists its own body, and nobody else’s', async () => {
    const own = await users(g.ministryOfficer);
    expect(own.map((u) => u.orgSlug)).toEqual([g.ministry.slug, g.ministry.slug]);
    expect(await users(g.ministryOfficer, g.ministry.slug)).toEqual(own);
    for (const org of [g.agency.slug, g.center.slug])
      expectProblem(
        await t.request(g.ministryOfficer, { method: 'GET', url: `/api/v1/users?org=${org}` }),
        403,
        'auth.forbidden',
      );
    for (const who of [g.agencyReporter, g.analyst])
      expectProblem(await t.request(who, { method: 'GET', url: '/api/v1/users' }), 403, 'auth.forbidden');
  });

  it('shows when a user last logged in', async () => {
    const user = await t.user(g.agency, 'reporter', PASSWORD);
    t.clock.advance(60_000);
    const at = t.clock.now().toISOString();
    await logIn(user);
    const listed = (await users(g.agencyOfficer)).find((u) => u.id === user.id);
    expect(listed?.lastLoginAt).toBe(at);
  });

  it('changes a display name and a role, and audits what changed', async () => {
    const user = await t.user(g.agency, 'reporter');
    const before = await t.count('audit_log');
    const res = await patch(g.agencyOfficer, user.id, { displayName: '情報 太郎', role: 'security-officer' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ id: user.id, displayName: '情報 太郎', role: 'security-officer' });
    const rows = await auditRows(before);
    expect(rows.map((r) => [r.action, r.actor_user_id, r.subject_id])).toEqual([
      ['user.update', g.agencyOfficer.id, user.id],
    ]);
    expect(JSON.parse(rows[0]?.detail ?? '{}')).toMatchObject({
      changes: {
        displayName: { from: user.email, to: '情報 太郎' },
        role: { from: 'reporter', to: 'security-officer' },
      },
    });
    // The new role applies to the next request of the same token.
    const created = await t.request(user, { method: 'GET', url: '/api/v1/users' });
    expect(created.statusCode).toBe(200);
  });

  it('a change that changes nothing writes nothing', async () => {
    const before = await t.count('audit_log');
    const res = await patch(admin, g.agencyReporter.id, { role: 'reporter', disabled: false });
    expect(res.statusCode).toBe(200);
    expect(await t.count('audit_log')).toBe(before);
  });

  it('disabling ends the sessions and stops the tokens at once; enabling lets the tokens work again', async () => {
    const user = await t.user(g.agency, 'reporter', PASSWORD);
    const cookie = await logIn(user);
    const asSession = () => t.request(null, { method: 'GET', url: '/api/v1/me', headers: { cookie } });
    expect((await asSession()).statusCode).toBe(200);
    expect((await t.request(user, { method: 'GET', url: '/api/v1/incidents' })).statusCode).toBe(200);

    const res = await patch(g.agencyOfficer, user.id, { disabled: true });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().disabled).toBe(true);
    expect((await asSession()).statusCode).toBe(401);
    expectProblem(
      await t.request(user, { method: 'GET', url: '/api/v1/incidents' }),
      401,
      'auth.unauthenticated',
    );
    const sessions = await t.handle.db
      .selectFrom('sessions')
      .select('user_id')
      .where('user_id', '=', user.id)
      .execute();
    expect(sessions).toEqual([]);
    expect(
      (
        await t.request(null, {
          method: 'POST',
          url: '/api/v1/session',
          payload: { email: user.email, password: PASSWORD },
        })
      ).statusCode,
    ).toBe(401);

    expect((await patch(g.agencyOfficer, user.id, { disabled: false })).json().disabled).toBe(false);
    expect((await t.request(user, { method: 'GET', url: '/api/v1/incidents' })).statusCode).toBe(200);
    expect((await asSession()).statusCode).toBe(401);
  });

  it('nobody disables or changes the role of themselves', async () => {
    const officer = await t.user(g.ministry, 'security-officer');
    const before = await t.count('audit_log');
    for (const [who, change] of [
      [officer, { disabled: true }],
      [officer, { role: 'reporter' }],
      [officer, { role: 'admin' }],
      [admin, { disabled: true }],
      [admin, { role: 'auditor' }],
      [admin, { role: 'reporter', displayName: 'x' }],
    ] as [TestUser, Record<string, unknown>][]) {
      expectProblem(await patch(who, who.id, change), 422, 'users.self_change');
    }
    expect(await t.count('audit_log')).toBe(before);
    const renamed = await patch(officer, officer.id, { displayName: '自分', disabled: false });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({ displayName: '自分', role: 'security-officer', disabled: false });
  });

  it('a role must exist at the body', async () => {
    for (const role of ['center-analyst', 'center-coordinator', 'admin', 'auditor'])
      expectProblem(await patch(admin, g.ministryReporter.id, { role }), 422, 'users.role_not_allowed_here');
    // At the center, an administrator's new role waits for the center's security officer.
    const analyst = await t.user(g.center, 'reporter');
    const centerOfficer = await t.user(g.center, 'security-officer');
    const asked = await patch(admin, analyst.id, { role: 'center-analyst' });
    expect(asked.statusCode, asked.body).toBe(202);
    const confirmed = await t.request(centerOfficer, {
      method: 'POST',
      url: `/api/v1/changes/${asked.json().id}/confirm`,
    });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect((await users(admin, g.center.slug)).find((u) => u.id === analyst.id)?.role).toBe('center-analyst');
  });

  it.each([
    ['an empty change', {}],
    ['an unknown field', { email: 'x@example.test' }],
    ['an unknown role', { role: 'root' }],
    ['a display name over two lines', { displayName: 'a\nb' }],
    ['a blank display name', { displayName: '   ' }],
    ['disabled as text', { disabled: 'yes' }],
    ['a null role', { role: null }],
  ])('refuses %s', async (_name, payload) => {
    const before = await t.count('audit_log');
    expectProblem(await patch(admin, g.agencyReporter.id, payload), 400, 'request.validation_failed');
    expect(await t.count('audit_log')).toBe(before);
  });

  it('an unknown user does not exist', async () => {
    expectProblem(await patch(admin, 'no-such-user', { disabled: true }), 404, 'users.not_found');
  });
});
