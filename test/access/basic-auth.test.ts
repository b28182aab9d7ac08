import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestUser } from '../support/harness.js';

// HTTP Basic (e-mail address and API token) is what TAXII clients and MISP send; it opens the TAXII server and
// the MISP feed only. Everywhere else — the API, the session routes — a Basic header is no credential: 401 with
// a challenge and a stable code, nothing changed. Attacks: a good token under Basic on a write route, the token
// with another person's address (or the holder's with a zero-width character), a deactivated person's token.

const TAXII = 'application/taxii+json;version=2.1';
const basic = (email: string, token: string) =>
  `Basic ${Buffer.from(`${email}:${token}`).toString('base64')}`;

describe.each(DIALECTS)('HTTP Basic on %s', (dialect) => {
  let t: TestApp;
  let g: Awaited<ReturnType<TestApp['government']>>;
  let admin: TestUser;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    g = await t.government();
    admin = await t.user(g.center, 'admin');
  });
  afterAll(() => t?.close());

  const call = (method: 'GET' | 'POST', url: string, authorization: string, extra: object = {}) =>
    t.request(null, { method, url, headers: { authorization, accept: TAXII }, ...extra });

  it('opens the TAXII server and the MISP feed, and nothing else', async () => {
    const u = g.ministryReporter;
    const header = basic(u.email, u.token);
    expect((await call('GET', '/taxii2/', header)).statusCode).toBe(200);
    expect((await call('GET', '/taxii2/api/collections/', header)).statusCode).toBe(200);
    expect((await call('GET', '/misp-feed/manifest.json', header)).statusCode).toBe(200);
    for (const url of [
      '/api/v1/incidents',
      '/api/v1/session',
      '/api/v1/shares',
      '/api/v1/shares/export.stix',
    ]) {
      const res = await call('GET', url, header);
      expect(res.statusCode, url).toBe(401);
      expect(res.json().code, url).toBe('auth.basic_not_accepted');
      expect(res.headers['www-authenticate'], url).toMatch(/^Bearer/);
    }
    // A write under Basic changes nothing.
    const before = await t.count('incidents');
    const filed = await call('POST', '/api/v1/incidents', header, { payload: t.quickReport() });
    expect(filed.statusCode).toBe(401);
    expect(filed.json().code).toBe('auth.basic_not_accepted');
    expect(await t.count('incidents')).toBe(before);
    // The same token as Bearer still works there.
    expect(
      (await t.request(null, { method: 'GET', url: '/api/v1/incidents', headers: u.headers })).statusCode,
    ).toBe(200);
  });

  it('refuses another person’s address, a look-alike address and a deactivated person’s token', async () => {
    const u = g.agencyReporter;
    for (const email of [g.analyst.email, `${u.email}\u200b`, u.email.replace('@', '＠'), '']) {
      const taxii = await call('GET', '/taxii2/', basic(email, u.token));
      expect(taxii.statusCode, email).toBe(401);
      expect(taxii.headers['content-type']).toBe(TAXII);
      expect((await call('GET', '/misp-feed/manifest.json', basic(email, u.token))).statusCode, email).toBe(
        401,
      );
    }
    const leaver = await t.user(g.ministry, 'reporter');
    expect((await call('GET', '/taxii2/', basic(leaver.email, leaver.token))).statusCode).toBe(200);
    const off = await t.request(admin, {
      method: 'PATCH',
      url: `/api/v1/users/${leaver.id}`,
      payload: { disabled: true },
    });
    expect(off.statusCode, off.body).toBe(200);
    for (const url of ['/taxii2/', '/taxii2/api/collections/', '/misp-feed/manifest.json'])
      expect((await call('GET', url, basic(leaver.email, leaver.token))).statusCode, url).toBe(401);
  });
});
