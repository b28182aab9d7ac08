import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestSession, type TestUser } from '../support/harness.js';
import { openStream } from '../support/sse.js';
import { expectProblem } from './helpers.js';

interface TokenOut {
  id: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  readOnly: boolean;
}

const PASSWORD = 'tokens-test-passphrase-2026';

describe.each(DIALECTS)('API tokens on %s', (dialect) => {
  let t: TestApp;
  let owner: TestUser;
  let session: TestSession;
  let g: Awaited<ReturnType<TestApp['government']>>;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    g = await t.government();
    // A security officer: its role needs a second factor, which the harness has set up.
    owner = await t.user(g.ministry, 'security-officer', PASSWORD);
    session = await t.logIn(owner, PASSWORD);
  });
  afterAll(async () => t?.close());

  const asSession = (s: TestSession) => ({ cookie: s.cookie, 'x-csrf-token': s.csrfToken });
  const create = async (payload: Record<string, unknown> = { name: 'ci' }) => {
    const res = await t.request(null, {
      method: 'POST',
      url: '/api/v1/tokens',
      payload,
      headers: asSession(session),
    });
    expect(res.statusCode, res.body).toBe(201);
    const { id, token, readOnly } = res.json() as { id: string; token: string; readOnly: boolean };
    return { id, readOnly, headers: { authorization: `Bearer ${token}` } };
  };
  const tokenOf = async (id: string) => {
    const res = await t.request(owner, { method: 'GET', url: '/api/v1/tokens' });
    return (res.json() as { items: TokenOut[] }).items.find((i) => i.id === id) as TokenOut;
  };
  const use = (headers: Record<string, string>) =>
    t.request(null, { method: 'GET', url: '/api/v1/incidents', headers });

  it('records the last use, at most once a minute', async () => {
    const token = await create();
    expect((await tokenOf(token.id)).lastUsedAt).toBeNull();
    const first = t.clock.now().toISOString();
    expect((await use(token.headers)).statusCode).toBe(200);
    expect((await tokenOf(token.id)).lastUsedAt).toBe(first);
    t.clock.advance(59_000);
    expect((await use(token.headers)).statusCode).toBe(200);
    expect((await tokenOf(token.id)).lastUsedAt).toBe(first);
    t.clock.advance(2_000);
    const later = t.clock.now().toISOString();
    expect((await use(token.headers)).statusCode).toBe(200);
    expect((await tokenOf(token.id)).lastUsedAt).toBe(later);
  });

  it('a revoked token stops working with the next request, and its last use stays', async () => {
    const token = await create();
    expect((await use(token.headers)).statusCode).toBe(200);
    const used = (await tokenOf(token.id)).lastUsedAt;
    const revoked = await t.request(owner, { method: 'DELETE', url: `/api/v1/tokens/${token.id}` });
    expect(revoked.statusCode).toBe(204);
    t.clock.advance(120_000);
    expectProblem(await use(token.headers), 401, 'auth.unauthenticated');
    expect(await tokenOf(token.id)).toMatchObject({ lastUsedAt: used, revokedAt: expect.any(String) });
  });

  it('a read-only token reads (the live stream too) and changes nothing, with a stable code', async () => {
    const token = await create({ name: 'dashboard', readOnly: true });
    expect(token.readOnly).toBe(true);
    expect((await tokenOf(token.id)).readOnly).toBe(true);
    const incident = await t.fileIncident(g.ministryReporter);
    const reads = [
      { method: 'GET', url: '/api/v1/incidents' },
      { method: 'GET', url: `/api/v1/incidents/${incident.id}` },
      { method: 'HEAD', url: '/api/v1/incidents' },
      { method: 'GET', url: '/api/v1/me' },
      { method: 'GET', url: '/api/v1/users' },
    ] as const;
    for (const r of reads)
      expect((await t.request(null, { ...r, headers: token.headers })).statusCode, r.url).toBe(200);
    const before = { incidents: await t.count('incidents'), audit: await t.count('audit_log') };
    const changes = [
      { method: 'POST', url: '/api/v1/incidents', payload: t.quickReport() },
      {
        method: 'POST',
        url: `/api/v1/incidents/${incident.id}/reports`,
        payload: { kind: 'update', text: 'x' },
      },
      { method: 'POST', url: '/api/v1/tokens', payload: { name: 'another' } },
      { method: 'DELETE', url: `/api/v1/tokens/${token.id}` },
      { method: 'PATCH', url: `/api/v1/users/${g.ministryReporter.id}`, payload: { displayName: 'x' } },
      { method: 'PUT', url: `/api/v1/orgs/${g.ministry.slug}/notification-rules`, payload: {} },
      { method: 'OPTIONS', url: '/api/v1/incidents' },
    ] as const;
    for (const r of changes)
      expectProblem(await t.request(null, { ...r, headers: token.headers }), 403, 'tokens.read_only');
    expect({ incidents: await t.count('incidents'), audit: await t.count('audit_log') }).toEqual(before);
    expect((await tokenOf(token.id)).revokedAt).toBeNull();

    const address = await t.app.listen({ host: '127.0.0.1', port: 0 });
    const stream = await openStream(`${address}/api/v1/events`, token.headers);
    try {
      const next = await t.fileIncident(g.ministryReporter);
      await stream.waitFor((f) => f.data.incidentId === next.id);
    } finally {
      await stream.close();
    }
  });

  it('is created only from a browser session that passed a second factor', async () => {
    const reporter = await t.user(g.ministry, 'reporter', PASSWORD);
    const before = await t.count('api_tokens');
    // With a token (even a full one): a leaked token must not breed more.
    expectProblem(
      await t.request(owner, { method: 'POST', url: '/api/v1/tokens', payload: { name: 'x' } }),
      403,
      'tokens.second_factor_required',
    );
    // A reporter whose session passed only the password.
    const plain = await t.logIn(reporter, PASSWORD);
    expectProblem(
      await t.request(null, {
        method: 'POST',
        url: '/api/v1/tokens',
        payload: { name: 'x' },
        headers: asSession(plain),
      }),
      403,
      'tokens.second_factor_required',
    );
    // Without the CSRF token, even the right session makes none.
    expectProblem(
      await t.request(null, {
        method: 'POST',
        url: '/api/v1/tokens',
        payload: { name: 'x' },
        headers: { cookie: session.cookie },
      }),
      403,
      'auth.csrf_token_invalid',
    );
    expect(await t.count('api_tokens')).toBe(before);
    for (const readOnly of ['yes', 1, null])
      expectProblem(
        await t.request(null, {
          method: 'POST',
          url: '/api/v1/tokens',
          payload: { name: 'x', readOnly },
          headers: asSession(session),
        }),
        400,
        'request.validation_failed',
      );
  });

  it('nobody sees or revokes another user’s tokens, an administrator included', async () => {
    const token = await create();
    const admin = await t.user(g.center, 'admin');
    for (const who of [admin, g.ministryReporter, g.ministryOfficer]) {
      const listed = await t.request(who, { method: 'GET', url: '/api/v1/tokens' });
      expect((listed.json() as { items: TokenOut[] }).items.map((i) => i.id)).not.toContain(token.id);
      expectProblem(
        await t.request(who, { method: 'DELETE', url: `/api/v1/tokens/${token.id}` }),
        404,
        'tokens.not_found',
      );
    }
    expect((await use(token.headers)).statusCode).toBe(200);
  });
});
