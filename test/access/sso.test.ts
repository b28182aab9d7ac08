import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import type { TestApp, TestOrg, TestUser } from '../support/harness.js';
import { startIdp, type TestIdp } from '../support/oidc.js';
import { CLIENT_SECRET, callbackUrl, confirmChange, signInAtProvider, startSsoApp } from '../support/sso.js';
import { Walker } from '../support/walker.js';

// Attempts to get around single sign-on, as someone with a valid account: an administrator who brings an identity
// provider of its own to become a body's security officer, who confirms its own request, who widens or repoints
// a provider the body trusts; people of other bodies or roles reading or changing a body's sign-in.

describe.each(DIALECTS)('single sign-on access on %s', (dialect) => {
  let t: TestApp;
  let base: string;
  let evil: TestIdp;
  let elsewhere: TestIdp;
  let g: Awaited<ReturnType<TestApp['government']>>;
  let other: TestOrg;
  let admin: TestUser;
  let secondAdmin: TestUser;
  const u = {} as Record<'otherOfficer' | 'auditor' | 'coordinator' | 'centerOfficer', TestUser>;

  const expectCode = (res: { statusCode: number; body: string }, status: number, code: string, who = '') => {
    expect(res.statusCode, `${who} ${res.body}`).toBe(status);
    expect((JSON.parse(res.body) as { code: string }).code, who).toBe(code);
  };
  const evilProvider = (overrides: Record<string, unknown> = {}) => ({
    slug: 'totally-legit',
    org: g.ministry.slug,
    nameJa: '経済産業省 ログイン',
    nameEn: 'METI log-in',
    issuer: evil.issuer,
    clientId: 'renraku',
    clientSecret: CLIENT_SECRET,
    scopes: 'openid email profile groups',
    ...overrides,
  });

  beforeAll(async () => {
    ({ t, base } = await startSsoApp(dialect));
    g = await t.government();
    other = await t.org('ministry');
    u.otherOfficer = await t.user(other, 'security-officer');
    u.auditor = await t.user(g.center, 'auditor');
    u.coordinator = await t.user(g.center, 'center-coordinator');
    u.centerOfficer = await t.user(g.center, 'security-officer');
    admin = await t.user(g.center, 'admin');
    secondAdmin = await t.user(g.center, 'admin');
    // The administrator's own provider, where it can put anyone in any group.
    evil = await startIdp({
      accounts: [{ sub: 'me', email: 'admin-alias@evil.example', groups: ['pwn'] }],
      clients: [
        {
          client_id: 'renraku',
          client_secret: CLIENT_SECRET,
          redirect_uris: ['totally-legit', 'center-idp', 'meti-real'].map((slug) => callbackUrl(base, slug)),
        },
      ],
    });
    elsewhere = await startIdp({ accounts: [], clients: [{ client_id: 'renraku', redirect_uris: [base] }] });
  }, 120_000);

  afterAll(async () => {
    await elsewhere?.close();
    await evil?.close();
    await t?.close();
  });

  it("an administrator's own provider and mapping for a body do nothing until the body's officer confirms them", async () => {
    const asked = await t.request(admin, {
      method: 'POST',
      url: '/api/v1/sso-providers',
      payload: evilProvider(),
    });
    expect(asked.statusCode).toBe(202);
    expect(await t.count('sso_providers')).toBe(0);
    // Nobody can log in through it: it does not exist yet.
    const w = new Walker();
    expectCode(
      await t.app.inject({ method: 'GET', url: '/api/v1/sso/totally-legit/start' }),
      404,
      'sso.unknown_provider',
    );
    // Its requester cannot confirm it, nor can another administrator while the body has an officer.
    const { changeId } = asked.json() as { changeId: string };
    for (const who of [admin, secondAdmin, u.otherOfficer, g.agencyOfficer, g.ministryReporter]) {
      const res = await t.request(who, { method: 'POST', url: `/api/v1/changes/${changeId}/confirm` });
      expect(res.statusCode, who.email).toBeGreaterThanOrEqual(403);
      expect(res.statusCode, who.email).toBeLessThan(500);
    }
    expect(await t.count('sso_providers')).toBe(0);
    // The body's officers were told.
    const told = await t.handle.db
      .selectFrom('notifications')
      .select('user_id')
      .where('event', '=', 'change.requested')
      .execute();
    expect(told.map((n) => n.user_id)).toContain(g.ministryOfficer.id);

    // The officer rejects it: nothing, ever.
    const rejected = await t.request(g.ministryOfficer, {
      method: 'POST',
      url: `/api/v1/changes/${changeId}/reject`,
      payload: { reason: 'not ours' },
    });
    expect(rejected.statusCode).toBe(200);
    expect(await t.count('sso_providers')).toBe(0);
    void w;
  });

  it('cannot map a provider of the center (which administrators answer for) into a ministry', async () => {
    const centerIdp = evilProvider({ slug: 'center-idp', org: g.center.slug });
    await confirmChange(
      t,
      u.centerOfficer,
      await t.request(admin, { method: 'POST', url: '/api/v1/sso-providers', payload: centerIdp }),
    );
    for (const org of [g.ministry.slug, g.agency.slug, other.slug]) {
      expectCode(
        await t.request(admin, {
          method: 'POST',
          url: '/api/v1/sso-providers/center-idp/mappings',
          payload: { value: 'pwn', org, role: 'security-officer', provision: true },
        }),
        422,
        'sso.mapping_out_of_scope',
        org,
      );
    }
    // Nor widen it to "agencies": the center has none.
    expectCode(
      await t.request(admin, {
        method: 'PATCH',
        url: '/api/v1/sso-providers/center-idp',
        payload: { includeAgencies: true },
      }),
      422,
      'sso.agencies_only_for_ministries',
    );
  });

  it('a provider the body confirmed still cannot be repointed, widened or given roles without it', async () => {
    const honest = evilProvider({ slug: 'meti-real', nameJa: 'METI', nameEn: 'METI' });
    await confirmChange(
      t,
      g.ministryOfficer,
      await t.request(admin, { method: 'POST', url: '/api/v1/sso-providers', payload: honest }),
    );
    const before = await t.handle.db
      .selectFrom('sso_providers')
      .selectAll()
      .where('slug', '=', 'meti-real')
      .executeTakeFirstOrThrow();
    // Another spelling of the same issuer is not the issuer its discovery document names.
    expect(
      (
        await t.request(admin, {
          method: 'PATCH',
          url: '/api/v1/sso-providers/meti-real',
          payload: { issuer: evil.issuer.replace('127.0.0.1', 'localhost') },
        })
      ).statusCode,
    ).toBe(422);
    for (const payload of [
      { issuer: elsewhere.issuer },
      { clientId: 'renraku', clientSecret: 'another-secret-value' },
      { includeAgencies: true },
      { groupsClaim: 'email' },
      { mfaAcrValues: ['urn:anything'] },
    ]) {
      const res = await t.request(admin, {
        method: 'PATCH',
        url: '/api/v1/sso-providers/meti-real',
        payload,
      });
      expect(res.statusCode, JSON.stringify(payload)).toBe(202);
      // One open request per provider: reject it before asking the next.
      const { changeId } = res.json() as { changeId: string };
      await t.request(g.ministryOfficer, {
        method: 'POST',
        url: `/api/v1/changes/${changeId}/reject`,
        payload: {},
      });
    }
    const mapped = await t.request(admin, {
      method: 'POST',
      url: '/api/v1/sso-providers/meti-real/mappings',
      payload: { value: 'pwn', org: g.ministry.slug, role: 'security-officer', provision: true },
    });
    expect(mapped.statusCode).toBe(202);
    const after = await t.handle.db
      .selectFrom('sso_providers')
      .selectAll()
      .where('slug', '=', 'meti-real')
      .executeTakeFirstOrThrow();
    expect(after).toEqual(before);
    expect(await t.count('sso_mappings')).toBe(0);
    const w = new Walker();
    const refused = await w.get(await signInAtProvider(w, `${base}/api/v1/sso/meti-real/start`, 'me'));
    expect({ status: refused.status, code: (JSON.parse(refused.text) as { code: string }).code }).toEqual({
      status: 403,
      code: 'sso.no_mapping',
    });
    expect(
      await t.handle.db
        .selectFrom('users')
        .select('id')
        .where('email', '=', 'admin-alias@evil.example')
        .execute(),
    ).toEqual([]);
  });

  it('a login policy set from outside the body waits for it; other bodies and roles do not reach it at all', async () => {
    const policy = (who: TestUser, slug = g.ministry.slug) =>
      t.request(who, {
        method: 'PUT',
        url: `/api/v1/orgs/${slug}/login-policy`,
        payload: { passwordsDisabled: true, breakGlass: [] },
      });
    expect((await policy(admin)).statusCode).toBe(202);
    expect(await t.count('login_policies')).toBe(0);
    for (const who of [
      u.otherOfficer,
      g.agencyOfficer,
      g.ministryReporter,
      g.analyst,
      u.coordinator,
      u.auditor,
      u.centerOfficer,
    ]) {
      expectCode(await policy(who), 404, 'orgs.not_found', who.email);
      expectCode(
        await t.request(who, { method: 'GET', url: `/api/v1/orgs/${g.ministry.slug}/login-policy` }),
        404,
        'orgs.not_found',
        who.email,
      );
    }
    // A supervising ministry does not set its agency's policy either.
    expectCode(await policy(g.ministryOfficer, g.agency.slug), 404, 'orgs.not_found');
  });

  it('only administrators change providers; nobody else sees the ones of bodies not theirs', async () => {
    for (const who of [
      g.ministryOfficer,
      g.ministryReporter,
      g.analyst,
      u.coordinator,
      u.auditor,
      u.centerOfficer,
    ]) {
      expectCode(
        await t.request(who, {
          method: 'PATCH',
          url: '/api/v1/sso-providers/meti-real',
          payload: { disabled: true },
        }),
        403,
        'auth.forbidden',
        who.email,
      );
      expectCode(
        await t.request(who, {
          method: 'POST',
          url: '/api/v1/sso-providers/meti-real/mappings',
          payload: { value: 'x', org: g.ministry.slug, role: 'reporter' },
        }),
        403,
        'auth.forbidden',
        who.email,
      );
    }
    for (const who of [
      u.otherOfficer,
      g.agencyOfficer,
      g.ministryReporter,
      g.analyst,
      u.coordinator,
      u.auditor,
    ]) {
      const list = (await t.request(who, { method: 'GET', url: '/api/v1/sso-providers' })).json() as {
        items: { slug: string }[];
      };
      expect(
        list.items.map((p) => p.slug),
        who.email,
      ).not.toContain('meti-real');
      expectCode(
        await t.request(who, { method: 'GET', url: '/api/v1/sso-providers/meti-real' }),
        404,
        'sso.not_found',
        who.email,
      );
    }
    // An API token cannot link an identity: that takes a person at a browser.
    expectCode(
      await t.request(g.ministryReporter, { method: 'POST', url: '/api/v1/sso/meti-real/link', payload: {} }),
      403,
      'auth.forbidden',
    );
  });
});
