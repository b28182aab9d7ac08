import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sweepExpired } from '../../src/platform/housekeeping.js';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/harness.js';

describe.each(DIALECTS)('housekeeping on %s', (dialect) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp(dialect, { config: { sessionTtlMinutes: 60, idempotencyTtlHours: 72 } });
  });
  afterEach(async () => t?.close());

  it('forgets idempotency keys after their retention and expired sessions, and nothing younger', async () => {
    const g = await t.government();
    const file = (key: string) =>
      t.request(g.agencyReporter, {
        method: 'POST',
        url: '/api/v1/incidents',
        payload: t.quickReport(),
        headers: { 'idempotency-key': key },
      });
    expect((await file('old-key')).statusCode).toBe(201);
    const user = await t.user(g.center, 'auditor', 'a-long-password-123');
    const login = () =>
      t.request(null, {
        method: 'POST',
        url: '/api/v1/session',
        payload: { email: user.email, password: 'a-long-password-123' },
      });
    expect((await login()).statusCode).toBe(200);

    t.clock.advance(2 * 3_600_000);
    expect((await file('young-key')).statusCode).toBe(201);
    expect((await login()).statusCode).toBe(200);

    t.clock.advance(71 * 3_600_000);
    expect(await sweepExpired(t.handle, t.clock, t.services.housekeeping)).toEqual({
      idempotencyKeys: 1,
      sessions: 2,
    });
    const keys = await t.handle.db.selectFrom('idempotency_keys').select('key').execute();
    expect(keys.map((k) => k.key)).toEqual(['young-key']);
    // A retry after the retention is a new request: it creates a second incident, as documented.
    expect((await file('old-key')).statusCode).toBe(201);
  });
});
