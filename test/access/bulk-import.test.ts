import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem } from '../api/helpers.js';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestUser } from '../support/harness.js';
import { bundleOfValues, stixBundle, stixIndicator } from '../support/stix-bundles.js';

// Who may import a STIX bundle into which incident (issue 14, T2): only the reporting body's reporters and
// security officers, into its own incidents. Attacks: a sibling agency's incident, the ministry's above, a
// nonexistent id (all three 404 alike, nothing written); the supervising ministry, which reads its agency's
// incident but does not own it (403); the center's analyst, an auditor and an administrator (403); a read-only
// token; an oversize bundle aimed at another body's incident (404 before the bundle is read: its size tells
// nothing); objects that name another incident (x_renraku_incident, a report's external reference), which
// change nothing there; and a final incident (409).

const STIX = 'application/stix+json;version=2.1';
const MISSING = '00000000-0000-4000-8000-00000000dead';

describe.each(DIALECTS)('bulk STIX import access on %s', (dialect) => {
  let t: TestApp;
  let gov: Awaited<ReturnType<TestApp['government']>>;
  let sibling: TestUser;
  let auditor: TestUser;
  let admin: TestUser;
  let agencyIncident: { id: string; number: string };
  let ministryIncident: { id: string; number: string };
  let siblingIncident: { id: string; number: string };

  beforeAll(async () => {
    t = await startTestApp(dialect, { config: { bulkImportMaxObjects: 100 } });
    gov = await t.government();
    sibling = await t.user(await t.org('agency', { parent: gov.ministry }), 'reporter');
    auditor = await t.user(gov.center, 'auditor');
    admin = await t.user(gov.center, 'admin');
    agencyIncident = (await t.fileIncident(gov.agencyReporter)) as typeof agencyIncident;
    ministryIncident = (await t.fileIncident(gov.ministryReporter)) as typeof ministryIncident;
    siblingIncident = (await t.fileIncident(sibling)) as typeof siblingIncident;
  });
  afterAll(() => t?.close());

  const importInto = (
    u: TestUser | null,
    id: string,
    bundle: unknown,
    headers: Record<string, string> = {},
  ) =>
    t.request(u, {
      method: 'POST',
      url: `/api/v1/incidents/${id}/reports/import.stix`,
      headers: { 'content-type': STIX, ...headers },
      payload: JSON.stringify(bundle),
    });
  const written = async () => ({
    reports: await t.count('incident_reports'),
    indicators: await t.count('incident_indicators'),
    keys: await t.count('correlation_keys'),
    audit: await t.count('audit_log'),
  });

  it('answers another body’s incident exactly as one that does not exist, and writes nothing', async () => {
    const before = await written();
    const answers = [];
    for (const [u, id] of [
      [gov.agencyReporter, siblingIncident.id],
      [gov.agencyOfficer, ministryIncident.id],
      [sibling, agencyIncident.id],
      [gov.agencyReporter, MISSING],
    ] as const) {
      const res = await importInto(u, id, bundleOfValues(0, 20));
      expectProblem(res, 404, 'incidents.not_found');
      const { instance: _instance, ...body } = res.json() as Record<string, unknown>;
      answers.push(body);
    }
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(await written()).toEqual(before);
  });

  it('refuses the supervising ministry, the center and those who file nothing, even where they read (403)', async () => {
    const before = await written();
    for (const u of [gov.ministryReporter, gov.ministryOfficer, gov.analyst, auditor, admin])
      expectProblem(await importInto(u, agencyIncident.id, bundleOfValues(100, 20)), 403, 'auth.forbidden');
    expect(await written()).toEqual(before);
  });

  it('refuses a read-only token and a request without credentials', async () => {
    const readOnly = (await t.tokenFor(gov.agencyReporter, { readOnly: true })).secret;
    const before = await written();
    const res = await importInto(null, agencyIncident.id, bundleOfValues(200, 5), {
      authorization: `Bearer ${readOnly}`,
    });
    expect(res.statusCode).toBe(403);
    expect((await importInto(null, agencyIncident.id, bundleOfValues(200, 5))).statusCode).toBe(401);
    expect(await written()).toEqual(before);
  });

  it('answers an oversize bundle aimed at another body’s incident with 404, before reading it', async () => {
    const before = await written();
    expectProblem(
      await importInto(sibling, agencyIncident.id, bundleOfValues(300, 101)),
      404,
      'incidents.not_found',
    );
    expectProblem(
      await importInto(gov.agencyReporter, agencyIncident.id, bundleOfValues(300, 101)),
      422,
      'imports.too_large',
    );
    expect(await written()).toEqual(before);
  });

  it('adds to the incident of the URL only, whatever incident the objects name', async () => {
    const objects = [
      stixIndicator("[domain-name:value = 'named-elsewhere.example.jp']", {
        x_renraku_incident: siblingIncident.number,
      }),
    ];
    const report = {
      type: 'report',
      spec_version: '2.1',
      id: 'report--6a0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d',
      created: '2026-11-20T01:02:03.000Z',
      modified: '2026-11-20T01:02:03.000Z',
      name: 'elsewhere',
      published: '2026-11-20T01:02:03.000Z',
      object_refs: objects.map((o) => o.id),
      external_references: [{ source_name: 'renraku', external_id: ministryIncident.number }],
    };
    const res = await importInto(gov.agencyReporter, agencyIncident.id, stixBundle([...objects, report]));
    expect(res.statusCode, res.body).toBe(201);
    const rows = await t.handle.db
      .selectFrom('incident_indicators')
      .select('incident_id')
      .where('value', '=', 'named-elsewhere.example.jp')
      .execute();
    expect(rows).toEqual([{ incident_id: agencyIncident.id }]);
    // The body's own people see it; the sibling agency still does not see the incident at all.
    const own = await t.request(gov.agencyOfficer, {
      method: 'GET',
      url: `/api/v1/incidents/${agencyIncident.id}`,
    });
    expect(JSON.stringify(own.json())).toContain('named-elsewhere.example.jp');
    const other = await t.request(sibling, { method: 'GET', url: `/api/v1/incidents/${agencyIncident.id}` });
    expect(other.statusCode).toBe(404);
  });

  it('refuses an incident whose final report is filed (409), writing nothing', async () => {
    const final = await t.request(gov.ministryReporter, {
      method: 'POST',
      url: `/api/v1/incidents/${ministryIncident.id}/reports`,
      payload: { kind: 'final', text: '確報' },
    });
    expect(final.statusCode, final.body).toBe(201);
    const before = await written();
    expectProblem(
      await importInto(gov.ministryReporter, ministryIncident.id, bundleOfValues(400, 5)),
      409,
      'incidents.already_final',
    );
    expect(await written()).toEqual(before);
  });
});
