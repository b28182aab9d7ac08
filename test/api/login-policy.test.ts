import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import type { TestApp, TestOrg, TestUser } from '../support/harness.js';
import { startIdp, type TestIdp } from '../support/oidc.js';
import { addProvider, CLIENT_SECRET, callbackUrl, startSsoApp } from '../support/sso.js';
import { expectProblem } from './helpers.js';

// Local passwords turned off per body: its people log in through its identity provider only, except the
// break-glass accounts it names (for when the provider itself is down, or attacked). Other bodies keep theirs.

const PASSWORD = 'correct horse battery staple 2026';

describe.each(DIALECTS)('login policy: local passwords per body (%s)', (dialect) => {
  let t: TestApp;
  let idp: TestIdp;
  let ministry: TestOrg;
  let agency: TestOrg;
  let officer: TestUser;
  let reporter: TestUser;
  let breakGlass: TestUser;
  let admin: TestUser;
  let otherReporter: TestUser;
  let otherOfficer: TestUser;

  const logIn = (u: TestUser, password = PASSWORD) =>
    t.request(null, { method: 'POST', url: '/api/v1/session', payload: { email: u.email, password } });
  const setPolicy = (u: TestUser, slug: string, payload: unknown) =>
    t.request(u, { method: 'PUT', url: `/api/v1/orgs/${slug}/login-policy`, payload: payload as object });

  beforeAll(async () => {
    let base: string;
    ({ t, base } = await startSsoApp(dialect));
    const center = await t.org('center');
    ministry = await t.org('ministry');
    agency = await t.org('agency', { parent: ministry });
    const other = await t.org('ministry');
    officer = await t.user(ministry, 'security-officer', PASSWORD);
    reporter = await t.user(ministry, 'reporter', PASSWORD);
    breakGlass = await t.user(ministry, 'security-officer', PASSWORD);
    otherReporter = await t.user(other, 'reporter', PASSWORD);
    otherOfficer = await t.user(other, 'security-officer', PASSWORD);
    admin = await t.user(center, 'admin');
    idp = await startIdp({
      accounts: [],
      clients: [
        { client_id: 'renraku', client_secret: CLIENT_SECRET, redirect_uris: [callbackUrl(base, 'm-idp')] },
      ],
    });
    void agency;
  }, 120_000);

  afterAll(async () => {
    await idp?.close();
    await t?.close();
  });

  it('cannot turn passwords off for a body that no identity provider in use logs in', async () => {
    expectProblem(
      await setPolicy(officer, ministry.slug, { passwordsDisabled: true, breakGlass: [] }),
      422,
      'orgs.no_sso_provider',
    );
    expect((await logIn(reporter)).statusCode).toBe(200);
  });

  it("is the body's own business: other bodies' officers and reporters do not even see it", async () => {
    for (const u of [otherOfficer, reporter]) {
      expectProblem(
        await t.request(u, { method: 'GET', url: `/api/v1/orgs/${ministry.slug}/login-policy` }),
        404,
        'orgs.not_found',
      );
      expectProblem(
        await setPolicy(u, ministry.slug, { passwordsDisabled: true, breakGlass: [] }),
        404,
        'orgs.not_found',
      );
    }
  });

  it('names as break-glass only active people of the body itself', async () => {
    await addProvider(t, admin, officer, {
      slug: 'm-idp',
      org: ministry.slug,
      issuer: idp.issuer,
      clientId: 'renraku',
    });
    const disabled = await t.user(ministry, 'reporter', PASSWORD);
    await t.request(admin, {
      method: 'PATCH',
      url: `/api/v1/users/${disabled.id}`,
      payload: { disabled: true },
    });
    for (const id of [otherReporter.id, disabled.id, 'no-such-user']) {
      expectProblem(
        await setPolicy(officer, ministry.slug, { passwordsDisabled: true, breakGlass: [id] }),
        422,
        'orgs.break_glass_not_member',
      );
    }
    expect((await logIn(reporter)).statusCode).toBe(200);
  });

  it("refuses its people's passwords once turned off, except the break-glass accounts; other bodies keep theirs", async () => {
    const set = await setPolicy(officer, ministry.slug, {
      passwordsDisabled: true,
      breakGlass: [breakGlass.id],
    });
    expect(set.statusCode).toBe(200);
    expect(set.json()).toMatchObject({
      org: ministry.slug,
      passwordsDisabled: true,
      breakGlass: [{ id: breakGlass.id, email: breakGlass.email }],
      providers: ['m-idp'],
    });
    const sessions = await t.count('sessions');
    expectProblem(await logIn(reporter), 403, 'auth.password_login_disabled');
    expectProblem(await logIn(officer), 403, 'auth.password_login_disabled');
    // Who does not know the password learns nothing, not even that the account exists.
    expectProblem(await logIn(reporter, 'wrong password, not the one'), 401, 'auth.invalid_credentials');
    expect(await t.count('sessions')).toBe(sessions);
    expect((await logIn(breakGlass)).statusCode).toBe(200);
    expect((await logIn(otherReporter)).statusCode).toBe(200);
    const refused = await t.handle.db
      .selectFrom('audit_log')
      .select(['detail', 'subject_id'])
      .where('action', '=', 'session.login_refused')
      .orderBy('seq')
      .execute();
    expect(refused.map((r) => r.subject_id)).toEqual([reporter.id, officer.id]);
  });

  it('gives them back when turned on again', async () => {
    expect(
      (await setPolicy(breakGlass, ministry.slug, { passwordsDisabled: false, breakGlass: [] })).statusCode,
    ).toBe(200);
    expect((await logIn(reporter)).statusCode).toBe(200);
  });
});
