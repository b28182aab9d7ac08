import type { LightMyRequestResponse } from 'fastify';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCode } from '../../src/features/mfa/totp.js';
import { SoftwareAuthenticator } from '../support/authenticator.js';
import { BrowserClient } from '../support/browser-client.js';
import { contractOf, type OpenApiDocument } from '../support/contract.js';
import { DIALECTS } from '../support/databases.js';
import type { TestApp, TestOrg, TestUser } from '../support/harness.js';
import { startIdp, type TestIdp } from '../support/oidc.js';
import { type SmtpReceiver, startSmtpReceiver } from '../support/smtp.js';
import {
  addMapping,
  addProvider,
  CLIENT_SECRET,
  callbackUrl,
  continueAtProvider,
  startSsoApp,
} from '../support/sso.js';
import { bundleOfValues } from '../support/stix-bundles.js';
import { Walker } from '../support/walker.js';
import { exerciseDeadlines } from './deadlines-contract.js';
import { exerciseExerciseReport } from './exercise-report-contract.js';
import { exerciseExercises } from './exercises-contract.js';
import { exerciseNotices } from './notices-contract.js';
import { exercisePolicies } from './policies-contract.js';
import { exerciseSituations } from './situations-contract.js';
import { exerciseWarninglists } from './warninglists-contract.js';

// A realistic run of every operation, successes and the main refusals, each answer held against the OpenAPI
// document the server serves: a status, media type, body or meaningful header it does not declare fails, and
// so does an operation no case exercised (a new route needs its case here).

const PASSWORD = 'contract-test-passphrase-2026';
const METRICS_TOKEN = 'metrics-token-0123456789abcdefghij';

