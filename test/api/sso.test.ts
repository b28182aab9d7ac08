import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import type { TestApp, TestOrg, TestUser } from '../support/harness.js';
import { genuineTokens, MFA_ACR, signingKey, startIdp, type TestIdp } from '../support/oidc.js';
import {
  addMapping,
  addProvider,
  authorizationRequest,
  CLIENT_SECRET,
  callbackUrl,
  continueAtProvider,
  signInAtProvider,
  startSsoApp,
} from '../support/sso.js';
import { type Answer, Walker } from '../support/walker.js';

// Single sign-on against a real OpenID Provider on loopback, over real HTTP, with a client that keeps cookies as
// a browser does. Every attack of the issue is tried; each refusal is a 4xx with a stable code and leaves no
// account, link or session behind.

const ELSEWHERE = 'http://127.0.0.1:9/cb';

function expectRefused(answer: Answer, status: number, code: string) {
  expect({ status: answer.status, code: (JSON.parse(answer.text) as { code?: string }).code }).toEqual({
    status,
    code,
  });
  expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(answer.headers.getSetCookie().some((c) => c.startsWith('renraku_session='))).toBe(false);
}

describe.each(DIALECTS)('single sign-on with OpenID Connect (%s)', (dialect) => {
  let t: TestApp;
  let base: string;
  let idpM: TestIdp;
  let idpN: TestIdp;
  let ministry: TestOrg;
  let otherMinistry: TestOrg;
  let admin: TestUser;
  let officer: TestUser;
  let secondAdmin: TestUser;
  let otherReporter: TestUser;
  let localReporter: TestUser;
  const start = (slug = 'm-idp', query = '') => `${base}/api/v1/sso/${slug}/start${query}`;

  /** What a refused log-in must not have written. */
  const written = async () => ({
    users: await t.count('users'),
    identities: await t.count('sso_identities'),
    sessions: await t.count('sessions'),
  });
  const me = async (w: Walker) =>
    JSON.parse((await w.get(`${base}/api/v1/me`)).text) as Record<string, unknown>;

  beforeAll(async () => {
    ({ t, base } = await startSsoApp(dialect));
    const g = await t.government();
    ministry = g.ministry;
    localReporter = g.ministryReporter;
    otherMinistry = await t.org('ministry');
    otherReporter = await t.user(otherMinistry, 'reporter');
    admin = await t.user(g.center, 'admin');
    officer = g.ministryOfficer;
    // The other ministry has no security officer: a second administrator confirms its changes.
    secondAdmin = await t.user(g.center, 'admin');
    // Both providers sign with the same key, so that an ID token of one differs from the other's by its issuer.
    const key = signingKey();
    idpM = await startIdp({
      key,
      accounts: [
        { sub: 'alice', email: 'alice@m.example', name: '鈴木 アリス', groups: ['m-csirt'] },
        { sub: 'bob', email: 'bob@m.example', groups: ['m-staff'] },
        { sub: 'carol', email: 'carol@m.example', groups: ['m-unmapped'] },
        { sub: 'mallory', email: otherReporter.email, groups: ['m-staff'] },
        { sub: 'nora', email: 'nora@m.example', groups: ['m-readonly'] },
        { sub: 'dave', email: 'dave@m.example', groups: ['m-staff'] },
        { sub: 'lin', email: 'lin.at.idp@m.example', groups: ['m-staff'] },
        { sub: 'zed', email: 'zed@m.example', groups: ['m-staff'] },
      ],
      clients: [
        { client_id: 'renraku-m', client_secret: CLIENT_SECRET, redirect_uris: [callbackUrl(base, 'm-idp')] },
        { client_id: 'other-app', client_secret: CLIENT_SECRET, redirect_uris: [ELSEWHERE] },
      ],
    });
    idpN = await startIdp({
      key,
      accounts: [{ sub: 'alice', email: 'alice@n.example', groups: ['n-staff'] }],
      clients: [
        { client_id: 'renraku-n', client_secret: CLIENT_SECRET, redirect_uris: [callbackUrl(base, 'n-idp')] },
        // The same client id as at M's provider: a token of N's for it differs from M's only by its issuer.
        { client_id: 'renraku-m', client_secret: CLIENT_SECRET, redirect_uris: [ELSEWHERE] },
      ],
    });
    await addProvider(t, admin, officer, {
      slug: 'm-idp',
      org: ministry.slug,
      issuer: idpM.issuer,
      clientId: 'renraku-m',
      mfaAcrValues: [MFA_ACR],
    });
    await addProvider(t, admin, secondAdmin, {
      slug: 'n-idp',
      org: otherMinistry.slug,
      issuer: idpN.issuer,
      clientId: 'renraku-n',
    });
    await addMapping(t, admin, officer, 'm-idp', {
      value: 'm-csirt',
      org: ministry.slug,
      role: 'security-officer',
    });
    await addMapping(t, admin, officer, 'm-idp', { value: 'm-staff', org: ministry.slug, role: 'reporter' });
    await addMapping(t, admin, officer, 'm-idp', {
      value: 'm-readonly',
      org: ministry.slug,
      role: 'reporter',
      provision: false,
    });
    await addMapping(t, admin, secondAdmin, 'n-idp', {
      value: 'n-staff',
      org: otherMinistry.slug,
      role: 'reporter',
    });
  }, 120_000);

  afterAll(async () => {
    await idpM?.close();
    await idpN?.close();
    await t?.close();
  });

  it('logs a person of the body in through its provider: the account is made in that body with the mapped role', async () => {
    const w = new Walker();
    const authorization = await authorizationRequest(w, start());
    // The authorization code flow with PKCE (S256), state and nonce.
    expect(Object.fromEntries(authorization.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: 'renraku-m',
      code_challenge_method: 'S256',
      redirect_uri: callbackUrl(base, 'm-idp'),
    });
    for (const p of ['state', 'nonce', 'code_challenge'])
      expect(authorization.searchParams.get(p)).toMatch(/^[\w-]{43}$/);
    // Alice's provider did the second factor her role needs (a security key): the session is whole.
    const back = await w.get(await continueAtProvider(w, authorization, 'alice', { mfa: true }));
    expect(back.status).toBe(303);
    expect(back.location).toBe(`${base}/`);
    const cookie = back.headers.getSetCookie().find((c) => c.startsWith('renraku_session='));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);

    const who = await me(w);
    expect(who).toMatchObject({
      email: 'alice@m.example',
      role: 'security-officer',
      displayName: '鈴木 アリス',
    });
    expect((who.org as { slug: string }).slug).toBe(ministry.slug);

    // The session is a browser session like any: changes need its CSRF token.
    const csrf = String(who.csrfToken);
    const without = await w.request('POST', `${base}/api/v1/tokens`, { json: { name: 'x' } });
    expect(without.status).toBe(403);
    const withToken = await w.request('POST', `${base}/api/v1/tokens`, {
      json: { name: 'cli' },
      headers: { 'x-csrf-token': csrf },
    });
    expect(withToken.status).toBe(201);

    const actions = (await t.handle.db.selectFrom('audit_log').select(['action', 'detail']).execute()).map(
      (r) => r.action,
    );
    expect(actions).toEqual(
      expect.arrayContaining(['user.create', 'sso.user.provision', 'sso.identity.link', 'session.login']),
    );
  });

  it('finds the account again by the provider and subject, and gives it the role its groups map to now', async () => {
    const users = await t.count('users');
    idpM.accounts.set('alice', { sub: 'alice', email: 'renamed@m.example', groups: ['m-staff'] });
    const w = new Walker();
    const back = await w.get(await signInAtProvider(w, start(), 'alice'));
    expect(back.status).toBe(303);
    expect(await me(w)).toMatchObject({ email: 'alice@m.example', role: 'reporter' });
    expect(await t.count('users')).toBe(users);
    idpM.accounts.set('alice', { sub: 'alice', email: 'alice@m.example', groups: ['m-csirt'] });
  });

  it('comes back to the page the log-in started from, and nowhere else', async () => {
    const w = new Walker();
    const back = await w.get(
      await signInAtProvider(w, start('m-idp', '?returnTo=%2Fincidents%3Fstatus%3Dopen'), 'bob'),
    );
    expect(back.location).toBe(`${base}/incidents?status=open`);

    const flows = await t.count('sso_flows');
    for (const returnTo of [
      'https://evil.example/',
      '//evil.example/',
      '/\\evil.example',
      '/%09/evil.example'.replace('%09', '\t'),
      'javascript:alert(1)',
      '/api/v1/tokens',
    ]) {
      const res = await new Walker().get(start('m-idp', `?returnTo=${encodeURIComponent(returnTo)}`));
      expectRefused(res, 400, 'sso.invalid_return_to');
    }
    expect(await t.count('sso_flows')).toBe(flows);
  });

  it('refuses a forged state, a replayed one, and one started in another browser', async () => {
    const before = await written();
    const w = new Walker();
    const callback = await signInAtProvider(w, start(), 'bob');
    const forged = new URL(callback);
    forged.searchParams.set('state', 'forged-state-value-that-nobody-issued-000000');
    expectRefused(await w.get(forged.href), 400, 'sso.invalid_state');
    const noState = new URL(callback);
    noState.searchParams.delete('state');
    expectRefused(await w.get(noState.href), 400, 'sso.invalid_state');

    // Login CSRF: an attacker's own callback, opened in the victim's browser (which has no binding cookie).
    const victim = new Walker();
    expectRefused(await victim.get(callback), 400, 'sso.invalid_state');
    // That consumed the flow: even its own browser cannot use it afterwards (single use).
    expectRefused(await w.get(callback), 400, 'sso.invalid_state');

    const again = await signInAtProvider(w, start(), 'bob');
    expect((await w.get(again)).status).toBe(303);
    expectRefused(await w.get(again), 400, 'sso.invalid_state');
    const after = await written();
    expect(after.users).toBe(before.users);
    expect(after.identities).toBe(before.identities);
    expect(after.sessions).toBe(before.sessions + 1);
  });

  it('lets only one of two callbacks racing with the same state through', async () => {
    const w = new Walker();
    const callback = await signInAtProvider(w, start(), 'bob');
    const answers = await Promise.all([w.get(callback), w.get(callback)]);
    expect(answers.map((a) => a.status).sort()).toEqual([303, 400]);
    // A state of one provider means nothing at another's callback.
    const other = new URL(await signInAtProvider(w, start(), 'bob'));
    const elsewhere = `${base}/api/v1/sso/n-idp/callback${other.search}`;
    expectRefused(await w.get(elsewhere), 400, 'sso.invalid_state');
  });

  it('answers any hostile callback or start query with a 4xx and writes nothing', async () => {
    const before = await written();
    const nasty = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 60 }),
      fc.constantFrom('', '%', '\\', '//evil', '\u0000', 'a'.repeat(5000), '<script>', "' or 1=1 --"),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          { code: nasty, state: nasty, iss: nasty, error: nasty, returnTo: nasty },
          { requiredKeys: [] },
        ),
        async (params) => {
          const query = new URLSearchParams(params as Record<string, string>).toString();
          for (const url of [`/api/v1/sso/m-idp/callback?${query}`, `/api/v1/sso/m-idp/start?${query}`]) {
            // From an address of its own: the rate limit of these routes is per address.
            const res = await t.app.inject({
              method: 'GET',
              url,
              remoteAddress: '192.0.2.77',
              headers: { accept: 'application/json' },
            });
            expect(res.statusCode, `${url} ${res.body}`).toBeLessThan(500);
            if (url.includes('/callback')) expect(res.statusCode).toBeGreaterThanOrEqual(400);
          }
        },
      ),
      { numRuns: 25 },
    );
    const after = await written();
    expect({ users: after.users, identities: after.identities, sessions: after.sessions }).toEqual(before);
  });

  it('refuses a flow that took longer than allowed', async () => {
    const w = new Walker();
    const callback = await signInAtProvider(w, start(), 'bob');
    t.clock.advance((t.config.ssoFlowMinutes + 1) * 60_000);
    const before = await written();
    expectRefused(await w.get(callback), 400, 'sso.invalid_state');
    expect(await written()).toEqual(before);
  });

  it('refuses a code used already, and a code injected into another flow (its PKCE verifier does not match)', async () => {
    const victim = new Walker();
    const used = new URL(await signInAtProvider(victim, start(), 'bob'));
    expect((await victim.get(used.href)).status).toBe(303);

    const attacker = new Walker();
    const before = await written();
    // Replay: the used code, under a fresh state of the attacker's own.
    const fresh = new URL(await signInAtProvider(attacker, start(), 'carol'));
    fresh.searchParams.set('code', used.searchParams.get('code') ?? '');
    expectRefused(await attacker.get(fresh.href), 401, 'sso.code_rejected');

    // Injection: the victim's code, not yet used, carried into the attacker's own flow; the code is bound to
    // the victim's PKCE challenge, and the attacker's verifier does not match it.
    const stolen = new URL(await signInAtProvider(victim, start(), 'bob'));
    const attackersOwn = new URL(await signInAtProvider(attacker, start(), 'carol'));
    attackersOwn.searchParams.set('code', stolen.searchParams.get('code') ?? '');
    expectRefused(await attacker.get(attackersOwn.href), 401, 'sso.code_rejected');
    expect(await written()).toEqual(before);
  });

  it('refuses ID tokens from another issuer, for another client, or with another nonce', async () => {
    const before = await written();
    const attempts: [
      string,
      TestIdp,
      { clientId: string; redirectUri: string },
      (nonce: string) => string,
    ][] = [
      ['another issuer', idpN, { clientId: 'renraku-m', redirectUri: ELSEWHERE }, (n) => n],
      ['another client', idpM, { clientId: 'other-app', redirectUri: ELSEWHERE }, (n) => n],
      [
        'another nonce',
        idpM,
        { clientId: 'renraku-m', redirectUri: callbackUrl(base, 'm-idp') },
        () => 'not-the-nonce',
      ],
    ];
    for (const [why, issuerOfToken, client, nonceOf] of attempts) {
      const w = new Walker();
      const authorization = await authorizationRequest(w, start());
      const callback = await continueAtProvider(w, authorization, 'bob');
      // A genuine token, signed with M's own key, but not for this log-in.
      const tokens = await genuineTokens(
        issuerOfToken,
        { ...client, clientSecret: CLIENT_SECRET },
        nonceOf(authorization.searchParams.get('nonce') ?? ''),
        (a) => continueAtProvider(new Walker(), a, 'alice'),
      );
      idpM.answerNextTokenRequestWith(tokens);
      const res = await w.get(callback);
      expect(res.status, why).toBe(401);
      expectRefused(res, 401, 'sso.id_token_invalid');
    }
    expect(await written()).toEqual(before);
  });

  it("never lets one body's provider log in as another body's user: not by a colliding subject, not by e-mail", async () => {
    const aliceOfM = await t.handle.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'alice@m.example')
      .executeTakeFirstOrThrow();
    // N's provider asserts the same subject as M's alice: a person of N, nothing to do with her.
    const w = new Walker();
    expect((await w.get(await signInAtProvider(w, start('n-idp'), 'alice'))).status).toBe(303);
    const who = await me(w);
    expect(who.email).toBe('alice@n.example');
    expect((who.org as { slug: string }).slug).toBe(otherMinistry.slug);
    const link = await t.handle.db
      .selectFrom('sso_identities')
      .select('user_id')
      .where('subject', '=', 'alice')
      .execute();
    expect(link.map((l) => l.user_id)).toContain(aliceOfM.id);
    expect(new Set(link.map((l) => l.user_id)).size).toBe(2);

    // M's provider asserts the e-mail of N's reporter: refused, the account is not touched.
    const before = await written();
    const m = new Walker();
    expectRefused(await m.get(await signInAtProvider(m, start(), 'mallory')), 409, 'sso.email_in_use');
    expect(await written()).toEqual(before);
    const refused = await t.handle.db
      .selectFrom('audit_log')
      .select('detail')
      .where('action', '=', 'sso.login_refused')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(refused.detail)).toMatchObject({ code: 'sso.email_in_use', subject: 'mallory' });
    expect(await t.count('sessions')).toBe(before.sessions);
    void otherReporter;
  });

  it('refuses a person whose groups map to nothing, or to a role that does not create accounts', async () => {
    const before = await written();
    const w = new Walker();
    expectRefused(await w.get(await signInAtProvider(w, start(), 'carol')), 403, 'sso.no_mapping');
    expectRefused(await w.get(await signInAtProvider(w, start(), 'nora')), 403, 'sso.not_provisioned');
    expect(await written()).toEqual(before);
  });

  it('refuses a person whose Renraku account is disabled, even though the provider logs them in', async () => {
    const w = new Walker();
    expect((await w.get(await signInAtProvider(w, start(), 'dave'))).status).toBe(303);
    const dave = await t.handle.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'dave@m.example')
      .executeTakeFirstOrThrow();
    const off = await t.request(admin, {
      method: 'PATCH',
      url: `/api/v1/users/${dave.id}`,
      payload: { disabled: true },
    });
    expect(off.statusCode).toBe(200);
    const before = await written();
    const again = new Walker();
    expectRefused(await again.get(await signInAtProvider(again, start(), 'dave')), 403, 'sso.user_disabled');
    expect(await written()).toEqual(before);
  });

  it('says so when the provider did not log the person in', async () => {
    const w = new Walker();
    expectRefused(
      await w.get(await signInAtProvider(w, start(), 'nobody-at-all')),
      401,
      'sso.provider_error',
    );
  });

  it("records whether the provider did the second factor (amr, or the provider's acr values)", async () => {
    const logins = async () =>
      (
        await t.handle.db
          .selectFrom('audit_log')
          .select('detail')
          .where('action', '=', 'session.login')
          .orderBy('seq', 'desc')
          .limit(1)
          .execute()
      ).map((r) => JSON.parse(r.detail) as Record<string, unknown>)[0];
    const w = new Walker();
    await w.get(await signInAtProvider(w, start(), 'bob', { mfa: true }));
    expect(await logins()).toMatchObject({
      firstFactor: 'sso',
      secondFactor: 'idp',
      provider: 'm-idp',
      amr: ['pwd', 'hwk'],
      acr: MFA_ACR,
    });
    // Bob is a reporter, whose role needs no second factor: without one at the provider he is logged in all the
    // same, and the audit says nothing satisfied one.
    await w.get(await signInAtProvider(w, start(), 'bob'));
    const plain = await logins();
    expect(plain).toMatchObject({ firstFactor: 'sso', stage: 'full', amr: ['pwd'] });
    expect(plain).not.toHaveProperty('secondFactor');
  });

  it('leaves a role that needs a second factor at Renraku’s own when the provider did none', async () => {
    const w = new Walker();
    const back = await w.get(await signInAtProvider(w, start(), 'alice'));
    expect(back.status).toBe(303);
    // Alice (a security officer) has no factor of Renraku's yet: the session is only the step of enrolling one.
    const step = JSON.parse((await w.get(`${base}/api/v1/session`)).text) as Record<string, unknown>;
    expect(step).toMatchObject({ stage: 'enrol' });
    const refused = await w.get(`${base}/api/v1/me`);
    expect(refused.status).toBe(401);
    expect(JSON.parse(refused.text)).toMatchObject({ code: 'auth.mfa_enrolment_required' });
    const incidents = await w.get(`${base}/api/v1/incidents`);
    expect(incidents.status).toBe(401);
    const last = await t.handle.db
      .selectFrom('audit_log')
      .select(['action', 'detail'])
      .where('action', 'like', 'session.login%')
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    expect(last.action).toBe('session.login_step');
    expect(JSON.parse(last.detail)).toMatchObject({ firstFactor: 'sso', stage: 'enrol', provider: 'm-idp' });
  });

  it('links an existing account from its own session, and then logs it in by the provider', async () => {
    // The local account logs in with its password (in this browser), and asks to link M's provider.
    const w = new Walker();
    const password = 'a long local passphrase 2026';
    await t.handle.db
      .updateTable('users')
      .set({
        password_hash: await (await import('../../src/platform/auth/secrets.js')).hashPassword(password),
      })
      .where('id', '=', localReporter.id)
      .execute();
    const login = await w.request('POST', `${base}/api/v1/session`, {
      json: { email: localReporter.email, password },
    });
    expect(login.status).toBe(200);
    const csrf = (JSON.parse(login.text) as { csrfToken: string }).csrfToken;
    const asked = await w.request('POST', `${base}/api/v1/sso/m-idp/link`, {
      json: {},
      headers: { 'x-csrf-token': csrf },
    });
    expect(asked.status).toBe(200);
    const { url } = JSON.parse(asked.text) as { url: string };
    const back = await w.get(await continueAtProvider(w, new URL(url), 'lin'));
    expect(back.status).toBe(303);

    const fresh = new Walker();
    await fresh.get(await signInAtProvider(fresh, start(), 'lin'));
    expect(await me(fresh)).toMatchObject({ email: localReporter.email });
    const linked = JSON.parse((await fresh.get(`${base}/api/v1/sso/identities`)).text) as {
      items: { provider: string }[];
    };
    expect(linked.items.map((i) => i.provider)).toEqual(['m-idp']);

    // Linking an identity that is someone else's already is refused.
    const bobsAccount = new Walker();
    const other = await t.user(ministry, 'reporter', password);
    const otherLogin = await bobsAccount.request('POST', `${base}/api/v1/session`, {
      json: { email: other.email, password },
    });
    const otherCsrf = (JSON.parse(otherLogin.text) as { csrfToken: string }).csrfToken;
    const link2 = await bobsAccount.request('POST', `${base}/api/v1/sso/m-idp/link`, {
      json: {},
      headers: { 'x-csrf-token': otherCsrf },
    });
    expectRefused(
      await bobsAccount.get(
        await continueAtProvider(
          bobsAccount,
          new URL((JSON.parse(link2.text) as { url: string }).url),
          'lin',
        ),
      ),
      409,
      'sso.identity_taken',
    );

    // A person of another body cannot link M's provider to their account: it does not log in their body.
    const outsider = new Walker();
    const foreign = await t.user(otherMinistry, 'reporter', password);
    const foreignLogin = await outsider.request('POST', `${base}/api/v1/session`, {
      json: { email: foreign.email, password },
    });
    const foreignCsrf = (JSON.parse(foreignLogin.text) as { csrfToken: string }).csrfToken;
    const link3 = await outsider.request('POST', `${base}/api/v1/sso/m-idp/link`, {
      json: {},
      headers: { 'x-csrf-token': foreignCsrf },
    });
    const identities = await t.count('sso_identities');
    const url3 = new URL((JSON.parse(link3.text) as { url: string }).url);
    expectRefused(
      await outsider.get(await continueAtProvider(outsider, url3, 'zed')),
      403,
      'sso.body_mismatch',
    );
    expect(await t.count('sso_identities')).toBe(identities);
  });

  it('answers a browser with a page that names the refusal, with the same status', async () => {
    const w = new Walker();
    const callback = await signInAtProvider(w, start(), 'carol');
    const page = await w.get(callback, { accept: 'text/html,application/xhtml+xml' });
    expect(page.status).toBe(403);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.text).toContain('<code id="problem-code">sso.no_mapping</code>');
    expect(page.text).not.toMatch(/<script|style=/i);
  });

  it('knows no provider that is not configured or is turned off', async () => {
    expectRefused(await new Walker().get(start('no-such-idp')), 404, 'sso.unknown_provider');
    const off = await t.request(admin, {
      method: 'PATCH',
      url: '/api/v1/sso-providers/n-idp',
      payload: { disabled: true },
    });
    expect(off.statusCode).toBe(200);
    expectRefused(await new Walker().get(start('n-idp')), 404, 'sso.unknown_provider');
    const listed = await t.request(null, { method: 'GET', url: '/api/v1/sso/providers' });
    expect((listed.json() as { items: { slug: string }[] }).items.map((p) => p.slug)).toEqual(['m-idp']);
  });
});
