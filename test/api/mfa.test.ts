import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCode, totpStep } from '../../src/features/mfa/totp.js';
import type { Role } from '../../src/platform/access/roles.js';
import { BrowserClient } from '../support/browser-client.js';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestOrg } from '../support/harness.js';
import { expectProblem } from './helpers.js';

const PASSWORD = 'second-factor-test-passphrase';
const REQUIRED: Role[] = ['security-officer', 'center-analyst', 'center-coordinator', 'admin', 'auditor'];

describe.each(DIALECTS)('multi-factor authentication on %s', (dialect) => {
  let t: TestApp;
  let center: TestOrg;
  let ministry: TestOrg;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    center = await t.org('center');
    ministry = await t.org('ministry');
  });
  afterAll(async () => t?.close());

  const browser = () => new BrowserClient(t.app);
  const auditActions = async (userId: string) =>
    (
      await t.handle.db
        .selectFrom('audit_log')
        .select('action')
        .where('subject_id', '=', userId)
        .orderBy('seq')
        .execute()
    ).map((r) => r.action);
  /** Sets up the authenticator app from the session the client holds; returns its secret. */
  const enrolTotp = async (b: BrowserClient) => {
    const started = await b.request({ method: 'POST', url: '/api/v1/me/mfa/totp' });
    expect(started.statusCode, started.body).toBe(200);
    const { secret, uri, qrCode } = started.json() as { secret: string; uri: string; qrCode: string };
    expect(uri).toMatch(/^otpauth:\/\/totp\/Renraku:.+\?.*secret=/);
    expect(qrCode).toMatch(/^data:image\/svg\+xml;base64,/);
    const confirmed = await b.request({
      method: 'POST',
      url: '/api/v1/me/mfa/totp/confirm',
      payload: { code: totpCode(secret, t.clock.now()) },
    });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    return {
      secret,
      ...(confirmed.json() as { recoveryCodes: string[] | null; session?: { stage: string } }),
    };
  };
  const nextStep = () => t.clock.advance(30_000);

  it.each(REQUIRED)('a %s without a second factor can only enrol one after the password', async (role) => {
    const user = await t.user(role === 'security-officer' ? ministry : center, role, PASSWORD, {
      enrol: false,
    });
    const b = browser();
    const login = await b.logIn(user.email, PASSWORD);
    expect(login.statusCode, login.body).toBe(200);
    expect(login.json()).toEqual({
      stage: 'enrol',
      csrfToken: expect.any(String),
      expiresAt: expect.any(String),
    });
    const stepCookie = b.session;
    for (const url of ['/api/v1/me', '/api/v1/incidents', '/api/v1/users', '/api/v1/audit', '/api/v1/tokens'])
      expectProblem(await b.request({ method: 'GET', url }), 401, 'auth.mfa_enrolment_required');
    expectProblem(
      await b.request({ method: 'POST', url: '/api/v1/tokens', payload: { name: 'x' } }),
      401,
      'auth.mfa_enrolment_required',
    );
    expect((await b.request({ method: 'GET', url: '/api/v1/session' })).json()).toMatchObject({
      stage: 'enrol',
    });

    const wrong = await b.request({ method: 'POST', url: '/api/v1/me/mfa/totp' });
    expectProblem(
      await b.request({ method: 'POST', url: '/api/v1/me/mfa/totp/confirm', payload: { code: '000000' } }),
      422,
      'mfa.invalid_code',
    );
    expect(wrong.statusCode).toBe(200);
    const { recoveryCodes, session } = await enrolTotp(b);
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    expect(session).toMatchObject({ stage: 'complete' });
    // The session was renewed: a new cookie, and the one of the step works no more.
    expect(b.session).not.toBe(stepCookie);
    const me = await b.request({ method: 'GET', url: '/api/v1/me' });
    expect(me.statusCode, me.body).toBe(200);
    expect(me.json()).toMatchObject({ email: user.email, role });
    const stale = await t.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { cookie: `renraku_session=${stepCookie}` },
    });
    expect(stale.statusCode).toBe(401);
    expect(await auditActions(user.id)).toEqual([
      'user.create',
      'token.create',
      'session.login_step',
      'mfa.totp_started',
      'mfa.totp_started',
      'mfa.totp_enrolled',
      'session.login',
    ]);
  });

  it('asks the code after the password; a code is taken once, never replayed', async () => {
    const user = await t.user(ministry, 'security-officer', PASSWORD);
    const secret = user.totpSecret as string;
    const b = browser();
    const login = await b.logIn(user.email, PASSWORD);
    expect(login.json()).toMatchObject({ stage: 'second-factor', methods: ['totp', 'recovery'] });
    expect(login.json()).not.toHaveProperty('me');
    expectProblem(await b.request({ method: 'GET', url: '/api/v1/me' }), 401, 'auth.second_factor_required');
    const stepCookie = b.session;

    expectProblem(
      await b.request({
        method: 'POST',
        url: '/api/v1/session/second-factor',
        payload: { method: 'totp', code: '123456' },
      }),
      401,
      'auth.invalid_second_factor',
    );
    const code = await t.totpCodeFor(user);
    const done = await b.request({
      method: 'POST',
      url: '/api/v1/session/second-factor',
      payload: { method: 'totp', code },
    });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ stage: 'complete', me: { email: user.email } });
    expect(b.session).not.toBe(stepCookie);
    expect((await b.request({ method: 'GET', url: '/api/v1/incidents' })).statusCode).toBe(200);

    // Someone who saw the code (over a shoulder, a phishing page relaying it) and has the password.
    const thief = browser();
    await thief.logIn(user.email, PASSWORD);
    expectProblem(
      await thief.request({
        method: 'POST',
        url: '/api/v1/session/second-factor',
        payload: { method: 'totp', code },
      }),
      401,
      'auth.invalid_second_factor',
    );
    // Nor the code of the step before, though within the window.
    const earlier = totpCode(secret, new Date(t.clock.now().getTime() - 30_000));
    expectProblem(
      await thief.request({
        method: 'POST',
        url: '/api/v1/session/second-factor',
        payload: { method: 'totp', code: earlier },
      }),
      401,
      'auth.invalid_second_factor',
    );
    // The next step's code works (within the window, before its time) and then the current one does not.
    const ahead = totpCode(secret, new Date(t.clock.now().getTime() + 30_000));
    const next = await thief.request({
      method: 'POST',
      url: '/api/v1/session/second-factor',
      payload: { method: 'totp', code: ahead },
    });
    expect(next.statusCode).toBe(200);
    const stored = await t.handle.db
      .selectFrom('totp_credentials')
      .select('last_used_step')
      .where('user_id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(Number(stored.last_used_step)).toBe(totpStep(t.clock.now()) + 1);
  });

  it('two requests with one code at once open one session', async () => {
    const user = await t.user(ministry, 'security-officer', PASSWORD);
    const [a, b] = [browser(), browser()];
    await a.logIn(user.email, PASSWORD);
    await b.logIn(user.email, PASSWORD);
    const code = await t.totpCodeFor(user);
    const answers = await Promise.all(
      [a, b].map((c) =>
        c.request({
          method: 'POST',
          url: '/api/v1/session/second-factor',
          payload: { method: 'totp', code },
        }),
      ),
    );
    expect(answers.map((r) => r.statusCode).sort()).toEqual([200, 401]);
  });

  it('a recovery code works once, and new ones replace all the old', async () => {
    const user = await t.user(center, 'auditor', PASSWORD, { enrol: false });
    const b = browser();
    await b.logIn(user.email, PASSWORD);
    const { recoveryCodes } = await enrolTotp(b);
    const [first, second] = recoveryCodes as string[];

    const other = browser();
    await other.logIn(user.email, PASSWORD);
    // Typed with capitals and without dashes, as people do.
    const typed = (first as string).toUpperCase().replace(/-/g, ' ');
    const used = await other.request({
      method: 'POST',
      url: '/api/v1/session/second-factor',
      payload: { method: 'recovery', code: typed },
    });
    expect(used.statusCode, used.body).toBe(200);
    const again = browser();
    await again.logIn(user.email, PASSWORD);
    expectProblem(
      await again.request({
        method: 'POST',
        url: '/api/v1/session/second-factor',
        payload: { method: 'recovery', code: first },
      }),
      401,
      'auth.invalid_second_factor',
    );
    expect((await b.request({ method: 'GET', url: '/api/v1/me/mfa' })).json()).toMatchObject({
      required: true,
      totp: { confirmedAt: expect.any(String) },
      recoveryCodesLeft: 9,
      passkeys: [],
    });

    const renewed = await b.request({ method: 'POST', url: '/api/v1/me/mfa/recovery-codes' });
    expect(renewed.statusCode).toBe(200);
    const fresh = (renewed.json() as { recoveryCodes: string[] }).recoveryCodes;
    expect(fresh).toHaveLength(10);
    expect(fresh).not.toContain(second);
    expectProblem(
      await again.request({
        method: 'POST',
        url: '/api/v1/session/second-factor',
        payload: { method: 'recovery', code: second },
      }),
      401,
      'auth.invalid_second_factor',
    );
    const stored = await t.handle.db
      .selectFrom('recovery_codes')
      .select('code_hash')
      .where('user_id', '=', user.id)
      .execute();
    for (const code of fresh)
      expect(stored.map((r) => r.code_hash).join()).not.toContain(code.replace(/-/g, ''));
    const actions = await auditActions(user.id);
    expect(actions).toContain('mfa.recovery_code_used');
    expect(actions).toContain('mfa.recovery_codes_generated');
    expect(actions.filter((a) => a === 'session.second_factor_failed')).toHaveLength(2);
  });

  it('refuses to remove the last second factor of a role that needs one', async () => {
    const user = await t.user(ministry, 'security-officer', PASSWORD);
    const session = await t.logIn(user, PASSWORD);
    const remove = () =>
      t.app.inject({
        method: 'DELETE',
        url: '/api/v1/me/mfa/totp',
        headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken },
      });
    const before = await t.count('audit_log');
    expectProblem(await remove(), 422, 'mfa.last_factor');
    expect(await t.count('audit_log')).toBe(before);
    expect(
      await t.handle.db
        .selectFrom('totp_credentials')
        .select('user_id')
        .where('user_id', '=', user.id)
        .execute(),
    ).toHaveLength(1);
  });

  it('a reporter may add a second factor; then every log-in asks it, and other sessions end', async () => {
    const user = await t.user(ministry, 'reporter', PASSWORD);
    const b = browser();
    expect((await b.logIn(user.email, PASSWORD)).json()).toMatchObject({ stage: 'complete' });
    const elsewhere = browser();
    await elsewhere.logIn(user.email, PASSWORD);
    // A token is made only by a session that passed a second factor.
    expectProblem(
      await b.request({ method: 'POST', url: '/api/v1/tokens', payload: { name: 'ci' } }),
      403,
      'tokens.second_factor_required',
    );
    const { secret, recoveryCodes, session } = await enrolTotp(b);
    expect(recoveryCodes).toHaveLength(10);
    expect(session).toMatchObject({ stage: 'complete' });
    expect((await elsewhere.request({ method: 'GET', url: '/api/v1/me' })).statusCode).toBe(401);
    expect(
      (await b.request({ method: 'POST', url: '/api/v1/tokens', payload: { name: 'ci' } })).statusCode,
    ).toBe(201);
    nextStep();
    const later = browser();
    expect((await later.logIn(user.email, PASSWORD)).json()).toMatchObject({ stage: 'second-factor' });
    const done = await later.request({
      method: 'POST',
      url: '/api/v1/session/second-factor',
      payload: { method: 'totp', code: totpCode(secret, t.clock.now()) },
    });
    expect(done.statusCode).toBe(200);
    // Not required for a reporter: removing the last one takes the recovery codes with it.
    expect((await b.request({ method: 'DELETE', url: '/api/v1/me/mfa/totp' })).statusCode).toBe(204);
    expect((await b.request({ method: 'GET', url: '/api/v1/me/mfa' })).json()).toMatchObject({
      required: false,
      totp: null,
      recoveryCodesLeft: 0,
    });
    expect(await auditActions(user.id)).toContain('mfa.totp_removed');
  });

  it('a session that did not pass a second factor cannot change the factors of a user who has one', async () => {
    const user = await t.user(ministry, 'reporter', PASSWORD);
    const b = browser();
    await b.logIn(user.email, PASSWORD);
    await enrolTotp(b);
    // A session from before: opened with the password alone (as if stolen before the user added the factor).
    const old = await t.handle.db
      .selectFrom('sessions')
      .select(['id'])
      .where('user_id', '=', user.id)
      .executeTakeFirstOrThrow();
    await t.handle.db.updateTable('sessions').set({ second_factor: null }).where('id', '=', old.id).execute();
    for (const [method, url] of [
      ['DELETE', '/api/v1/me/mfa/totp'],
      ['POST', '/api/v1/me/mfa/recovery-codes'],
      ['POST', '/api/v1/me/mfa/totp'],
      ['POST', '/api/v1/me/passkeys/options'],
    ] as const)
      expectProblem(await b.request({ method, url }), 403, 'mfa.session_required');
  });

  it('second factors are managed from a browser session, never with an API token', async () => {
    const user = await t.user(ministry, 'security-officer', PASSWORD);
    for (const [method, url] of [
      ['GET', '/api/v1/me/mfa'],
      ['POST', '/api/v1/me/mfa/totp'],
      ['DELETE', '/api/v1/me/mfa/totp'],
      ['POST', '/api/v1/me/mfa/recovery-codes'],
      ['POST', '/api/v1/me/passkeys/options'],
    ] as const)
      expectProblem(await t.request(user, { method, url }), 403, 'mfa.session_required');
  });

  it('second-factor codes are throttled per user, whatever the session or address', async () => {
    const user = await t.user(ministry, 'security-officer', PASSWORD);
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      const b = new BrowserClient(t.app, `198.51.100.${i + 1}`);
      await b.logIn(user.email, PASSWORD);
      const res = await b.request({
        method: 'POST',
        url: '/api/v1/session/second-factor',
        payload: { method: 'totp', code: String(100000 + i) },
      });
      statuses.push(res.statusCode);
      if (res.statusCode === 429) {
        expect(res.json().code).toBe('auth.throttled');
        expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      }
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429, 429]);
    // Even the right code waits its turn…
    const b = browser();
    await b.logIn(user.email, PASSWORD);
    const code = await t.totpCodeFor(user);
    expectProblem(
      await b.request({
        method: 'POST',
        url: '/api/v1/session/second-factor',
        payload: { method: 'totp', code },
      }),
      429,
      'auth.throttled',
    );
    // …but not for ever.
    t.clock.advance(16 * 60_000);
    const c = browser();
    await c.logIn(user.email, PASSWORD);
    const ok = await c.request({
      method: 'POST',
      url: '/api/v1/session/second-factor',
      payload: { method: 'totp', code: await t.totpCodeFor(user) },
    });
    expect(ok.statusCode, ok.body).toBe(200);
  });
});
