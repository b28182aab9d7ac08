import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { startServer } from '../../src/server.js';
import { expectProblem } from '../api/helpers.js';
import { createTestDatabase, DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/harness.js';

const TOKEN = 'metrics-token-0123456789abcdef-0123456789';

describe.each(DIALECTS)('Prometheus metrics on %s', (dialect) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0)) await c();
  });
  const app = async (config: Parameters<typeof startTestApp>[1] = {}) => {
    const t: TestApp = await startTestApp(dialect, config);
    cleanups.push(() => t.close());
    return t;
  };

  it('are not served on the public port without a token or a listener of their own', async () => {
    const t = await app();
    const res = await t.app.inject({ method: 'GET', url: '/metrics' });
    // Not the counters, and not the web app's page either.
    expectProblem(res, 404, 'http.not_found');
    const admin = await t.user(await t.org('center'), 'admin');
    expectProblem(await t.request(admin, { method: 'GET', url: '/metrics' }), 404, 'http.not_found');
  });

  it('need the metrics token on the public port; no other credential is it', async () => {
    const t = await app({ config: { metricsToken: TOKEN } });
    await t.app.inject({ method: 'GET', url: '/healthz' });
    const scrape = (authorization?: string) =>
      t.app.inject({ method: 'GET', url: '/metrics', headers: authorization ? { authorization } : {} });
    const admin = await t.user(await t.org('center'), 'admin');
    for (const authorization of [
      undefined,
      `Bearer ${TOKEN.slice(0, -1)}`,
      `Bearer ${TOKEN}x`,
      `bearer ${TOKEN}`,
      `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}`,
      admin.headers.authorization,
    ]) {
      const res = await scrape(authorization);
      expectProblem(res, 401, 'metrics.unauthenticated');
      expect(res.headers['www-authenticate']).toBe('Bearer realm="metrics"');
      expect(res.body).not.toContain('renraku_http');
    }
    const res = await scrape(`Bearer ${TOKEN}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toContain('renraku_http_request_duration_seconds_bucket');
    expect(res.body).toContain('route="/healthz"');
  });

  it('are served on a listener of their own, apart from the public port, with the token when one is set', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'renraku-metrics-'));
    let databaseUrl: string | undefined;
    if (dialect === 'postgres') {
      const db = await createTestDatabase('postgres', { migrate: false });
      cleanups.push(() => db.destroy());
      databaseUrl = db.url;
    }
    const serve = async (metricsToken?: string) => {
      const server = await startServer(
        loadConfig(
          {},
          {
            dataDir,
            databaseUrl,
            host: '127.0.0.1',
            port: 0,
            logLevel: 'silent',
            metricsListen: { host: '127.0.0.1', port: 0 },
            metricsToken,
          },
        ),
      );
      cleanups.unshift(() => server.close());
      const port = (server.app.server.address() as AddressInfo).port;
      return {
        server,
        public: `http://127.0.0.1:${port}`,
        metrics: `http://127.0.0.1:${server.metricsAddress?.port}`,
      };
    };

    const open = await serve();
    expect(open.server.metricsAddress?.port).not.toBe((open.server.app.server.address() as AddressInfo).port);
    const onPublic = await fetch(`${open.public}/metrics`);
    expect(onPublic.status).toBe(404);
    expect(await onPublic.text()).not.toContain('renraku_http');
    await fetch(`${open.public}/healthz`);
    const scraped = await fetch(`${open.metrics}/metrics`);
    expect(scraped.status).toBe(200);
    expect(await scraped.text()).toContain('route="/healthz"');
    const elsewhere = await fetch(`${open.metrics}/api/v1/me`);
    expect(elsewhere.status).toBe(404);
    expect(((await elsewhere.json()) as { code: string }).code).toBe('http.not_found');
    expect((await fetch(`${open.metrics}/metrics`, { method: 'POST' })).status).toBe(404);
    await open.server.close();
    cleanups.shift();

    const guarded = await serve(TOKEN);
    const bare = await fetch(`${guarded.metrics}/metrics`);
    expect(bare.status).toBe(401);
    expect(((await bare.json()) as { code: string }).code).toBe('metrics.unauthenticated');
    const withToken = await fetch(`${guarded.metrics}/metrics`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(withToken.status).toBe(200);
    expect(
      (await fetch(`${guarded.public}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).status,
    ).toBe(200);
  });
});

describe('metrics settings', () => {
  it('read the listener address and refuse a short token or a malformed address', () => {
    expect(loadConfig({ RENRAKU_METRICS_LISTEN: '127.0.0.1:9464' }).metricsListen).toEqual({
      host: '127.0.0.1',
      port: 9464,
    });
    expect(loadConfig({ RENRAKU_METRICS_LISTEN: '[::1]:9464' }).metricsListen).toEqual({
      host: '::1',
      port: 9464,
    });
    for (const bad of ['9464', 'localhost', '127.0.0.1:99999', 'http://127.0.0.1:9464', '::1:9464'])
      expect(() => loadConfig({ RENRAKU_METRICS_LISTEN: bad }), bad).toThrow(/RENRAKU_METRICS_LISTEN/);
    expect(() => loadConfig({ RENRAKU_METRICS_TOKEN: 'short' })).toThrow(/at least 32 characters/);
    expect(loadConfig({}).metricsToken).toBeUndefined();
  });
});
