import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  behindQuery,
  fingerprintsOfReports,
  indexPendingReports,
} from '../../src/features/sharing/sharing.fingerprints.js';
import { up } from '../../src/platform/db/migrations/0052_guard_typed_indicators.js';
import { expectProblem } from '../api/helpers.js';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/harness.js';

// Migration 0052: the report index of the guard of sharing held only what reports' text names. An incident
// indexed that way (its typed indicators missing from the index) is indexed again after the migration, and the
// guard refuses its typed indicators from then on; an incident without typed indicators is left as it was.
describe.each(DIALECTS)('migration 0052_guard_typed_indicators on %s', (dialect) => {
  let t: TestApp;
  let gov: Awaited<ReturnType<TestApp['government']>>;
  beforeAll(async () => {
    t = await startTestApp(dialect);
    gov = await t.government({});
  });
  afterAll(() => t?.close());

  it('indexes again every incident that carries typed indicators, and no other', async () => {
    const typed = (
      await t.fileIncident(gov.ministryReporter, {
        title: '指標のみの報告',
        summary: '指標は別添のとおり。',
        indicators: [{ type: 'domain', value: 'old-index-c2.example.net' }],
      })
    ).id;
    // Indexed as before: the migration leaves it alone (only `typed` is behind after it).
    await t.fileIncident(gov.ministryReporter, {
      title: '本文のみの報告',
      summary: '本文だけの報告で、通信先 plain-c2.example.net が記されていた。',
    });
    await t.services.reportIndex.catchUp();
    // The index as the release before wrote it: each report's text alone, every incident marked as indexed.
    await t.handle.db.deleteFrom('report_fingerprints').where('incident_id', '=', typed).execute();
    const bodies = await t.handle.db
      .selectFrom('incident_reports')
      .select('body')
      .where('incident_id', '=', typed)
      .execute();
    await t.handle.db
      .insertInto('report_fingerprints')
      .values(
        [...fingerprintsOfReports(bodies.map((b) => b.body))].map((f) => ({
          fingerprint: f,
          incident_id: typed,
        })),
      )
      .execute();
    const share = () =>
      t.request(gov.analyst, {
        method: 'POST',
        url: '/api/v1/shares',
        payload: {
          sourceIncidentIds: [],
          content: {
            title: '注意喚起',
            body: '確認してください。',
            indicators: [{ type: 'domain-name', value: 'old-index-c2.example.net' }],
          },
          audience: { kind: 'all' },
          tlp: 'TLP:CLEAR',
        },
      });
    expect((await share()).statusCode).toBe(201);

    await up(t.handle.db as never, dialect);
    expect((await behindQuery(t.handle.db).execute()).map((r) => r.id)).toEqual([typed]);
    const refused = await share();
    expectProblem(refused, 422, 'shares.undeclared_source');
    expect((refused.json() as { incidentIds: string[] }).incidentIds).toEqual([typed]);
    expect(await indexPendingReports(t.handle)).toBe(1);
    expect(await behindQuery(t.handle.db).execute()).toEqual([]);
    expectProblem(await share(), 422, 'shares.undeclared_source');
  });
});
