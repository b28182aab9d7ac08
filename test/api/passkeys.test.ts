import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SoftwareAuthenticator } from '../support/authenticator.js';
import { BrowserClient } from '../support/browser-client.js';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestOrg, type TestUser } from '../support/harness.js';
import { expectProblem } from './helpers.js';

const PASSWORD = 'passkey-test-passphrase-2026';
const PUBLIC = 'https://renraku.example.go.jp';
const RP = { rpId: 'renraku.example.go.jp', origin: PUBLIC };

type Options = { challengeId: string; options: Record<string, unknown> & { challenge: string } };

describe.each(DIALECTS)('passkeys on %s', (dialect) => {
  let t: TestApp;
  let ministry: TestOrg;
  let center: TestOrg;

  beforeAll(async () => {
    t = await startTestApp(dialect, { config: { publicUrl: PUBLIC } });
    center = await t.org('center');
    ministry = await t.org('ministry');
  });
  afterAll(async () => t?.close());

  /** A browser that has passed both steps for the user (its TOTP set up by the harness). */
  const loggedIn = async (u: TestUser) => {
    const b = new BrowserClient(t.app);
    await b.logIn(u.email, PASSWORD);
    const done = await b.request({
      method: 'POST',
      url: '/api/v1/session/second-factor',
      payload: { method: 'totp', code: await t.totpCodeFor(u) },
    });
    expect(done.statusCode, done.body).toBe(200);
    return b;
  };
  const options = async (b: BrowserClient, url: string) => {
    const res = await b.request({ method: 'POST', url });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Options;
  };
  const register = async (b: BrowserClient, key: SoftwareAuthenticator, name = 'YubiKey') => {
    const o = await options(b, '/api/v1/me/passkeys/options');
    return b.request({
      method: 'POST',
      url: '/api/v1/me/passkeys',
      payload: { challengeId: o.challengeId, name, response: key.register(o.options as never) },
    });
  };
  const answer = (b: BrowserClient, challengeId: string, response: unknown) =>
    b.request({ method: 'POST', url: '/api/v1/session/passkey', payload: { challengeId, response } });

  it('registers a passkey; it then answers the second step, and its counter must grow', async () => {
    const officer = await t.user(ministry, 'security-officer', PASSWORD);
    const b = await loggedIn(officer);
    const key = new SoftwareAuthenticator(RP);
    const o = await options(b, '/api/v1/me/passkeys/options');
    expect(o.options).toMatchObject({ rp: { id: RP.rpId, name: 'Renraku' }, attestation: 'none' });
    const added = await b.request({
      method: 'POST',
      url: '/api/v1/me/passkeys',
      payload: { challengeId: o.challengeId, name: '鍵 1', response: key.register(o.options as never) },
    });
    expect(added.statusCode, added.body).toBe(201);
    expect(added.json()).toEqual({ id: key.id, recoveryCodes: null });
    expect((await b.request({ method: 'GET', url: '/api/v1/me/mfa' })).json().passkeys).toEqual([
      { id: key.id, name: '鍵 1', createdAt: expect.any(String), lastUsedAt: null, backedUp: false },
    ]);

    const next = new BrowserClient(t.app);
    expect((await next.logIn(officer.email, PASSWORD)).json()).toMatchObject({
      stage: 'second-factor',
      methods: ['totp', 'passkey', 'recovery'],
    });
    const ask = await options(next, '/api/v1/session/passkey/options');
    expect(ask.options.allowCredentials).toEqual([{ id: key.id, type: 'public-key', transports: ['usb'] }]);
    const response = key.assert(ask.options);
    const done = await answer(next, ask.challengeId, response);
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ stage: 'complete', me: { email: officer.email } });
    const sessions = (await next.request({ method: 'GET', url: '/api/v1/me/sessions' })).json().items as {
      current: boolean;
      secondFactor: string;
    }[];
    expect(sessions.find((s) => s.current)).toMatchObject({ secondFactor: 'passkey' });

    // The same answer again: its challenge is spent.
    const replay = new BrowserClient(t.app);
    await replay.logIn(officer.email, PASSWORD);
    expectProblem(await answer(replay, ask.challengeId, response), 400, 'mfa.challenge_invalid');
    // An old answer to a new challenge does not verify.
    const fresh = await options(replay, '/api/v1/session/passkey/options');
    expectProblem(await answer(replay, fresh.challengeId, response), 401, 'auth.invalid_second_factor');
    // A cloned authenticator whose counter does not grow is refused.
    const again = await options(replay, '/api/v1/session/passkey/options');
    expectProblem(
      await answer(replay, again.challengeId, key.assert(again.options, { keepCounter: true })),
      401,
      'auth.invalid_second_factor',
    );
    const stored = await t.handle.db
      .selectFrom('passkeys')
      .select('counter')
      .where('id', '=', key.id)
      .executeTakeFirstOrThrow();
    expect(Number(stored.counter)).toBe(1);
  });

  it('a passkey that verifies its user logs in alone; without user verification it does not', async () => {
    const analyst = await t.user(center, 'center-analyst', PASSWORD);
    const key = new SoftwareAuthenticator(RP);
    expect((await register(await loggedIn(analyst), key)).statusCode).toBe(201);
    const b = new BrowserClient(t.app);
    const ask = await options(b, '/api/v1/session/passkey/options');
    expect(ask.options).toMatchObject({ userVerification: 'required', rpId: RP.rpId });
    expect(ask.options.allowCredentials).toBeUndefined();
    expectProblem(
      await answer(b, ask.challengeId, key.assert(ask.options, { userVerified: false })),
      401,
      'auth.invalid_second_factor',
    );
    const second = await options(b, '/api/v1/session/passkey/options');
    const done = await answer(b, second.challengeId, key.assert(second.options));
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({
      stage: 'complete',
      me: { email: analyst.email, role: 'center-analyst' },
    });
    expect((await b.request({ method: 'GET', url: '/api/v1/incidents' })).statusCode).toBe(200);
    // A disabled user's passkey opens nothing.
    const admin = await t.user(center, 'admin');
    await t.request(admin, {
      method: 'PATCH',
      url: `/api/v1/users/${analyst.id}`,
      payload: { disabled: true },
    });
    const later = new BrowserClient(t.app);
    const third = await options(later, '/api/v1/session/passkey/options');
    expectProblem(
      await answer(later, third.challengeId, key.assert(third.options)),
      401,
      'auth.invalid_second_factor',
    );
  });

  it('refuses a passkey made for another site, and another user’s passkey at my step', async () => {
    const officer = await t.user(ministry, 'security-officer', PASSWORD);
    const other = await t.user(ministry, 'security-officer', PASSWORD);
    const b = await loggedIn(officer);
    const phished = new SoftwareAuthenticator({
      rpId: 'renraku.example.go.jp.evil.test',
      origin: 'https://renraku.example.go.jp.evil.test',
    });
    const o = await options(b, '/api/v1/me/passkeys/options');
    expectProblem(
      await b.request({
        method: 'POST',
        url: '/api/v1/me/passkeys',
        payload: { challengeId: o.challengeId, name: 'x', response: phished.register(o.options as never) },
      }),
      422,
      'mfa.passkey_rejected',
    );
    const theirs = new SoftwareAuthenticator(RP);
    expect((await register(await loggedIn(other), theirs)).statusCode).toBe(201);
    const mine = new SoftwareAuthenticator(RP);
    expect((await register(b, mine)).statusCode).toBe(201);

    const step = new BrowserClient(t.app);
    await step.logIn(officer.email, PASSWORD);
    const ask = await options(step, '/api/v1/session/passkey/options');
    expectProblem(
      await answer(step, ask.challengeId, theirs.assert(ask.options)),
      401,
      'auth.invalid_second_factor',
    );
    const ask2 = await options(step, '/api/v1/session/passkey/options');
    expectProblem(
      await answer(step, ask2.challengeId, mine.assert(ask2.options, { origin: 'https://evil.test' })),
      401,
      'auth.invalid_second_factor',
    );
    // A registration challenge of one user is worth nothing to another.
    const otherBrowser = await loggedIn(other);
    const stolen = await options(b, '/api/v1/me/passkeys/options');
    expectProblem(
      await otherBrowser.request({
        method: 'POST',
        url: '/api/v1/me/passkeys',
        payload: {
          challengeId: stolen.challengeId,
          name: 'x',
          response: new SoftwareAuthenticator(RP).register(stolen.options as never),
        },
      }),
      400,
      'mfa.challenge_invalid',
    );
  });

  it('a role that needs a second factor can enrol a passkey first; renamed, removed, never the last', async () => {
    const coordinator = await t.user(center, 'center-coordinator', PASSWORD, { enrol: false });
    const b = new BrowserClient(t.app);
    expect((await b.logIn(coordinator.email, PASSWORD)).json().stage).toBe('enrol');
    const key = new SoftwareAuthenticator(RP);
    const added = await register(b, key, 'Touch ID');
    expect(added.statusCode, added.body).toBe(201);
    expect(added.json().recoveryCodes).toHaveLength(10);
    expect(added.json().session).toMatchObject({ stage: 'complete' });
    expect((await b.request({ method: 'GET', url: '/api/v1/dashboard' })).statusCode).not.toBe(401);
    expect((await b.request({ method: 'GET', url: '/api/v1/me' })).statusCode).toBe(200);

    expect(
      (
        await b.request({
          method: 'PATCH',
          url: `/api/v1/me/passkeys/${key.id}`,
          payload: { name: 'MacBook' },
        })
      ).statusCode,
    ).toBe(204);
    expectProblem(
      await b.request({ method: 'PATCH', url: `/api/v1/me/passkeys/${key.id}`, payload: { name: 'a\nb' } }),
      400,
      'request.validation_failed',
    );
    expectProblem(
      await b.request({ method: 'DELETE', url: `/api/v1/me/passkeys/${key.id}` }),
      422,
      'mfa.last_factor',
    );
    const spare = new SoftwareAuthenticator(RP);
    expect((await register(b, spare, 'spare')).json().recoveryCodes).toBeNull();
    expect((await b.request({ method: 'DELETE', url: `/api/v1/me/passkeys/${key.id}` })).statusCode).toBe(
      204,
    );
    expectProblem(
      await b.request({ method: 'DELETE', url: `/api/v1/me/passkeys/${key.id}` }),
      404,
      'mfa.passkey_not_found',
    );
    const actions = (
      await t.handle.db
        .selectFrom('audit_log')
        .select('action')
        .where('subject_id', '=', coordinator.id)
        .where('action', 'like', 'mfa.%')
        .orderBy('seq')
        .execute()
    ).map((r) => r.action);
    expect(actions).toEqual([
      'mfa.passkey_added',
      'mfa.passkey_renamed',
      'mfa.passkey_added',
      'mfa.passkey_removed',
    ]);
  });

  it('refuses malformed answers with a 4xx', async () => {
    const b = new BrowserClient(t.app);
    const ask = await options(b, '/api/v1/session/passkey/options');
    for (const response of [
      {},
      { id: 'x', rawId: 'x', type: 'public-key', response: {} },
      {
        id: '<script>',
        rawId: 'x',
        type: 'public-key',
        response: { clientDataJSON: 'a', authenticatorData: 'a', signature: 'a' },
      },
      {
        id: 'a'.repeat(2000),
        rawId: 'x',
        type: 'public-key',
        response: { clientDataJSON: 'a', authenticatorData: 'a', signature: 'a' },
      },
    ])
      expectProblem(await answer(b, ask.challengeId, response), 400, 'request.validation_failed');
    const junk = await answer(b, ask.challengeId, {
      id: 'AAAA',
      rawId: 'AAAA',
      type: 'public-key',
      response: { clientDataJSON: 'AAAA', authenticatorData: 'AAAA', signature: 'AAAA' },
    });
    expect(junk.statusCode).toBe(401);
  });
});
