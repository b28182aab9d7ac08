import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestUser } from '../support/harness.js';
import { expectProblem } from './helpers.js';

interface TokenOut {
  id: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

describe.each(DIALECTS)('API tokens on %s', (dialect) => {
  let t: TestApp;
  let owner: TestUser;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    const g = await t.government();
    owner = g.agencyReporter;
  });
  afterAll(async () => t?.close());

  const create = async () => {
    const res = await t.request(owner, { method: 'POST', url: '/api/v1/tokens', payload: { name: 'ci' } });
    expect(res.statusCode).toBe(201);
    const { id, token } = res.json() as { id: string; token: string };
    return { id, headers: { authorization: `Bearer ${token}` } };
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
});
