import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/platform/ids.js';
import { BrowserClient } from '../support/browser-client.js';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/harness.js';

const PASSWORD = 'half-logged-in-passphrase';

/** Routes a session may use before its second factor (or its enrolment): logging in, and nothing else. */
const STEP_ROUTES = new Set([
  'POST /api/v1/session',
  'GET /api/v1/session',
  'DELETE /api/v1/session',
  'POST /api/v1/session/second-factor',
  'POST /api/v1/session/passkey/options',
  'POST /api/v1/session/passkey',
]);
const ENROL_ROUTES = new Set([
  ...STEP_ROUTES,
  'GET /api/v1/me/mfa',
  'POST /api/v1/me/mfa/totp',
  'POST /api/v1/me/mfa/totp/confirm',
  'DELETE /api/v1/me/mfa/totp',
  'POST /api/v1/me/mfa/recovery-codes',
  'POST /api/v1/me/passkeys/options',
  'POST /api/v1/me/passkeys',
  'PATCH /api/v1/me/passkeys/{id}',
  'DELETE /api/v1/me/passkeys/{id}',
]);

const TABLES = [
  'incidents',
  'incident_reports',
  'shares',
  'users',
  'api_tokens',
  'contacts',
  'orgs',
  'standing_consents',
  'notification_rules',
  'contact_campaigns',
  'communication_checks',
  'password_resets',
  'totp_credentials',
  'passkeys',
] as const;

