import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from './support/databases.js';
import { startTestApp, type TestApp } from './support/harness.js';

describe.each(DIALECTS)('reporting chain on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(async () => t?.close());

  it('an agency quick report reaches its ministry and the center at once', async () => {
    const g = await t.government();
    const incident = await t.fileIncident(g.agencyReporter);
    const seen = await t.request(g.analyst, { method: 'GET', url: `/api/v1/incidents/${incident.id}` });
    expect(seen.statusCode).toBe(200);
    expect(seen.json().chain.centerReceivedAt).toBe(seen.json().chain.reportedAt);
  });
});
