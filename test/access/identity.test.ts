import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem } from '../api/helpers.js';
import { BrowserClient } from '../support/browser-client.js';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestUser } from '../support/harness.js';

const PASSWORD = 'own-sessions-passphrase-2026';

interface SessionOut {
  id: string;
  current: boolean;
  clientAddress: string;
  userAgent: string;
  stage: string;
  firstFactor: string;
  secondFactor: string | null;
}

describe.each(DIALECTS)('one’s own sessions, tokens and second factors on %s', (dialect) => {
  let t: TestApp;
  let g: Awaited<ReturnType<TestApp['government']>>;
  let admin: TestUser;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    g = await t.government();
    admin = await t.user(g.center, 'admin', PASSWORD);
  });
  afterAll(async () => t?.close());

  const sessionsOf = async (b: BrowserClient) => {
    const res = await b.request({ method: 'GET', url: '/api/v1/me/sessions' });
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as { items: SessionOut[] }).items;
  };
  const fullLogIn = async (u: TestUser, address: string, agent: string) => {
    const b = new BrowserClient(t.app, address, agent);
    const first = await b.logIn(u.email, PASSWORD);
    if (first.json().stage === 'second-factor')
      await b.request({
        method: 'POST',
        url: '/api/v1/session/second-factor',
        payload: { method: 'totp', code: await t.totpCodeFor(u) },
      });
    return b;
  };

  it('a user sees its own sessions (where from, which is this) and ends any of them', async () => {
    const user = await t.user(g.agency, 'reporter', PASSWORD);
    const phone = await fullLogIn(user, '203.0.113.5', 'Mozilla/5.0 (iPhone)');
    const desk = await fullLogIn(user, '2001:db8::5', 'Mozilla/5.0 (Windows NT 10.0)');
    const seen = await sessionsOf(desk);
    expect(seen).toHaveLength(2);
    expect(seen.find((s) => s.current)).toMatchObject({
      clientAddress: '2001:db8::5',
      userAgent: 'Mozilla/5.0 (Windows NT 10.0)',
      stage: 'full',
      firstFactor: 'password',
    });
    const other = seen.find((s) => !s.current) as SessionOut;
    expect(other.clientAddress).toBe('203.0.113.5');
    // Never a secret.
    expect(JSON.stringify(seen)).not.toMatch(/rs_|rc_|id_hash|csrf/);
    expect(
      (await desk.request({ method: 'DELETE', url: `/api/v1/me/sessions/${other.id}` })).statusCode,
    ).toBe(204);
    expect((await phone.request({ method: 'GET', url: '/api/v1/me' })).statusCode).toBe(401);
    expect((await sessionsOf(desk)).map((s) => s.current)).toEqual([true]);
    const audited = await t.handle.db
      .selectFrom('audit_log')
      .select('detail')
      .where('action', '=', 'session.end')
      .where('actor_user_id', '=', user.id)
      .execute();
    expect(audited.map((a) => JSON.parse(a.detail))).toEqual([{ sessionId: other.id }]);
  });

  it('nobody sees or ends another user’s session, an administrator included', async () => {
    const user = await t.user(g.agency, 'reporter', PASSWORD);
    const victim = await fullLogIn(user, '192.0.2.1', 'victim');
    const [theirs] = await sessionsOf(victim);
    const adminBrowser = await fullLogIn(admin, '192.0.2.2', 'admin');
    const officer = await t.user(g.agency, 'security-officer', PASSWORD);
    const officerBrowser = await fullLogIn(officer, '192.0.2.3', 'officer');
    for (const b of [adminBrowser, officerBrowser]) {
      expect((await sessionsOf(b)).map((s) => s.id)).not.toContain(theirs?.id);
      expectProblem(
        await b.request({ method: 'DELETE', url: `/api/v1/me/sessions/${theirs?.id}` }),
        404,
        'sessions.not_found',
      );
    }
    for (const url of [`/api/v1/users/${user.id}/sessions`, `/api/v1/sessions/${theirs?.id}`])
      expect((await adminBrowser.request({ method: 'GET', url })).statusCode).toBe(404);
    expect((await victim.request({ method: 'GET', url: '/api/v1/me' })).statusCode).toBe(200);
  });

  it('an administrator neither reads nor sets up another user’s second factors', async () => {
    const officer = await t.user(g.ministry, 'security-officer', PASSWORD);
    const adminBrowser = await fullLogIn(admin, '192.0.2.9', 'admin');
    const before = await adminBrowser.request({ method: 'GET', url: '/api/v1/me/mfa' });
    expect(before.statusCode).toBe(200);
    // Its own, not the officer's: no route takes someone else's id.
    expect(JSON.stringify(before.json())).not.toContain(officer.id);
    for (const [method, url] of [
      ['GET', `/api/v1/users/${officer.id}/mfa`],
      ['POST', `/api/v1/users/${officer.id}/mfa/totp`],
      ['GET', `/api/v1/users/${officer.id}/passkeys`],
      ['POST', `/api/v1/users/${officer.id}/recovery-codes`],
    ] as const)
      expectProblem(await adminBrowser.request({ method, url }), 404, 'http.not_found');
    // Parameters that would name another user are refused, not obeyed.
    for (const payload of [{ userId: officer.id }, { user: officer.email }])
      expectProblem(
        await adminBrowser.request({
          method: 'POST',
          url: '/api/v1/me/mfa/totp/confirm',
          payload: { code: '1', ...payload },
        }),
        400,
        'request.validation_failed',
      );
    const secret = await t.handle.db
      .selectFrom('totp_credentials')
      .select('secret')
      .where('user_id', '=', officer.id)
      .executeTakeFirstOrThrow();
    expect(secret.secret).toBe(officer.totpSecret);
  });
});