describe.each(DIALECTS)('a session half logged in on %s', { timeout: 180_000 }, (dialect) => {
  let t: TestApp;
  let g: Awaited<ReturnType<TestApp['government']>>;
  let incidentId: string;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    g = await t.government();
    incidentId = (await t.fileIncident(g.ministryReporter)).id;
  });
  afterAll(async () => t?.close());

  /** Every route of the API, from its OpenAPI description, with something in each path parameter. */
  function everyRoute(): { key: string; method: string; url: string }[] {
    const doc = t.app.swagger() as { paths: Record<string, Record<string, unknown>> };
    const out = [];
    for (const [path, methods] of Object.entries(doc.paths))
      for (const method of Object.keys(methods)) {
        const url = path
          .replace('{slug}', g.ministry.slug)
          .replace('{id}', path.startsWith('/api/v1/incidents') ? incidentId : newId())
          .replace(/\{[^}]+\}/g, 'rk_0123456789abcdef0123456789abcdef');
        out.push({ key: `${method.toUpperCase()} ${path}`, method: method.toUpperCase(), url });
      }
    return out;
  }
  const counts = async () =>
    Object.fromEntries(await Promise.all(TABLES.map(async (n) => [n, await t.count(n)])));
  const codeOf = (body: string) => {
    try {
      // problem+json's `code`, or the TAXII error's `error_code` (/taxii2/ answers in TAXII's format).
      const parsed = JSON.parse(body) as { code?: string; error_code?: string };
      return parsed.code ?? parsed.error_code ?? null;
    } catch {
      return null;
    }
  };

  async function expectNoMoreThanAnonymous(b: BrowserClient, allowed: Set<string>, refusal: string) {
    const routes = everyRoute().filter((r) => !allowed.has(r.key));
    expect(routes.length).toBeGreaterThan(60);
    const before = await counts();
    const reached: string[] = [];
    for (const r of routes) {
      const request = {
        method: r.method,
        url: r.url,
        ...(['POST', 'PUT', 'PATCH'].includes(r.method) ? { payload: {} } : {}),
      } as InjectOptions;
      const half = await b.request(request);
      const anonymous = await t.app.inject(request);
      const expected =
        anonymous.statusCode === 401
          ? { status: 401, code: refusal }
          : { status: anonymous.statusCode, code: codeOf(anonymous.body) };
      const got = { status: half.statusCode, code: codeOf(half.body) };
      if (got.status !== expected.status || got.code !== expected.code)
        reached.push(`${r.key}: ${got.status} ${got.code} (anonymous: ${anonymous.statusCode})`);
    }
    expect(reached).toEqual([]);
    expect(await counts()).toEqual(before);
  }

  it('after the password, before the second factor, it reaches nothing an anonymous caller cannot', async () => {
    const officer = await t.user(g.ministry, 'security-officer', PASSWORD);
    const b = new BrowserClient(t.app);
    expect((await b.logIn(officer.email, PASSWORD)).json().stage).toBe('second-factor');
    await expectNoMoreThanAnonymous(b, STEP_ROUTES, 'auth.second_factor_required');
    // It can still finish logging in: nothing above spent it.
    const done = await b.request({
      method: 'POST',
      url: '/api/v1/session/second-factor',
      payload: { method: 'totp', code: await t.totpCodeFor(officer) },
    });
    expect(done.statusCode).toBe(200);
  });

  it('a session that may only enrol reaches nothing but the enrolment', async () => {
    const analyst = await t.user(g.center, 'center-analyst', PASSWORD, { enrol: false });
    const b = new BrowserClient(t.app);
    expect((await b.logIn(analyst.email, PASSWORD)).json().stage).toBe('enrol');
    await expectNoMoreThanAnonymous(b, ENROL_ROUTES, 'auth.mfa_enrolment_required');
    // Not the second-factor step either: it has no factor to give.
    const step = await b.request({
      method: 'POST',
      url: '/api/v1/session/second-factor',
      payload: { method: 'recovery', code: 'aaaa-bbbb-cccc-dddd' },
    });
    expect({ status: step.statusCode, code: codeOf(step.body) }).toEqual({
      status: 401,
      code: 'auth.mfa_enrolment_required',
    });
  });

  it('a half session does not survive a role that needs a second factor: a reporter made officer must give one', async () => {
    const reporter = await t.user(g.ministry, 'reporter', PASSWORD);
    const b = new BrowserClient(t.app);
    expect((await b.logIn(reporter.email, PASSWORD)).json().stage).toBe('complete');
    expect((await b.request({ method: 'GET', url: '/api/v1/incidents' })).statusCode).toBe(200);
    const promoted = await t.request(g.ministryOfficer, {
      method: 'PATCH',
      url: `/api/v1/users/${reporter.id}`,
      payload: { role: 'security-officer' },
    });
    expect(promoted.statusCode, promoted.body).toBe(200);
    const res = await b.request({ method: 'GET', url: '/api/v1/incidents' });
    expect({ status: res.statusCode, code: codeOf(res.body) }).toEqual({
      status: 401,
      code: 'auth.mfa_enrolment_required',
    });
  });

  it('every step and enrolment route wants the session’s CSRF token', async () => {
    const officer = await t.user(g.ministry, 'security-officer', PASSWORD);
    const step = new BrowserClient(t.app);
    await step.logIn(officer.email, PASSWORD);
    const enrolling = new BrowserClient(t.app);
    await enrolling.logIn((await t.user(g.center, 'auditor', PASSWORD, { enrol: false })).email, PASSWORD);
    const full = new BrowserClient(t.app);
    await full.logIn(officer.email, PASSWORD);
    await full.request({
      method: 'POST',
      url: '/api/v1/session/second-factor',
      payload: { method: 'totp', code: await t.totpCodeFor(officer) },
    });
    const before = await counts();
    const cases: [BrowserClient, string, string, unknown][] = [
      [step, 'POST', '/api/v1/session/second-factor', { method: 'totp', code: '123456' }],
      [step, 'POST', '/api/v1/session/passkey/options', undefined],
      [step, 'DELETE', '/api/v1/session', undefined],
      [enrolling, 'POST', '/api/v1/me/mfa/totp', undefined],
      [enrolling, 'POST', '/api/v1/me/mfa/totp/confirm', { code: '123456' }],
      [enrolling, 'POST', '/api/v1/me/passkeys/options', undefined],
      [full, 'POST', '/api/v1/me/mfa/recovery-codes', undefined],
      [full, 'DELETE', '/api/v1/me/mfa/totp', undefined],
      [full, 'PATCH', `/api/v1/me/passkeys/${newId()}`, { name: 'x' }],
      [full, 'DELETE', `/api/v1/me/passkeys/${newId()}`, undefined],
      [full, 'DELETE', `/api/v1/me/sessions/${newId()}`, undefined],
      [full, 'POST', '/api/v1/me/password', { currentPassword: PASSWORD, newPassword: 'whatever it is 123' }],
      [full, 'POST', '/api/v1/tokens', { name: 'x' }],
      [full, 'POST', `/api/v1/users/${g.ministryReporter.id}/password-reset`, undefined],
    ];
    for (const [client, method, url, payload] of cases)
      for (const csrf of [
        null,
        'rc_wrong',
        step.csrfToken === client.csrfToken ? full.csrfToken : step.csrfToken,
      ]) {
        const res = await client.request({
          method: method as InjectOptions['method'],
          url,
          csrf,
          ...(payload ? { payload: payload as Record<string, unknown> } : {}),
        });
        expect({ url, status: res.statusCode, code: codeOf(res.body) }).toEqual({
          url,
          status: 403,
          code: 'auth.csrf_token_invalid',
        });
      }
    expect(await counts()).toEqual(before);
    expect((await step.request({ method: 'GET', url: '/api/v1/session' })).json().stage).toBe(
      'second-factor',
    );
  });
});