describe.each(DIALECTS)('the OpenAPI document is the contract on %s', (dialect) => {
  let t: TestApp;
  let base: string;
  let smtp: SmtpReceiver;
  let idp: TestIdp;
  let doc: OpenApiDocument;
  let contract: ReturnType<typeof contractOf>;
  let center: TestOrg;
  let ministry: TestOrg;
  let agency: TestOrg;
  let admin: TestUser;
  let auditor: TestUser;
  let analyst: TestUser;
  let coordinator: TestUser;
  let coordinator2: TestUser;
  let ministryOfficer: TestUser;
  let ministryReporter: TestUser;
  let agencyOfficer: TestUser;
  let agencyReporter: TestUser;
  let stranger: TestUser;

  beforeAll(async () => {
    smtp = await startSmtpReceiver();
    ({ t, base } = await startSsoApp(dialect, { smtpUrl: smtp.url, metricsToken: METRICS_TOKEN }));
    doc = t.app.swagger() as unknown as OpenApiDocument;
    contract = contractOf(doc);
    contract.watch(t.app);
    center = await t.org('center');
    ministry = await t.org('ministry', { reviewMode: true });
    agency = await t.org('agency', { parent: ministry });
    admin = await t.user(center, 'admin', PASSWORD);
    auditor = await t.user(center, 'auditor');
    analyst = await t.user(center, 'center-analyst');
    coordinator = await t.user(center, 'center-coordinator');
    coordinator2 = await t.user(center, 'center-coordinator');
    ministryOfficer = await t.user(ministry, 'security-officer', PASSWORD);
    ministryReporter = await t.user(ministry, 'reporter');
    agencyOfficer = await t.user(agency, 'security-officer');
    agencyReporter = await t.user(agency, 'reporter', PASSWORD);
    stranger = await t.user(await t.org('ministry'), 'reporter');
    idp = await startIdp({
      accounts: [{ sub: 'sato', email: `sato-${dialect}@agency.example`, groups: ['staff'] }],
      clients: [
        {
          client_id: 'renraku',
          client_secret: CLIENT_SECRET,
          redirect_uris: [callbackUrl(base, 'agency-idp')],
        },
      ],
    });
  });
  afterAll(async () => {
    await t?.close();
    await idp?.close();
    await smtp?.close();
  });

  const call = (
    u: TestUser | null,
    method: string,
    url: string,
    payload?: unknown,
    headers: Record<string, string> = {},
  ) =>
    t.request(u, {
      method: method as 'GET',
      url,
      ...(payload === undefined ? {} : { payload: payload as object }),
      headers,
    });
  /** Expects the status; the JSON body, if any. */
  const ok = (res: LightMyRequestResponse, status: number): Record<string, unknown> & { id: string } => {
    expect.soft(res.statusCode, res.body).toBe(status);
    return /json/.test(String(res.headers['content-type'])) ? res.json() : { id: '' };
  };
  const refused = (res: LightMyRequestResponse, status: number) =>
    expect.soft(res.statusCode, res.body).toBe(status);
  const mails = async (address: string) => {
    await t.services.outbox.deliverDue(500);
    return Promise.all(smtp.receipts.filter((r) => r.to.includes(address)).map((r) => simpleParser(r.raw)));
  };
  const linkIn = async (address: string, path: RegExp) => {
    for (const mail of (await mails(address)).reverse()) {
      const found = path.exec(mail.text ?? '');
      if (found?.[0]) return found[0];
    }
    throw new Error(`no link like ${path} to ${address}`);
  };
  /** A browser logged in with both steps (the harness set up the user's authenticator app). */
  const browser = async (u: TestUser) => {
    const b = new BrowserClient(t.app);
    const first = ok(await b.logIn(u.email, PASSWORD), 200);
    if (first.stage === 'second-factor')
      ok(
        await b.request({
          method: 'POST',
          url: '/api/v1/session/second-factor',
          payload: { method: 'totp', code: await t.totpCodeFor(u) },
        }),
        200,
      );
    return b;
  };

  const day = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

  it('describes every route the server has, once, with a unique operationId, tags and OpenAPI 3.1', () => {
    expect(doc.openapi).toBe('3.1.0');
    const documented = contract.operations.map((o) => `${o.method} ${o.path}`).sort();
    const ids = contract.operations.map((o) => o.op.operationId);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    for (const { op } of contract.operations) {
      expect(op.operationId).toMatch(/^[a-z][A-Za-z]+$/);
      expect((op as { tags?: string[] }).tags?.length, op.operationId).toBeGreaterThan(0);
    }
    // Every route of the API and of operations is documented, and every documented operation is a route.
    const routes = routesOf(t);
    expect(routes.length).toBeGreaterThan(100);
    expect(routes.filter((r) => !documented.includes(r))).toEqual([]);
    expect(documented.filter((d) => !routes.includes(d))).toEqual([]);
  });

  it('declares a status only where the operation can answer it, and holds an undeclared one against it', () => {
    const declaring = (status: string) =>
      contract.operations.filter(({ op }) => status in op.responses).map(({ op }) => op.operationId);
    // Every operation says the shape of a fault of the server.
    for (const { op } of contract.operations)
      expect(Object.keys(op.responses[500]?.content ?? {}), op.operationId).toEqual([
        'application/problem+json',
      ]);
    // A conflict or a refusal by a rule is declared by the operations that can meet one, not by every change.
    expect(declaring('409')).toEqual(
      expect.arrayContaining(['createOrg', 'confirmChange', 'decideConsentRequest']),
    );
    expect(declaring('409')).not.toEqual(expect.arrayContaining(['logOut']));
    expect(declaring('409')).not.toContain('revokeToken');
    expect(declaring('422')).not.toContain('endMySession');
    expect(declaring('422')).not.toContain('replaceOrgAliases');
    // A route that honours Idempotency-Key can meet a reused key.
    expect(declaring('409')).toContain('grantStandingConsent');
    // An answer with a status its operation does not declare is a violation.
    const probe = contractOf(doc);
    const problem = { type: 'urn:renraku:error:x', title: 'Conflict', status: 409, code: 'x.y' };
    expect(
      probe.check({
        method: 'DELETE',
        url: '/api/v1/tokens/abc',
        status: 409,
        headers: { 'content-type': 'application/problem+json' },
        body: JSON.stringify(problem),
      }),
    ).toEqual(['DELETE /api/v1/tokens/abc → 409: status not documented for revokeToken']);
  });

  it('documents the cookies of a log-in: the device cookie it reads, the cookies it sets', () => {
    const logIn = doc.paths['/api/v1/session']?.post;
    expect(logIn?.parameters).toContainEqual(
      expect.objectContaining({ in: 'cookie', name: 'renraku_device' }),
    );
    expect(Object.keys(logIn?.responses[200]?.headers ?? {})).toContain('set-cookie');
    expect(Object.keys(doc.paths['/api/v1/session']?.delete?.responses[204]?.headers ?? {})).toContain(
      'set-cookie',
    );
    const start = doc.paths['/api/v1/sso/{provider}/start']?.get;
    expect(start?.parameters).toContainEqual(expect.objectContaining({ in: 'cookie', name: 'renraku_sso' }));
    expect(doc.paths['/api/v1/session/second-factor']?.post?.responses[200]?.headers).toHaveProperty(
      'set-cookie',
    );
  });

  it('a known path with another method answers 405 with Allow; a 401 names its challenge', async () => {
    const res = await t.app.inject({ method: 'DELETE', url: '/api/v1/incidents' });
    expect(res.statusCode).toBe(405);
    expect(res.headers.allow).toBe('GET, HEAD, POST');
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ status: 405, code: 'http.method_not_allowed' });
    expect.soft((await t.app.inject({ method: 'PUT', url: '/api/v1/nothing-here' })).statusCode).toBe(404);
    const anonymous = await t.app.inject({ method: 'GET', url: '/api/v1/incidents' });
    expect(anonymous.headers['www-authenticate']).toBe('Bearer realm="renraku"');
    const badToken = await t.app.inject({
      method: 'GET',
      url: '/api/v1/incidents',
      headers: { authorization: 'Bearer nope' },
    });
    expect(badToken.headers['www-authenticate']).toBe('Bearer realm="renraku", error="invalid_token"');
  });

  // One walk through every operation: a few hundred requests, so it gets more than the default 30 s on a busy machine.
  it('every operation answers as documented, in success and refusal', async () => {
    // Operations and the document itself.
    ok(await call(null, 'GET', '/healthz'), 200);
    expect(ok(await call(null, 'GET', '/api/openapi.json'), 200)).toEqual(JSON.parse(JSON.stringify(doc)));
    expect(
      (await call(null, 'GET', '/metrics', undefined, { authorization: `Bearer ${METRICS_TOKEN}` }))
        .statusCode,
    ).toBe(200);
    refused(await call(null, 'GET', '/metrics'), 401);

    // Organizations.
    ok(await call(analyst, 'GET', '/api/v1/orgs'), 200);
    refused(await call(null, 'GET', '/api/v1/orgs'), 401);
    const body = {
      kind: 'agency',
      slug: `contract-agency-${dialect}`,
      nameJa: '契約庁',
      nameEn: 'Contract Agency',
      parent: ministry.slug,
    };
    ok(await call(admin, 'POST', '/api/v1/orgs', body), 201);
    refused(await call(admin, 'POST', '/api/v1/orgs', body), 409);
    refused(await call(analyst, 'POST', '/api/v1/orgs', { ...body, slug: 'x-other' }), 403);
    refused(await call(admin, 'POST', '/api/v1/orgs', { kind: 'agency' }), 400);
    refused(
      await t.request(admin, {
        method: 'POST',
        url: '/api/v1/orgs',
        payload: 'kind=agency',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
      415,
    );
    refused(
      await t.request(admin, {
        method: 'POST',
        url: '/api/v1/orgs',
        payload: JSON.stringify({ nameJa: 'x'.repeat(t.config.bodyLimitBytes) }),
        headers: { 'content-type': 'application/json' },
      }),
      413,
    );
    ok(
      await call(admin, 'PATCH', `/api/v1/orgs/${ministry.slug}/routing`, {
        reviewMode: true,
        reviewDeadlineMinutes: 60,
      }),
      200,
    );
    refused(await call(admin, 'PATCH', '/api/v1/orgs/no-such-body/routing', { reviewMode: false }), 404);
    ok(await call(admin, 'PUT', `/api/v1/orgs/${agency.slug}/aliases`, { aliases: ['契約テスト庁'] }), 200);
    ok(await call(admin, 'PUT', `/api/v1/orgs/${agency.slug}/domains`, { domains: ['keiyaku.go.jp'] }), 200);
    ok(await call(admin, 'PUT', `/api/v1/orgs/${agency.slug}/domains`, { domains: ['go.jp'] }), 400);

    // Log-in, sessions, me.
    const b = new BrowserClient(t.app);
    refused(await b.logIn(ministryOfficer.email, 'wrong password entirely'), 401);
    ok(await b.logIn(ministryOfficer.email, PASSWORD), 200);
    ok(await b.request({ method: 'GET', url: '/api/v1/session' }), 200);
    refused(
      await b.request({
        method: 'POST',
        url: '/api/v1/session/second-factor',
        payload: { method: 'totp', code: '000000' },
      }),
      401,
    );
    ok(
      await b.request({
        method: 'POST',
        url: '/api/v1/session/second-factor',
        payload: { method: 'totp', code: await t.totpCodeFor(ministryOfficer) },
      }),
      200,
    );
    ok(await b.request({ method: 'GET', url: '/api/v1/me' }), 200);
    refused(
      await b.request({ method: 'POST', url: '/api/v1/tokens', payload: { name: 'no csrf' }, csrf: null }),
      403,
    );
    const mySessions = ok(await b.request({ method: 'GET', url: '/api/v1/me/sessions' }), 200) as unknown as {
      items: { id: string; current: boolean }[];
    };
    const other = new BrowserClient(t.app);
    ok(await other.logIn(ministryOfficer.email, PASSWORD), 200);
    const sessions = ok(await b.request({ method: 'GET', url: '/api/v1/me/sessions' }), 200) as unknown as {
      items: { id: string; current: boolean }[];
    };
    const notMine = sessions.items.find((s) => !s.current && !mySessions.items.some((m) => m.id === s.id));
    expect(
      (await b.request({ method: 'DELETE', url: `/api/v1/me/sessions/${notMine?.id}` })).statusCode,
    ).toBe(204);

    // API tokens (from the session that passed its second factor).
    const token = ok(
      await b.request({ method: 'POST', url: '/api/v1/tokens', payload: { name: 'contract' } }),
      201,
    );
    ok(await b.request({ method: 'GET', url: '/api/v1/tokens' }), 200);
    expect
      .soft((await b.request({ method: 'DELETE', url: `/api/v1/tokens/${token.id}` })).statusCode)
      .toBe(204);

    // Second factors: the authenticator app, recovery codes, passkeys.
    ok(await b.request({ method: 'GET', url: '/api/v1/me/mfa' }), 200);
    ok(await b.request({ method: 'POST', url: '/api/v1/me/mfa/recovery-codes' }), 200);
    const rp = { rpId: '127.0.0.1', origin: base };
    const key = new SoftwareAuthenticator(rp);
    const regOptions = ok(
      await b.request({ method: 'POST', url: '/api/v1/me/passkeys/options' }),
      200,
    ) as unknown as { challengeId: string; options: never };
    const passkey = ok(
      await b.request({
        method: 'POST',
        url: '/api/v1/me/passkeys',
        payload: {
          challengeId: regOptions.challengeId,
          name: 'Key',
          response: key.register(regOptions.options),
        },
      }),
      201,
    );
    expect(
      (
        await b.request({
          method: 'PATCH',
          url: `/api/v1/me/passkeys/${passkey.id}`,
          payload: { name: 'Renamed' },
        })
      ).statusCode,
    ).toBe(204);
    refused(
      await b.request({
        method: 'PATCH',
        url: '/api/v1/me/passkeys/00000000-0000-4000-8000-000000000000',
        payload: { name: 'x' },
      }),
      404,
    );
    const p = new BrowserClient(t.app);
    const loginOptions = ok(
      await p.request({ method: 'POST', url: '/api/v1/session/passkey/options' }),
      200,
    ) as unknown as { challengeId: string; options: never };
    refused(
      await p.request({
        method: 'POST',
        url: '/api/v1/session/passkey',
        payload: {
          challengeId: loginOptions.challengeId,
          response: { id: 'x', rawId: 'x', type: 'public-key', response: {} },
        },
      }),
      400,
    );
    const again = ok(
      await p.request({ method: 'POST', url: '/api/v1/session/passkey/options' }),
      200,
    ) as unknown as { challengeId: string; options: never };
    ok(
      await p.request({
        method: 'POST',
        url: '/api/v1/session/passkey',
        payload: { challengeId: again.challengeId, response: key.assert(again.options) },
      }),
      200,
    );
    expect.soft((await p.request({ method: 'DELETE', url: '/api/v1/session' })).statusCode).toBe(204);
    // With a passkey, the authenticator app can go and come back.
    expect.soft((await b.request({ method: 'DELETE', url: '/api/v1/me/mfa/totp' })).statusCode).toBe(204);
    const totp = ok(await b.request({ method: 'POST', url: '/api/v1/me/mfa/totp' }), 200) as unknown as {
      secret: string;
    };
    refused(
      await b.request({ method: 'POST', url: '/api/v1/me/mfa/totp/confirm', payload: { code: 'abc' } }),
      422,
    );
    ok(
      await b.request({
        method: 'POST',
        url: '/api/v1/me/mfa/totp/confirm',
        payload: { code: totpCode(totp.secret, t.clock.now()) },
      }),
      200,
    );
    expect
      .soft((await b.request({ method: 'DELETE', url: `/api/v1/me/passkeys/${passkey.id}` })).statusCode)
      .toBe(204);
    refused(
      await b.request({
        method: 'POST',
        url: '/api/v1/me/password',
        payload: { currentPassword: 'not the password at all', newPassword: 'another-long-passphrase-2026' },
      }),
      422,
    );
    expect
      .soft(
        (
          await b.request({
            method: 'POST',
            url: '/api/v1/me/password',
            payload: { currentPassword: PASSWORD, newPassword: `${PASSWORD}-new` },
          })
        ).statusCode,
      )
      .toBe(204);

    // Users, their changes, resets.
    ok(await call(ministryOfficer, 'GET', '/api/v1/users'), 200);
    refused(await call(ministryReporter, 'GET', '/api/v1/users'), 403);
    const added = ok(
      await call(ministryOfficer, 'POST', '/api/v1/users', {
        org: ministry.slug,
        role: 'reporter',
        email: `new-${dialect}@${ministry.slug}.test`,
      }),
      201,
    );
    ok(await call(ministryOfficer, 'PATCH', `/api/v1/users/${added.id}`, { displayName: '新しい人' }), 200);
    refused(
      await call(ministryOfficer, 'PATCH', '/api/v1/users/00000000-0000-4000-8000-000000000000', {
        displayName: 'x',
      }),
      404,
    );
    const asked = ok(
      await call(admin, 'POST', '/api/v1/users', {
        org: ministry.slug,
        role: 'reporter',
        email: `asked-${dialect}@${ministry.slug}.test`,
      }),
      202,
    );
    ok(await call(ministryOfficer, 'GET', '/api/v1/changes'), 200);
    ok(await call(ministryOfficer, 'GET', `/api/v1/changes/${asked.changeId ?? asked.id}`), 200);
    refused(await call(ministryOfficer, 'GET', '/api/v1/changes/00000000-0000-4000-8000-000000000000'), 404);
    ok(
      await call(ministryOfficer, 'POST', `/api/v1/changes/${asked.changeId ?? asked.id}/reject`, {
        reason: '不要',
      }),
      200,
    );
    refused(
      await call(ministryOfficer, 'POST', `/api/v1/changes/${asked.changeId ?? asked.id}/confirm`),
      409,
    );
    const reset = ok(await call(admin, 'POST', `/api/v1/users/${ministryReporter.id}/mfa-reset`), 202);
    ok(await call(ministryOfficer, 'POST', `/api/v1/changes/${reset.changeId ?? reset.id}/confirm`), 200);
    ok(await call(ministryOfficer, 'POST', `/api/v1/users/${added.id}/password-reset`), 202);
    const resetLink = await linkIn(
      `new-${dialect}@${ministry.slug}.test`,
      /\/api\/v1\/password-reset\/[A-Za-z0-9_-]+/,
    );
    expect.soft((await t.app.inject({ method: 'GET', url: resetLink })).statusCode).toBe(200);
    const form = (fields: Record<string, string>) =>
      t.app.inject({
        method: 'POST',
        url: resetLink,
        payload: new URLSearchParams(fields).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
    expect.soft((await form({ password: 'a', confirm: 'b' })).statusCode).toBe(422);
    expect
      .soft((await form({ password: `${PASSWORD}-reset`, confirm: `${PASSWORD}-reset` })).statusCode)
      .toBe(200);
    expect.soft((await t.app.inject({ method: 'GET', url: resetLink })).statusCode).toBe(410);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/password-reset/rnkpw_unknown' })).statusCode,
    ).toBe(404);

    // Login policy.
    ok(await call(ministryOfficer, 'GET', `/api/v1/orgs/${ministry.slug}/login-policy`), 200);
    ok(
      await call(ministryOfficer, 'PUT', `/api/v1/orgs/${ministry.slug}/login-policy`, {
        passwordsDisabled: false,
        breakGlass: [],
      }),
      200,
    );
    refused(await call(ministryReporter, 'GET', `/api/v1/orgs/${ministry.slug}/login-policy`), 404);

    // Contacts, notification rules, notifications.
    ok(await call(ministryOfficer, 'GET', `/api/v1/orgs/${ministry.slug}/contacts`), 200);
    ok(
      await call(ministryOfficer, 'POST', `/api/v1/orgs/${ministry.slug}/contacts`, {
        name: '当番',
        role: 'duty-officer',
        email: ministryOfficer.email,
      }),
      201,
    );
    const second = ok(
      await call(
        ministryOfficer,
        'POST',
        `/api/v1/orgs/${ministry.slug}/contacts`,
        { name: '副', role: 'deputy', email: `deputy@${ministry.slug}.test` },
        { 'idempotency-key': `contact-${dialect}` },
      ),
      201,
    );
    ok(
      await call(ministryOfficer, 'PATCH', `/api/v1/orgs/${ministry.slug}/contacts/${second.id}`, {
        order: 1,
      }),
      200,
    );
    ok(await call(ministryOfficer, 'POST', `/api/v1/orgs/${ministry.slug}/contacts/verify`), 200);
    ok(await call(ministryOfficer, 'POST', `/api/v1/orgs/${ministry.slug}/webhook-secret`), 201);
    expect(
      (await call(ministryOfficer, 'DELETE', `/api/v1/orgs/${ministry.slug}/contacts/${second.id}`))
        .statusCode,
    ).toBe(204);
    refused(
      await call(
        ministryOfficer,
        'PATCH',
        `/api/v1/orgs/${ministry.slug}/contacts/00000000-0000-4000-8000-000000000000`,
        { order: 1 },
      ),
      404,
    );
    refused(await call(stranger, 'GET', `/api/v1/orgs/${ministry.slug}/contacts`), 404);
    ok(await call(ministryOfficer, 'GET', `/api/v1/orgs/${ministry.slug}/contacts/export?format=csv`), 200);
    ok(
      await call(ministryOfficer, 'GET', `/api/v1/orgs/${ministry.slug}/contacts/export?format=xlsx&lang=en`),
      200,
    );
    refused(await call(stranger, 'GET', `/api/v1/orgs/${ministry.slug}/contacts/export?format=csv`), 404);
    refused(
      await call(ministryOfficer, 'GET', `/api/v1/orgs/${ministry.slug}/contacts/export?format=pdf`),
      400,
    );
    ok(
      await call(agencyOfficer, 'POST', `/api/v1/orgs/${agency.slug}/contacts`, {
        name: '庁当番',
        role: 'duty-officer',
        email: agencyOfficer.email,
      }),
      201,
    );
    const rules = ok(
      await call(ministryOfficer, 'GET', `/api/v1/orgs/${ministry.slug}/notification-rules`),
      200,
    ) as unknown as {
      rules: Record<'event' | 'enabled' | 'minSeverity' | 'roles' | 'channels' | 'ackMinutes', unknown>[];
    };
    ok(
      await call(ministryOfficer, 'PUT', `/api/v1/orgs/${ministry.slug}/notification-rules`, {
        rules: rules.rules.map(({ event, enabled, minSeverity, roles, channels, ackMinutes }) => ({
          event,
          enabled,
          minSeverity,
          roles,
          channels,
          ackMinutes,
        })),
      }),
      200,
    );
    refused(
      await call(ministryOfficer, 'PUT', `/api/v1/orgs/${ministry.slug}/notification-rules`, {
        rules: 'all',
      }),
      400,
    );
    // The agency asks to acknowledge even its own quick reports (the default only informs of them).
    ok(
      await call(agencyOfficer, 'PUT', `/api/v1/orgs/${agency.slug}/notification-rules`, {
        rules: [
          {
            event: 'incident.reported',
            enabled: true,
            roles: ['duty-officer'],
            channels: ['email', 'in-app'],
            ackMinutes: 15,
            ackMinSeverity: null,
          },
        ],
      }),
      200,
    );

    // Incidents: filing, follow-ups, review and forwarding, statistics.
    const incident = ok(
      await call(
        agencyReporter,
        'POST',
        '/api/v1/incidents',
        t.quickReport({ tlp: 'TLP:AMBER', category: 'ransomware' }),
        {
          'idempotency-key': `incident-${dialect}`,
        },
      ),
      201,
    );
    refused(
      await call(agencyReporter, 'POST', '/api/v1/incidents', t.quickReport({ title: 'another' }), {
        'idempotency-key': `incident-${dialect}`,
      }),
      422,
    );
    refused(await call(agencyReporter, 'POST', '/api/v1/incidents', { title: 'x' }), 400);
    refused(await call(auditor, 'POST', '/api/v1/incidents', t.quickReport()), 403);
    refused(
      await call(
        agencyReporter,
        'POST',
        '/api/v1/incidents',
        t.quickReport({ indicators: [{ type: 'ipv4', value: '300.1.1.1' }] }),
      ),
      422,
    );
    ok(
      await call(agencyReporter, 'POST', '/api/v1/indicators/extract', { text: '通信先 198[.]51[.]100[.]7' }),
      200,
    );
    refused(await call(agencyReporter, 'POST', '/api/v1/indicators/extract', {}), 400);
    ok(await call(agencyReporter, 'GET', '/api/v1/incidents?limit=5'), 200);
    ok(await call(agencyReporter, 'GET', `/api/v1/incidents/${incident.id}`), 200);
    refused(await call(stranger, 'GET', `/api/v1/incidents/${incident.id}`), 404);
    ok(
      await call(agencyReporter, 'GET', `/api/v1/incidents/${incident.id}/indicators?limit=5&type=domain`),
      200,
    );
    refused(await call(stranger, 'GET', `/api/v1/incidents/${incident.id}/indicators`), 404);
    refused(await call(agencyReporter, 'GET', `/api/v1/incidents/${incident.id}/indicators?cursor=bad`), 400);
    ok(await call(agencyReporter, 'GET', `/api/v1/incidents/${incident.id}/export?format=xlsx`), 200);
    ok(
      await call(agencyReporter, 'GET', `/api/v1/incidents/${incident.id}/export?format=csv&tz=Asia/Tokyo`),
      200,
    );
    refused(await call(stranger, 'GET', `/api/v1/incidents/${incident.id}/export?format=csv`), 404);
    refused(
      await call(agencyReporter, 'GET', `/api/v1/incidents/${incident.id}/export?format=csv&tz=No/Where`),
      400,
    );
    ok(
      await call(ministryOfficer, 'POST', `/api/v1/incidents/${incident.id}/send-back`, {
        message: '追記を',
      }),
      200,
    );
    refused(
      await call(ministryOfficer, 'POST', `/api/v1/incidents/${incident.id}/send-back`, { message: 'x' }),
      409,
    );
    refused(
      await call(agencyReporter, 'POST', `/api/v1/incidents/${incident.id}/send-back`, { message: 'x' }),
      403,
    );
    refused(await call(ministryOfficer, 'POST', `/api/v1/incidents/${incident.id}/send-back`, {}), 400);
    ok(
      await call(agencyReporter, 'POST', `/api/v1/incidents/${incident.id}/reports`, {
        kind: 'update',
        text: '続報です',
        severity: null,
        cause: '脆弱性の悪用',
        contactPerson: { name: '連絡 太郎', phone: '03-1234-5678' },
        policeReport: { reported: true, date: '2026-11-25' },
      }),
      201,
    );
    // The conversation on the incident.
    const message = ok(
      await call(ministryOfficer, 'POST', `/api/v1/incidents/${incident.id}/messages`, { body: '詳細を' }),
      201,
    );
    ok(
      await call(agencyReporter, 'POST', `/api/v1/incidents/${incident.id}/messages`, {
        body: '続報します',
        replyTo: message.id,
      }),
      201,
    );
    refused(
      await call(agencyReporter, 'POST', `/api/v1/incidents/${incident.id}/messages`, { body: '' }),
      400,
    );
    refused(await call(stranger, 'POST', `/api/v1/incidents/${incident.id}/messages`, { body: '質問' }), 404);
    ok(await call(agencyReporter, 'GET', `/api/v1/incidents/${incident.id}/messages`), 200);
    refused(await call(stranger, 'GET', `/api/v1/incidents/${incident.id}/messages`), 404);
    // Deadline profiles, the impact assessment and the clocks (their cases in deadlines-contract.ts).
    await exerciseDeadlines(
      { call, ok, refused },
      { admin, agencyReporter, stranger, incidentId: incident.id },
    );
    // The review notice is acknowledged before the forward, which would close it (and answer 409 after).
    const mine = ok(
      await call(ministryOfficer, 'GET', '/api/v1/notifications?status=all'),
      200,
    ) as unknown as { items: { id: string }[] };
    const notification = mine.items[0];
    expect(notification).toBeDefined();
    ok(await call(ministryOfficer, 'POST', `/api/v1/notifications/${notification?.id}/acknowledge`), 200);
    ok(
      await call(ministryOfficer, 'POST', `/api/v1/incidents/${incident.id}/forward`, { note: '転送' }),
      200,
    );
    refused(await call(ministryOfficer, 'POST', `/api/v1/incidents/${incident.id}/forward`, {}), 409);
    ok(await call(analyst, 'GET', '/api/v1/stats?period=7d'), 200);
    ok(await call(agencyReporter, 'GET', '/api/v1/taxonomy'), 200);
    refused(await call(null, 'GET', '/api/v1/taxonomy'), 401);
    ok(await call(ministryOfficer, 'GET', `/api/v1/incidents/${incident.id}/notifications`), 200);

    // Attachments: the upload is the file's raw bytes; the download is never JSON.
    const attachmentsUrl = `/api/v1/incidents/${incident.id}/attachments`;
    const attachment = ok(
      await call(agencyReporter, 'POST', `${attachmentsUrl}?name=${encodeURIComponent('ログ.txt')}`, 'log', {
        'content-type': 'text/plain',
      }),
      201,
    );
    refused(
      await call(agencyReporter, 'POST', `${attachmentsUrl}?name=a%2Fb`, 'x', {
        'content-type': 'text/plain',
      }),
      400,
    );
    refused(
      await call(
        agencyReporter,
        'POST',
        `${attachmentsUrl}?name=big`,
        'x'.repeat(t.config.attachmentMaxBytes + 1),
        {
          'content-type': 'application/octet-stream',
        },
      ),
      413,
    );
    refused(
      await call(ministryOfficer, 'POST', `${attachmentsUrl}?name=a`, 'x', { 'content-type': 'text/plain' }),
      403,
    );
    ok(await call(ministryOfficer, 'GET', attachmentsUrl), 200);
    refused(await call(stranger, 'GET', attachmentsUrl), 404);
    ok(await call(analyst, 'GET', `${attachmentsUrl}/${attachment.id}`), 200);
    refused(await call(stranger, 'GET', `${attachmentsUrl}/${attachment.id}`), 404);
    refused(
      await call(
        ministryOfficer,
        'POST',
        '/api/v1/notifications/00000000-0000-4000-8000-000000000000/acknowledge',
      ),
      404,
    );
    const ackLink = await linkIn(agencyOfficer.email, /\/api\/v1\/notifications\/ack\/[A-Za-z0-9_-]+/);
    expect.soft((await t.app.inject({ method: 'GET', url: ackLink })).statusCode).toBe(200);
    const ackForm = () =>
      t.app.inject({
        method: 'POST',
        url: ackLink,
        payload: '',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
    expect.soft((await ackForm()).statusCode).toBe(200);
    expect.soft((await ackForm()).statusCode).toBe(410);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/notifications/ack/rnkack_unknown' })).statusCode,
    ).toBe(404);

    // Sharing, consent, STIX.
    const source = ok(await call(ministryReporter, 'POST', '/api/v1/incidents', t.quickReport()), 201);
    const sourceFile = ok(
      await call(
        ministryReporter,
        'POST',
        `/api/v1/incidents/${source.id}/attachments?name=mail.eml`,
        'From: x',
        {
          'content-type': 'message/rfc822',
        },
      ),
      201,
    );
    const draft = {
      sourceIncidentIds: [source.id],
      attachmentIds: [sourceFile.id],
      content: {
        title: '不審な通信',
        body: '203.0.113.9 への通信を検知',
        indicators: [{ type: 'ipv4-addr', value: '203.0.113.9' }],
      },
      audience: { kind: 'all' },
      tlp: 'TLP:AMBER',
    };
    const share = ok(
      await call(analyst, 'POST', '/api/v1/shares', draft, { 'idempotency-key': `share-${dialect}` }),
      201,
    );
    ok(await call(analyst, 'GET', '/api/v1/shares?box=all'), 200);
    ok(await call(analyst, 'PATCH', `/api/v1/shares/${share.id}`, { tlp: 'TLP:AMBER+STRICT' }), 200);
    const requests = ok(await call(ministryOfficer, 'GET', '/api/v1/consent-requests'), 200) as unknown as {
      items: { id: string; share: { id: string } }[];
    };
    const request = requests.items.find((r) => r.share.id === share.id);
    ok(await call(ministryOfficer, 'GET', `/api/v1/consent-requests/${request?.id}`), 200);
    refused(
      await call(ministryOfficer, 'POST', `/api/v1/consent-requests/${request?.id}/decision`, {
        decision: 'maybe',
      }),
      400,
    );
    ok(
      await call(ministryOfficer, 'POST', `/api/v1/consent-requests/${request?.id}/decision`, {
        decision: 'approve',
      }),
      200,
    );
    ok(await call(stranger, 'GET', `/api/v1/shares/${share.id}`), 200);
    ok(await call(stranger, 'POST', `/api/v1/shares/${share.id}/acknowledge`, { kind: 'read' }), 200);
    ok(await call(analyst, 'GET', `/api/v1/shares/${share.id}/acknowledgments`), 200);
    ok(await call(analyst, 'POST', `/api/v1/shares/${share.id}/remind`), 200);
    const early = await call(analyst, 'POST', `/api/v1/shares/${share.id}/remind`);
    refused(early, 429);
    expect(early.headers['retry-after']).toBeDefined();
    refused(await call(stranger, 'POST', `/api/v1/shares/${share.id}/remind`), 403);
    ok(await call(stranger, 'GET', `/api/v1/shares/${share.id}/stix`), 200);
    ok(await call(stranger, 'GET', `/api/v1/shares/${share.id}/attachments/${sourceFile.id}`), 200);
    refused(await call(stranger, 'GET', `/api/v1/shares/${share.id}/attachments/${attachment.id}`), 404);
    // A file attached by mistake is withdrawn by its body: gone for the share's recipients too.
    const withdrawUrl = `/api/v1/incidents/${source.id}/attachments/${sourceFile.id}/withdraw`;
    refused(await call(analyst, 'POST', withdrawUrl, { reason: '誤添付' }), 403);
    refused(await call(ministryReporter, 'POST', withdrawUrl, { reason: '\u200b' }), 400);
    ok(await call(ministryReporter, 'POST', withdrawUrl, { reason: '誤って添付した' }), 200);
    refused(await call(ministryOfficer, 'POST', withdrawUrl, { reason: '誤添付' }), 409);
    refused(await call(stranger, 'GET', `/api/v1/shares/${share.id}/attachments/${sourceFile.id}`), 410);
    refused(
      await call(ministryOfficer, 'GET', `/api/v1/incidents/${source.id}/attachments/${sourceFile.id}`),
      410,
    );
    ok(await call(stranger, 'GET', `/api/v1/shares/${share.id}/export?format=xlsx`), 200);
    ok(await call(analyst, 'GET', `/api/v1/shares/${share.id}/export?format=csv`), 200);
    refused(await call(agencyReporter, 'GET', `/api/v1/shares/${share.id}/export?format=csv&lang=xx`), 400);
    ok(await call(stranger, 'GET', '/api/v1/shares/export.stix?limit=10'), 200);
    // TAXII 2.1, over the same shares.
    const taxii = { accept: 'application/taxii+json;version=2.1' };
    const collection = '/taxii2/api/collections/6a1f7c52-4d0b-4a8e-9a53-2f1c0b7e9d41';
    for (const path of [
      '/taxii2/',
      '/taxii2/api/',
      '/taxii2/api/collections/',
      `${collection}/`,
      `${collection}/manifest/`,
    ])
      ok(await call(stranger, 'GET', path, undefined, taxii), 200);
    refused(await call(stranger, 'GET', '/taxii2/', undefined, { accept: 'text/html' }), 406);
    const taxiiObjects = ok(
      await call(stranger, 'GET', `${collection}/objects/?limit=1`, undefined, taxii),
      200,
    );
    const taxiiObject = (taxiiObjects.objects as { id: string }[])[0]?.id;
    ok(await call(stranger, 'GET', `${collection}/objects/${taxiiObject}/`, undefined, taxii), 200);
    ok(await call(stranger, 'GET', `${collection}/objects/${taxiiObject}/versions/`, undefined, taxii), 200);
    refused(await call(stranger, 'GET', `${collection}x/objects/`, undefined, taxii), 404);
    // The TAXII inbox: the reporter sends an indicator of its incident and reads the status; nobody else does.
    const collections = ok(
      await call(ministryReporter, 'GET', '/taxii2/api/collections/', undefined, taxii),
      200,
    );
    const inbox = (collections.collections as { id: string; can_write: boolean }[]).find(
      (c) => c.can_write,
    )?.id;
    const at = '2026-11-20T00:00:00.000Z';
    const posted = ok(
      await call(
        ministryReporter,
        'POST',
        `/taxii2/api/collections/${inbox}/objects/`,
        JSON.stringify({
          objects: [
            {
              type: 'indicator',
              spec_version: '2.1',
              id: 'indicator--4d7c1e2a-9b3f-4e6a-8c5d-2f1e0a9b8c7d',
              created: at,
              modified: at,
              pattern: "[ipv4-addr:value = '203.0.113.200']",
              pattern_type: 'stix',
              valid_from: at,
              x_renraku_incident: source.number,
            },
          ],
        }),
        { ...taxii, 'content-type': 'application/taxii+json;version=2.1' },
      ),
      202,
    );
    ok(await call(ministryReporter, 'GET', `/taxii2/api/status/${posted.id}/`, undefined, taxii), 200);
    refused(await call(stranger, 'GET', `/taxii2/api/status/${posted.id}/`, undefined, taxii), 404);
    refused(
      await call(ministryReporter, 'POST', `/taxii2/api/collections/${inbox}/objects/`, '{}', {
        ...taxii,
        'content-type': 'application/json',
      }),
      415,
    );
    refused(await call(stranger, 'GET', '/api/v1/shares/00000000-0000-4000-8000-000000000000/stix'), 404);
    // MISP: the event, the feed a MISP instance pulls (a bare token, as MISP sends it), imports into drafts.
    const misp = ok(await call(stranger, 'GET', `/api/v1/shares/${share.id}/misp`), 200);
    const bare = { authorization: stranger.token };
    const manifest = ok(await call(stranger, 'GET', '/misp-feed/manifest.json', undefined, bare), 200);
    ok(await call(stranger, 'GET', `/misp-feed/${Object.keys(manifest)[0]}.json`, undefined, bare), 200);
    refused(await call(stranger, 'GET', '/misp-feed/00000000-0000-4000-8000-000000000000.json'), 404);
    ok(await call(stranger, 'GET', '/misp-feed/hashes.csv', undefined, bare), 200);
    const bundle = (await call(stranger, 'GET', `/api/v1/shares/${share.id}/stix`)).json();
    ok(await call(analyst, 'POST', '/api/v1/shares/import.stix', bundle), 201);
    ok(await call(analyst, 'POST', '/api/v1/shares/import.stix', bundle), 200);
    refused(await call(analyst, 'POST', '/api/v1/shares/import.stix', { type: 'bundle' }), 422);
    refused(await call(stranger, 'POST', '/api/v1/shares/import.stix', bundle), 403);
    ok(await call(analyst, 'POST', '/api/v1/shares/import.misp', misp), 201);
    refused(await call(analyst, 'POST', '/api/v1/shares/import.misp', { Event: {} }), 422);
    ok(await call(agencyReporter, 'POST', '/api/v1/indicators/import.stix', bundle), 200);
    refused(await call(agencyReporter, 'POST', '/api/v1/indicators/import.stix', []), 400);
    // The bulk import into an incident (issue 14, T2): added, nothing new, invalid, another body's, not its own.
    const bulkTarget = ok(await call(agencyReporter, 'POST', '/api/v1/incidents', t.quickReport()), 201);
    const bulkUrl = `/api/v1/incidents/${bulkTarget.id}/reports/import.stix`;
    const bulk = bundleOfValues(0, 30);
    ok(await call(agencyReporter, 'POST', bulkUrl, bulk), 201);
    ok(await call(agencyReporter, 'POST', bulkUrl, bulk), 200);
    refused(await call(agencyReporter, 'POST', bulkUrl, { type: 'bundle' }), 422);
    refused(await call(stranger, 'POST', bulkUrl, bulk), 404);
    refused(await call(ministryReporter, 'POST', bulkUrl, bulk), 403);
    ok(await call(analyst, 'POST', `/api/v1/shares/${share.id}/withdraw`, { reason: '誤り' }), 200);
    t.clock.advance(11 * 60_000);
    refused(await call(analyst, 'POST', `/api/v1/shares/${share.id}/remind`), 409);
    const advisory = ok(
      await call(coordinator, 'POST', '/api/v1/shares', {
        ...draft,
        kind: 'advisory',
        sourceIncidentIds: [],
        attachmentIds: [],
        tlp: 'TLP:GREEN',
        content: { title: '注意喚起', body: '更新してください' },
      }),
      201,
    );
    refused(
      await call(coordinator, 'POST', `/api/v1/shares/${advisory.id}/publish`, {
        revision: advisory.revision,
      }),
      403,
    );
    ok(
      await call(coordinator2, 'POST', `/api/v1/shares/${advisory.id}/publish`, {
        revision: advisory.revision,
      }),
      200,
    );
    ok(await call(agencyOfficer, 'GET', '/api/v1/standing-consents'), 200);
    const standing = ok(
      await call(agencyOfficer, 'POST', '/api/v1/standing-consents', {
        tlp: 'TLP:GREEN',
        audience: { kind: 'all' },
        scope: 'indicators-only',
        anonymised: true,
      }),
      201,
    );
    ok(await call(agencyOfficer, 'POST', `/api/v1/standing-consents/${standing.id}/revoke`), 200);
    refused(await call(agencyOfficer, 'POST', `/api/v1/standing-consents/${standing.id}/revoke`), 409);

    // Warning lists and sightings (their cases in warninglists-contract.ts).
    await exerciseWarninglists(
      { call, ok, refused },
      { analyst, ministryReporter, agencyReporter, ministry },
    );
    // Accountability tracks, notices and the public site (their cases in notices-contract.ts).
    await exerciseNotices(
      { call, ok, refused },
      { drafter: ministryReporter, approver: ministryOfficer, stranger },
    );
    // The policy clause register, its requests and coverage (their cases in policies-contract.ts).
    await exercisePolicies(
      { call, ok, refused },
      { agencyOfficer, ministryOfficer, stranger, dueDate: day(30) },
    );
    // Correlation: two reports naming one address, read per incident and as a cluster, and a share drafted.
    const correlated = [];
    for (const u of [ministryReporter, stranger])
      correlated.push(
        ok(
          await call(u, 'POST', '/api/v1/incidents', {
            title: '相関の確認',
            summary: '同じ送信元からの通信',
            detectedAt: new Date(t.clock.now().getTime() - 60_000).toISOString(),
            indicators: [{ type: 'md5', value: 'b1946ac92492d2347c6235b4d2611184' }],
          }),
          201,
        ),
      );
    const [one, two] = correlated as [{ id: string }, { id: string }];
    ok(await call(analyst, 'GET', `/api/v1/incidents/${one.id}/correlations?limit=1`), 200);
    refused(await call(stranger, 'GET', `/api/v1/incidents/${one.id}/correlations`), 404);
    refused(await call(analyst, 'GET', `/api/v1/incidents/${one.id}/correlations?cursor=bm90LW91cnM`), 400);
    ok(await call(analyst, 'GET', `/api/v1/incidents/${one.id}/correlations/${two.id}?limit=1`), 200);
    refused(await call(stranger, 'GET', `/api/v1/incidents/${two.id}/correlations/${one.id}`), 404);
    refused(await call(analyst, 'GET', `/api/v1/incidents/${one.id}/correlations/${two.id}?limit=0`), 400);
    ok(await call(analyst, 'GET', '/api/v1/correlations/clusters'), 200);
    ok(await call(analyst, 'GET', `/api/v1/correlations/clusters/${one.id}`), 200);
    refused(await call(stranger, 'GET', `/api/v1/correlations/clusters/${one.id}`), 404);
    refused(
      await call(analyst, 'POST', `/api/v1/correlations/clusters/${one.id}/share-draft`, {
        tlp: 'TLP:RED',
        audience: { kind: 'all' },
      }),
      422,
    );
    ok(
      await call(analyst, 'POST', `/api/v1/correlations/clusters/${one.id}/share-draft`, {
        tlp: 'TLP:GREEN',
        audience: { kind: 'all' },
      }),
      201,
    );
    // Large-scale situations (their cases in situations-contract.ts).
    await exerciseSituations(
      { call, ok, refused },
      { coordinator, ministryOfficer, agencyReporter, auditor, stranger, ministry, agency },
    );
    // Exercises (their cases in exercises-contract.ts).
    await exerciseExercises({ call, ok, refused }, { coordinator, ministryOfficer, ministry });
    // Exercises' reports and lessons learned (their cases in exercise-report-contract.ts).
    await exerciseExerciseReport({ call, ok, refused }, t, {
      coordinator,
      ministryOfficer,
      agencyReporter,
      ministry,
    });

    // Contact campaigns and communication checks.
    const campaign = ok(
      await call(coordinator, 'POST', '/api/v1/contact-campaigns', {
        deadline: day(20),
        bodies: [ministry.slug],
      }),
      201,
    );
    ok(await call(coordinator, 'GET', '/api/v1/contact-campaigns'), 200);
    ok(await call(ministryOfficer, 'GET', `/api/v1/contact-campaigns/${campaign.id}`), 200);
    ok(await call(ministryOfficer, 'POST', `/api/v1/contact-campaigns/${campaign.id}/confirm`), 200);
    ok(await call(coordinator, 'POST', `/api/v1/contact-campaigns/${campaign.id}/close`), 200);
    refused(await call(coordinator, 'POST', `/api/v1/contact-campaigns/${campaign.id}/close`), 409);
    refused(await call(ministryReporter, 'POST', '/api/v1/contact-campaigns', { deadline: day(20) }), 403);
    const check = ok(
      await call(coordinator, 'POST', '/api/v1/communication-checks', {
        bodies: [ministry.slug, agency.slug],
      }),
      201,
    );
    ok(await call(coordinator, 'GET', '/api/v1/communication-checks'), 200);
    ok(await call(coordinator, 'GET', `/api/v1/communication-checks/${check.id}`), 200);
    ok(await call(ministryOfficer, 'GET', '/api/v1/communication-checks/received'), 200);
    ok(await call(ministryOfficer, 'POST', `/api/v1/communication-checks/${check.id}/acknowledge`), 200);
    refused(await call(ministryOfficer, 'POST', `/api/v1/communication-checks/${check.id}/acknowledge`), 409);
    const checkLink = await linkIn(
      agencyOfficer.email,
      /\/api\/v1\/communication-checks\/ack\/[A-Za-z0-9_-]+/,
    );
    expect.soft((await t.app.inject({ method: 'GET', url: checkLink })).statusCode).toBe(200);
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: checkLink,
          payload: '',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        })
      ).statusCode,
    ).toBe(200);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/communication-checks/ack/rnkchk_unknown' }))
        .statusCode,
    ).toBe(404);

    // Single sign-on: the providers, a log-in through one, linking.
    await addProvider(t, admin, agencyOfficer, {
      slug: 'agency-idp',
      org: agency.slug,
      issuer: idp.issuer,
      clientId: 'renraku',
    });
    await addMapping(t, admin, agencyOfficer, 'agency-idp', {
      value: 'staff',
      org: agency.slug,
      role: 'reporter',
    });
    await addMapping(t, admin, agencyOfficer, 'agency-idp', {
      value: 'staff2',
      org: agency.slug,
      role: 'reporter',
    });
    ok(await call(admin, 'GET', '/api/v1/sso-providers'), 200);
    const provider = ok(await call(admin, 'GET', '/api/v1/sso-providers/agency-idp'), 200) as unknown as {
      mappings: { id: string; value: string }[];
    };
    refused(await call(admin, 'GET', '/api/v1/sso-providers/none'), 404);
    expect([200, 202]).toContain(
      (await call(admin, 'PATCH', '/api/v1/sso-providers/agency-idp', { nameEn: 'Agency sign-in' }))
        .statusCode,
    );
    const extra = await call(admin, 'POST', '/api/v1/sso-providers/agency-idp/mappings', {
      value: 'leads',
      org: agency.slug,
      role: 'security-officer',
    });
    expect(extra.statusCode, extra.body).toBe(202);
    expect(
      (
        await call(
          admin,
          'DELETE',
          `/api/v1/sso-providers/agency-idp/mappings/${provider.mappings.find((m) => m.value === 'staff2')?.id}`,
        )
      ).statusCode,
    ).toBe(204);
    refused(
      await call(admin, 'POST', '/api/v1/sso-providers', {
        slug: 'agency-idp',
        org: agency.slug,
        nameJa: 'x',
        nameEn: 'x',
        issuer: idp.issuer,
        clientId: 'renraku',
      }),
      409,
    );
    ok(await call(null, 'GET', '/api/v1/sso/providers'), 200);
    const walker = new Walker();
    const start = await walker.get(`${base}/api/v1/sso/agency-idp/start?returnTo=/`);
    contract.check({
      method: 'GET',
      url: '/api/v1/sso/agency-idp/start',
      status: start.status,
      headers: Object.fromEntries(start.headers),
      body: start.text,
    });
    const back = await continueAtProvider(walker, new URL(start.location ?? ''), 'sato');
    const callback = await walker.get(back);
    contract.check({
      method: 'GET',
      url: back.slice(base.length),
      status: callback.status,
      headers: Object.fromEntries(callback.headers),
      body: callback.text,
    });
    expect(callback.status, callback.text).toBe(303);
    refused(await call(null, 'GET', '/api/v1/sso/agency-idp/callback?code=x&state=y'), 400);
    refused(await call(null, 'GET', '/api/v1/sso/none/start'), 404);
    const reporter = await browser(agencyReporter);
    ok(await reporter.request({ method: 'POST', url: '/api/v1/sso/agency-idp/link', payload: {} }), 200);
    refused(await call(ministryOfficer, 'POST', '/api/v1/sso/agency-idp/link', {}), 403);
    ok(await call(agencyReporter, 'GET', '/api/v1/sso/identities'), 200);

    // The audit log.
    ok(await call(auditor, 'GET', '/api/v1/audit?limit=5'), 200);
    ok(await call(auditor, 'GET', '/api/v1/audit/verify'), 200);
    ok(await call(auditor, 'GET', '/api/v1/audit/export.csv?action=incident.reported'), 200);
    refused(await call(analyst, 'GET', '/api/v1/audit'), 403);

    // The live stream, on a real socket: its headers and its refusal.
    const controller = new AbortController();
    const stream = await fetch(`${base}/api/v1/events`, {
      headers: { ...analyst.headers, 'last-event-id': '1' },
      signal: controller.signal,
    });
    contract.check({
      method: 'GET',
      url: '/api/v1/events',
      status: stream.status,
      headers: Object.fromEntries(stream.headers),
      body: '',
    });
    expect(stream.status).toBe(200);
    controller.abort();
    const anonymousStream = await fetch(`${base}/api/v1/events`);
    contract.check({
      method: 'GET',
      url: '/api/v1/events',
      status: anonymousStream.status,
      headers: Object.fromEntries(anonymousStream.headers),
      body: await anonymousStream.text(),
    });

    // A one-time link's throttle (per client address): past its limit, 429 with Retry-After.
    let throttled: LightMyRequestResponse | undefined;
    for (let i = 0; i < 40 && throttled?.statusCode !== 429; i++)
      throttled = await t.app.inject({ method: 'GET', url: '/api/v1/notifications/ack/rnkack_unknown' });
    expect(throttled?.statusCode).toBe(429);
    expect(throttled?.headers['retry-after']).toBeDefined();

    // The log-in throttle: past an account's failures, 429 with Retry-After, as the document says.
    const target = await t.user(agency, 'reporter', PASSWORD);
    let loginThrottled: LightMyRequestResponse | undefined;
    for (let i = 1; i <= 12 && loginThrottled?.statusCode !== 429; i++)
      loginThrottled = await t.app.inject({
        method: 'POST',
        url: '/api/v1/session',
        payload: { email: target.email, password: 'not-the-password-at-all' },
        remoteAddress: `192.0.2.${i}`,
      });
    expect(loginThrottled?.statusCode).toBe(429);
    expect(Number(loginThrottled?.headers['retry-after'])).toBeGreaterThan(0);
    expect(doc.paths['/api/v1/session']?.post?.responses[429]?.headers).toHaveProperty('retry-after');

    // The annual report (issue 15 point 5): draft, read, change, comment, export, final, verify.
    const drafted = ok(await call(analyst, 'POST', '/api/v1/annual-reports', { fiscalYear: 2025 }), 201);
    refused(await call(analyst, 'POST', '/api/v1/annual-reports', { fiscalYear: 2025 }), 409);
    refused(await call(analyst, 'POST', '/api/v1/annual-reports', { fiscalYear: 2099 }), 400);
    ok(await call(ministryOfficer, 'GET', '/api/v1/annual-reports'), 200);
    ok(await call(analyst, 'GET', '/api/v1/annual-reports/2025'), 200);
    refused(await call(analyst, 'GET', '/api/v1/annual-reports/2019'), 404);
    const changed = ok(
      await call(analyst, 'PATCH', '/api/v1/annual-reports/2025', {
        revision: drafted.revision,
        forewordJa: 'はじめに',
      }),
      200,
    );
    ok(
      await call(ministryOfficer, 'POST', `/api/v1/annual-reports/2025/sections/${ministry.id}/comments`, {
        body: '所見',
      }),
      201,
    );
    for (const format of ['csv', 'xlsx', 'pdf'])
      ok(await call(analyst, 'GET', `/api/v1/annual-reports/2025/export?format=${format}`), 200);
    refused(await call(analyst, 'GET', '/api/v1/annual-reports/2025/verify'), 409);
    ok(await call(analyst, 'POST', '/api/v1/annual-reports/2025/final', { revision: changed.revision }), 200);
    ok(await call(analyst, 'GET', '/api/v1/annual-reports/2025/verify'), 200);
    ok(await call(analyst, 'GET', '/api/v1/annual-reports/2025/charts/month'), 200);
    refused(await call(analyst, 'GET', '/api/v1/annual-reports/2019/charts/month'), 404);
    // Its public summary: published, on the public site (page and chart), withdrawn to a tombstone.
    refused(
      await call(ministryOfficer, 'POST', '/api/v1/annual-reports/2025/public-summary', { textJa: '概要' }),
      403,
    );
    ok(await call(analyst, 'POST', '/api/v1/annual-reports/2025/public-summary', { textJa: '概要' }), 201);
    refused(
      await call(analyst, 'POST', '/api/v1/annual-reports/2025/public-summary', { textJa: '概要' }),
      409,
    );
    ok(await call(null, 'GET', '/public/annual/2025'), 200);
    ok(await call(null, 'GET', '/public/annual/2025/charts/month.svg'), 200);
    refused(await call(null, 'GET', '/public/annual/2019'), 404);
    ok(await call(analyst, 'POST', '/api/v1/annual-reports/2025/public-summary/withdraw'), 200);
    refused(await call(analyst, 'POST', '/api/v1/annual-reports/2025/public-summary/withdraw'), 409);

    expect(contract.violations).toEqual([]);
    // Every documented operation answered at least once with its success.
    const unexercised = contract.operations
      .filter(({ op }) => ![...(contract.seen.get(op.operationId) ?? [])].some((s) => s < 400))
      .map(({ op, method, path }) => `${op.operationId} (${method} ${path})`);
    expect(unexercised).toEqual([]);
  }, 180_000);
});

/**
 * The routes the server has, as `METHOD /path/{param}`, read from Fastify's route tree; HEAD follows GET by
 * itself. Left out: the document's viewer (/api/docs) and the web app's files, which are not the API.
 */
function routesOf(t: TestApp): string[] {
  const out: string[] = [];
  const stack: string[] = [];
  for (const line of t.app.printRoutes({ commonPrefix: false }).split('\n')) {
    const m = /^((?:[│ ] {3})*)[└├]── (.*?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!m) continue;
    const depth = (m[1] ?? '').length / 4;
    stack.length = depth;
    const path = (stack[depth - 1] ?? '') + (m[2] ?? '');
    stack[depth] = path;
    for (const method of m[3]?.split(', ') ?? [])
      if (method !== 'HEAD') out.push(`${method} ${path.replace(/:(\w+)/g, '{$1}')}`);
  }
  return out.filter((r) => {
    const path = r.split(' ')[1] ?? '';
    return (
      (path.startsWith('/api/') && !path.startsWith('/api/docs')) ||
      path.startsWith('/misp-feed/') ||
      path.startsWith('/taxii2/') ||
      path === '/healthz' ||
      path === '/metrics' ||
      path === '/public' ||
      path.startsWith('/public/')
    );
  });
}
