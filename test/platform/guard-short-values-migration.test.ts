import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { behindQuery, indexPendingReports } from '../../src/features/sharing/sharing.fingerprints.js';
import { up } from '../../src/platform/db/migrations/0053_guard_short_values.js';
import { expectProblem } from '../api/helpers.js';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/harness.js';

// Migration 0053: the report index of the guard of sharing did not hold reports' short free-text values (too
// short to be quotes). An incident indexed that way is indexed again after the migration, and the guard refuses
// a share naming its short value from then on; an incident without free-text values is left as it was.
describe.each(DIALECTS)('migration 0053_guard_short_values on %s', (dialect) => {
  let t: TestApp;
  let gov: Awaited<ReturnType<TestApp['government']>>;
  beforeAll(async () => {
    t = await startTestApp(dialect);
    gov = await t.government({});
  });
  afterAll(() => t?.close());

  it('indexes again every incident that carries free-text values, and no other', async () => {
    const short = (
      await t.fileIncident(gov.ministryReporter, {
        title: '内部アカウントの報告',
        summary: '指標は別添のとおり。',
        indicators: [{ type: 'other', value: 'ZK-5520' }],
      })
    ).id;
    // Typed, but no free text: the migration leaves it alone (only `short` is behind after it).
    await t.fileIncident(gov.ministryReporter, {
      title: 'ドメインの報告',
      summary: '指標は別添のとおり。',
      indicators: [{ type: 'domain', value: 'short-values-c2.example.net' }],
    });
    // The index as the release before wrote it: no short value's key.
    await t.handle.db
      .deleteFrom('report_fingerprints')
      .where('incident_id', '=', short)
      .where('fingerprint', 'like', 's:%')
      .execute();
    const share = () =>
      t.request(gov.analyst, {
        method: 'POST',
        url: '/api/v1/shares',
        payload: {
          sourceIncidentIds: [],
          content: { title: '注意喚起', body: '管理番号 ZK-5520 の端末を確認してください。' },
          audience: { kind: 'all' },
          tlp: 'TLP:CLEAR',
        },
      });
    expect((await share()).statusCode).toBe(201);

    await up(t.handle.db as never, dialect);
    expect((await behindQuery(t.handle.db).execute()).map((r) => r.id)).toEqual([short]);
    const refused = await share();
    expectProblem(refused, 422, 'shares.undeclared_source');
    expect((refused.json() as { incidentIds: string[] }).incidentIds).toEqual([short]);
    expect(await indexPendingReports(t.handle)).toBe(1);
    expect(await behindQuery(t.handle.db).execute()).toEqual([]);
    expectProblem(await share(), 422, 'shares.undeclared_source');
  });
});
