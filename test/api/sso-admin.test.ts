import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import type { TestApp, TestOrg, TestUser } from '../support/harness.js';
import { startIdp, type TestIdp } from '../support/oidc.js';
import {
  addMapping,
  CLIENT_SECRET,
  callbackUrl,
  confirmChange,
  signInAtProvider,
  startSsoApp,
} from '../support/sso.js';
import { Walker } from '../support/walker.js';
import { expectProblem } from './helpers.js';

// Configuring identity providers: only administrators, only issuers that answer discovery as themselves, secrets
// that never come back out (not in answers, not in the database, not in the audit log), mappings only into the
// provider's own bodies.

describe.each(DIALECTS)('identity provider administration (%s)', (dialect) => {
  let t: TestApp;
  let base: string;
  let idp: TestIdp;
  let admin: TestUser;
  let ministry: TestOrg;
  let agency: TestOrg;
  let other: TestOrg;
  let officer: TestUser;
  let agencyOfficer: TestUser;
  let otherOfficer: TestUser;
  let liar: { url: string; close: () => void };

  const provider = (overrides: Record<string, unknown> = {}) => ({
    slug: 'meti-entra',
    org: ministry.slug,
    nameJa: '経済産業省 Entra ID',
    nameEn: 'METI Entra ID',
    issuer: idp.issuer,
    clientId: 'renraku-m',
    clientSecret: CLIENT_SECRET,
    scopes: 'openid email profile groups',
    ...overrides,
  });
  const post = (u: TestUser, payload: unknown, headers: Record<string, string> = {}) =>
    t.request(u, { method: 'POST', url: '/api/v1/sso-providers', payload: payload as object, headers });

  beforeAll(async () => {
    ({ t, base } = await startSsoApp(dialect));
    const g = await t.government();
    ({ ministry, agency } = g);
    officer = g.ministryOfficer;
    agencyOfficer = g.agencyOfficer;
    other = await t.org('ministry');
    otherOfficer = await t.user(other, 'security-officer');
    admin = await t.user(g.center, 'admin');
    idp = await startIdp({
      accounts: [{ sub: 'kim', email: 'kim@m.example', groups: ['m-staff'] }],
      clients: [
        {
          client_id: 'renraku-m',
          client_secret: CLIENT_SECRET,
          redirect_uris: [callbackUrl(base, 'meti-entra')],
        },
      ],
    });
    // An issuer whose discovery document names another issuer (a mix-up waiting to happen).
    const server = createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          issuer: 'https://someone-else.example',
          authorization_endpoint: 'https://x/a',
          token_endpoint: 'https://x/t',
          jwks_uri: 'https://x/j',
          response_types_supported: ['code'],
          subject_types_supported: ['public'],
          id_token_signing_alg_values_supported: ['RS256'],
        }),
      );
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    liar = { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
  }, 120_000);

  afterAll(async () => {
    liar?.close();
    await idp?.close();
    await t?.close();
  });

  it('lets only administrators add a provider', async () => {
    for (const u of [
      officer,
      await t.user(ministry, 'reporter'),
      await t.user(await t.org('center'), 'auditor'),
    ]) {
      expectProblem(await post(u, provider()), 403, 'auth.forbidden');
    }
    expect(await t.count('sso_providers')).toBe(0);
  });

  it('accepts only issuers that are https (or loopback when allowed) and answer discovery as themselves', async () => {
    const cases: [string, number, string][] = [
      ['not-a-url', 422, 'sso.issuer_invalid'],
      ['https://user:pw@idp.example', 422, 'sso.issuer_invalid'],
      ['https://idp.example/?tenant=x', 422, 'sso.issuer_invalid'],
      ['https://idp.example/#x', 422, 'sso.issuer_invalid'],
      ['http://idp.example', 422, 'sso.issuer_invalid'],
      ['http://127.0.0.1:9', 422, 'sso.discovery_failed'],
      [liar.url, 422, 'sso.discovery_failed'],
      ['https://exa mple', 400, 'request.validation_failed'],
    ];
    for (const [issuer, status, code] of cases)
      expectProblem(await post(admin, provider({ issuer })), status, code);
    expect(await t.count('sso_providers')).toBe(0);
  });

  it('keeps the client secret out of every answer, the database and the audit log', async () => {
    const res = await post(admin, provider(), { 'idempotency-key': 'add-meti-entra' });
    const again = await post(admin, provider(), { 'idempotency-key': 'add-meti-entra' });
    expect(again.body).toBe(res.body);
    expect(await t.count('pending_changes')).toBe(1);
    await confirmChange(t, officer, res);
    expect(await t.count('sso_providers')).toBe(1);
    const shown = await t.request(officer, { method: 'GET', url: '/api/v1/sso-providers/meti-entra' });
    expect(shown.json()).toMatchObject({
      slug: 'meti-entra',
      clientSecret: 'sealed',
      redirectUri: callbackUrl(base, 'meti-entra'),
    });

    const everything = JSON.stringify([
      await t.handle.db.selectFrom('sso_providers').selectAll().execute(),
      await t.handle.db.selectFrom('audit_log').selectAll().execute(),
      await t.handle.db.selectFrom('idempotency_keys').selectAll().execute(),
      await t.handle.db.selectFrom('pending_changes').selectAll().execute(),
      (await t.request(officer, { method: 'GET', url: '/api/v1/changes?status=all' })).json(),
      (await t.request(admin, { method: 'GET', url: '/api/v1/sso-providers' })).json(),
    ]);
    expect(everything).not.toContain(CLIENT_SECRET);
    expect(everything).not.toContain(Buffer.from(CLIENT_SECRET).toString('base64'));
    // And yet the provider works: the secret opens with the key outside the database.
    await addMapping(t, admin, officer, 'meti-entra', {
      value: 'm-staff',
      org: ministry.slug,
      role: 'reporter',
    });
    const w = new Walker();
    expect(
      (await w.get(await signInAtProvider(w, `${base}/api/v1/sso/meti-entra/start`, 'kim'))).status,
    ).toBe(303);
  });

  it('refuses a taken slug, an unknown body, and agencies of a body that is not a ministry', async () => {
    expectProblem(await post(admin, provider()), 409, 'sso.slug_taken');
    expectProblem(await post(admin, provider({ slug: 'x-idp', org: 'no-such-body' })), 404, 'orgs.not_found');
    expectProblem(
      await post(admin, provider({ slug: 'x-idp', org: agency.slug, includeAgencies: true })),
      422,
      'sso.agencies_only_for_ministries',
    );
  });

  it("maps only into the provider's own bodies, with roles that fit them, and never the same twice", async () => {
    const map = (payload: Record<string, unknown>) =>
      t.request(admin, { method: 'POST', url: '/api/v1/sso-providers/meti-entra/mappings', payload });
    expectProblem(
      await map({ value: 'x', org: other.slug, role: 'reporter' }),
      422,
      'sso.mapping_out_of_scope',
    );
    expectProblem(
      await map({ value: 'x', org: agency.slug, role: 'reporter' }),
      422,
      'sso.mapping_out_of_scope',
    );
    expectProblem(
      await map({ value: 'x', org: ministry.slug, role: 'admin' }),
      422,
      'users.role_not_allowed_here',
    );
    expectProblem(
      await map({ value: 'm-staff', org: ministry.slug, role: 'reporter' }),
      409,
      'sso.mapping_exists',
    );
    // A group name with an invisible character would never be what an administrator reads.
    expectProblem(
      await map({ value: 'm\u200b-csirt', org: ministry.slug, role: 'security-officer' }),
      400,
      'request.validation_failed',
    );
    expectProblem(
      await map({ value: 'm-csirt\u202e', org: ministry.slug, role: 'security-officer' }),
      400,
      'request.validation_failed',
    );

    // Once the provider includes the ministry's agencies, the agency is in scope.
    const wider = await t.request(admin, {
      method: 'PATCH',
      url: '/api/v1/sso-providers/meti-entra',
      payload: { includeAgencies: true },
    });
    await confirmChange(t, officer, wider);
    // The agency's own officer confirms what is mapped into the agency.
    await confirmChange(
      t,
      agencyOfficer,
      await map({ value: 'a-staff', org: agency.slug, role: 'reporter' }),
    );
  });

  it('shows a body its providers and only the mappings into it; nobody else sees them', async () => {
    const list = async (u: TestUser) =>
      (await t.request(u, { method: 'GET', url: '/api/v1/sso-providers' })).json() as {
        items: { slug: string; mappings: { org: string }[] }[];
      };
    expect((await list(admin)).items[0]?.mappings.map((m) => m.org).sort()).toEqual(
      [agency.slug, ministry.slug].sort(),
    );
    expect((await list(officer)).items.map((p) => [p.slug, p.mappings.map((m) => m.org)])).toEqual([
      ['meti-entra', [ministry.slug]],
    ]);
    expect((await list(agencyOfficer)).items.map((p) => [p.slug, p.mappings.map((m) => m.org)])).toEqual([
      ['meti-entra', [agency.slug]],
    ]);
    expect((await list(otherOfficer)).items).toEqual([]);
    expect((await list(await t.user(ministry, 'reporter'))).items).toEqual([]);
    expectProblem(
      await t.request(otherOfficer, { method: 'GET', url: '/api/v1/sso-providers/meti-entra' }),
      404,
      'sso.not_found',
    );
    expectProblem(
      await t.request(officer, {
        method: 'PATCH',
        url: '/api/v1/sso-providers/meti-entra',
        payload: { disabled: true },
      }),
      403,
      'auth.forbidden',
    );
  });

  it('removes a mapping at once: its people are refused from then on', async () => {
    const shown = (
      await t.request(admin, { method: 'GET', url: '/api/v1/sso-providers/meti-entra' })
    ).json() as {
      mappings: { id: string; value: string }[];
    };
    const staff = shown.mappings.find((m) => m.value === 'm-staff');
    const del = await t.request(admin, {
      method: 'DELETE',
      url: `/api/v1/sso-providers/meti-entra/mappings/${staff?.id}`,
    });
    expect(del.statusCode).toBe(204);
    expectProblem(
      await t.request(admin, {
        method: 'DELETE',
        url: `/api/v1/sso-providers/meti-entra/mappings/${staff?.id}`,
      }),
      404,
      'sso.mapping_not_found',
    );
    const w = new Walker();
    const res = await w.get(await signInAtProvider(w, `${base}/api/v1/sso/meti-entra/start`, 'kim'));
    expect({ status: res.status, code: (JSON.parse(res.text) as { code: string }).code }).toEqual({
      status: 403,
      code: 'sso.no_mapping',
    });
  });
});
