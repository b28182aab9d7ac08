import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/harness.js';

describe.each(DIALECTS)('operations endpoints on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(async () => t?.close());

  it('publishes an OpenAPI 3.1 document generated from the route schemas', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json() as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths['/api/v1/incidents'] ?? {}).sort()).toEqual(['get', 'post']);
    for (const path of [
      '/api/v1/incidents/{id}',
      '/api/v1/incidents/{id}/reports',
      '/api/v1/incidents/{id}/forward',
    ])
      expect(doc.paths).toHaveProperty([path]);
    const post = doc.paths['/api/v1/incidents']?.post as {
      requestBody: { content: Record<string, { schema: { required: string[] } }> };
    };
    expect(post.requestBody.content['application/json']?.schema.required.sort()).toEqual([
      'detectedAt',
      'summary',
      'title',
    ]);
    const docs = await t.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(docs.statusCode).toBe(200);
    expect(docs.headers['content-type']).toMatch(/text\/html/);
  });

  it('answers health (Prometheus metrics: test/platform/metrics.test.ts)', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
  });

  it('throttles password guessing with a problem and a stable code (see test/api/login-throttle.test.ts)', async () => {
    const center = await t.org('center');
    const user = await t.user(center, 'auditor', 'the-right-password-1');
    const attempt = () =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/session',
        payload: { email: user.email, password: 'a-wrong-guess-000' },
        remoteAddress: '192.0.2.10',
      });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await attempt()).statusCode);
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    const limited = await attempt();
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(limited.headers['retry-after']).toBe('1');
    expect(limited.json()).toMatchObject({ code: 'auth.throttled', retryAfterSeconds: 1 });
  });

  it('refuses unknown API paths with a problem, not the web app', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/nothing-here' });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('http.not_found');
  });
});

describe('logs', () => {
  it('keep no search terms, tokens or cookies', async () => {
    const lines: string[] = [];
    const t = await startTestApp('sqlite', {
      config: { logLevel: 'info' },
      logStream: { write: (l) => lines.push(l) },
    });
    try {
      const g = await t.government();
      const res = await t.request(g.analyst, {
        method: 'GET',
        url: `/api/v1/incidents?q=${encodeURIComponent('被害者の氏名')}`,
        headers: { cookie: 'renraku_session=rs_cookie-secret' },
      });
      expect(res.statusCode).toBe(200);
      const log = lines.join('');
      expect(log).toContain('/api/v1/incidents');
      for (const secret of ['被害者', encodeURIComponent('被害者の氏名'), g.analyst.token, 'cookie-secret'])
        expect(log).not.toContain(secret);
    } finally {
      await t.close();
    }
  });
});
