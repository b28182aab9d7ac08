import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { correlateUnindexedIncidents } from '../../src/features/correlation/correlation.backfill.js';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/harness.js';

// A database migrated from release 0.1.0 holds reports' indicators but no correlation index: a node correlates
// those incidents when it starts (src/server.ts), and finds exactly what filing them today would have found.

describe.each(DIALECTS)('correlating incidents filed before correlation existed, on %s', (dialect) => {
  let t: TestApp;
  const links = () =>
    t.handle.db
      .selectFrom('correlation_links')
      .select(['incident_id', 'other_incident_id', 'type', 'value', 'other_type', 'other_value', 'kind'])
      .orderBy('incident_id')
      .orderBy('other_incident_id')
      .orderBy('value')
      .orderBy('other_value')
      .execute();

  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(async () => t?.close());

  it('rebuilds the index and the matches, once', async () => {
    const g = await t.government();
    const other = await t.user(await t.org('ministry'), 'reporter');
    await t.fileIncident(g.ministryReporter, { indicators: [{ type: 'ipv4', value: '45.83.120.7' }] });
    await t.fileIncident(other, {
      indicators: [
        { type: 'cidr', value: '45.83.120.0/24' },
        { type: 'domain', value: 'evil.example' },
      ],
    });
    await t.fileIncident(g.agencyReporter, {
      indicators: [{ type: 'url', value: 'https://cdn.evil.example/x' }],
    });
    await t.fileIncident(g.agencyReporter, { title: '指標なし' });
    const filed = await links();
    const keys = await t.count('correlation_keys');
    expect(filed.length).toBeGreaterThan(0);

    // As a migrated database has it: indicators, no index.
    await t.handle.db.deleteFrom('correlation_links').execute();
    await t.handle.db.deleteFrom('correlation_keys').execute();

    expect(await correlateUnindexedIncidents(t.handle)).toBe(3);
    expect(await links()).toEqual(filed);
    expect(await t.count('correlation_keys')).toBe(keys);
    // Nothing left to do the next time a node starts.
    expect(await correlateUnindexedIncidents(t.handle)).toBe(0);
    expect(await t.count('correlation_keys')).toBe(keys);
  });
});
