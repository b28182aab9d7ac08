import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestUser } from '../support/harness.js';
import { bundleOfValues, stixBundle, stixIndicator, valueAt } from '../support/stix-bundles.js';
import { expectProblem } from './helpers.js';

// The bulk import of a STIX bundle into an incident (issue 14, T2): thousands of indicators — beyond the 500 a
// report form carries — added as one update, stored, correlated with other incidents and audited; the same
// bundle again adds nothing; an invalid object, too many objects or too many bytes write nothing; values that are
// not indicators are listed, never stored.

const STIX = 'application/stix+json;version=2.1';
const AMBER_STRICT = 'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003';

describe.each(DIALECTS)('bulk STIX import into an incident on %s', (dialect) => {
  let t: TestApp;
  let gov: Awaited<ReturnType<TestApp['government']>>;
  let reporter: TestUser;
  let incident: { id: string; number: string };

  beforeAll(async () => {
    // 1 MiB, the least the setting takes; 3,000 objects.
    t = await startTestApp(dialect, {
      config: { bulkImportMaxBytes: 1_048_576, bulkImportMaxObjects: 3000 },
    });
    gov = await t.government();
    reporter = gov.ministryReporter;
    incident = (await t.fileIncident(reporter, { tlp: 'TLP:GREEN' })) as typeof incident;
  });
  afterAll(() => t?.close());

  const importInto = (u: TestUser, id: string, bundle: unknown, contentType = STIX) =>
    t.request(u, {
      method: 'POST',
      url: `/api/v1/incidents/${id}/reports/import.stix`,
      headers: { 'content-type': contentType },
      payload: typeof bundle === 'string' ? bundle : JSON.stringify(bundle),
    });
  const written = async () => ({
    reports: await t.count('incident_reports'),
    indicators: await t.count('incident_indicators'),
    keys: await t.count('correlation_keys'),
    audit: await t.count('audit_log'),
  });

  it('adds 2,500 indicators as one update, stored and correlated, and the same bundle again adds nothing', async () => {
    // Another body's incident names one of the values: correlation finds it (the center reads both).
    const other = await t.fileIncident(gov.agencyReporter, {
      indicators: [{ type: 'domain', value: valueAt(2).value }],
    });
    const bundle = bundleOfValues(0, 2500);
    const before = await written();
    const res = await importInto(reporter, incident.id, bundle);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.headers.location).toBe(`/api/v1/incidents/${incident.id}`);
    expect(res.json()).toEqual({
      created: true,
      reportSeq: 2,
      read: 2500,
      added: 2500,
      already: 0,
      tlpRaisedTo: null,
      notImported: [],
      notImportedCount: 0,
    });
    const after = await written();
    expect(after).toEqual({
      reports: before.reports + 1,
      indicators: before.indicators + 2500,
      keys: before.keys + 2500,
      audit: after.audit,
    });
    expect(after.audit).toBeGreaterThan(before.audit);
    const stored = await t.handle.db
      .selectFrom('incident_indicators')
      .select(['type', 'value', 'report_seq'])
      .where('incident_id', '=', incident.id)
      .execute();
    expect(new Set(stored.map((r) => `${r.type} ${r.value}`))).toEqual(
      new Set(Array.from({ length: 2500 }, (_, n) => `${valueAt(n).type} ${valueAt(n).value}`)),
    );
    expect(new Set(stored.map((r) => r.report_seq))).toEqual(new Set([2]));
    const audit = await t.handle.db
      .selectFrom('audit_log')
      .select(['action', 'detail'])
      .where('subject_id', '=', incident.id)
      .where('action', '=', 'incident.add_report')
      .execute();
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]?.detail ?? '{}')).toMatchObject({ kind: 'update', seq: 2, indicators: 2500 });
    const links = await t.handle.db
      .selectFrom('correlation_links')
      .select(['incident_id', 'other_incident_id', 'value'])
      .where('incident_id', '=', incident.id)
      .execute();
    expect(links).toEqual([
      { incident_id: incident.id, other_incident_id: other.id, value: valueAt(2).value },
    ]);

    // The same bundle, and another holding the same values under other ids: nothing new.
    for (const again of [bundle, bundleOfValues(0, 2500)]) {
      const res2 = await importInto(reporter, incident.id, again, 'application/json');
      expect(res2.statusCode, res2.body).toBe(200);
      expect(res2.json()).toMatchObject({
        created: false,
        reportSeq: null,
        read: 2500,
        added: 0,
        already: 2500,
      });
    }
    expect(await written()).toEqual(after);

    // A bundle that overlaps: only the values not carried yet are added.
    const more = await importInto(reporter, incident.id, bundleOfValues(2400, 200));
    expect(more.json()).toMatchObject({ created: true, reportSeq: 3, read: 200, added: 100, already: 100 });
  });

  it('refuses a bundle with an invalid object, naming each offender, and writes nothing', async () => {
    const before = await written();
    const good = bundleOfValues(10_000, 50).objects;
    const broken = { ...stixIndicator("[ipv4-addr:value = '192.0.2.1']"), valid_from: 'yesterday' };
    const res = await importInto(reporter, incident.id, stixBundle([...good, broken, { type: 'x' }, 42]));
    expectProblem(res, 422, 'imports.invalid_stix');
    const body = res.json() as { offenders: { index: number; id: string | null }[]; offenderCount: number };
    expect(body.offenderCount).toBe(3);
    expect(body.offenders.map((o) => o.index)).toEqual([50, 51, 52]);
    expect(body.offenders[0]?.id).toBe(broken.id);
    expect(await written()).toEqual(before);
  });

  it('refuses more objects than the limit (422) and more bytes (413), writing nothing', async () => {
    const before = await written();
    expectProblem(
      await importInto(reporter, incident.id, bundleOfValues(20_000, 3001)),
      422,
      'imports.too_large',
    );
    const padded = stixBundle([
      stixIndicator("[ipv4-addr:value = '192.0.2.7']", { description: 'x'.repeat(1_100_000) }),
    ]);
    expectProblem(await importInto(reporter, incident.id, padded), 413, 'request.body_too_large');
    expect(await written()).toEqual(before);
  });

  it('lists hostile or invalid values as not imported and stores none of them', async () => {
    const hostile = [
      "[domain-name:value = 'evil\u200b.example.jp']",
      "[domain-name:value = 'gro.\u202eelpmaxe']",
      "[ipv4-addr:value = '10.0.0.1/8']",
      "[url:value = 'javascript:alert(1)']",
      "[domain-name:value = 'x''); drop table incident_indicators; --']",
      "[ipv4-addr:value = '999.1.1.1']",
      "[file:hashes.'SHA-256' = 'zz']",
      "[ipv4-addr:value = '192.0.2.9'] WITHIN 5 SECONDS",
    ].map((p) => stixIndicator(p));
    const valid = stixIndicator("[domain-name:value = 'ok-bulk.example.jp']");
    const before = await written();
    const res = await importInto(reporter, incident.id, stixBundle([...hostile, valid]));
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json() as { added: number; notImported: { id: string }[]; notImportedCount: number };
    expect(body.added).toBe(1);
    expect(body.notImportedCount).toBe(hostile.length);
    expect(new Set(body.notImported.map((n) => n.id))).toEqual(new Set(hostile.map((h) => h.id)));
    expect((await written()).indicators).toBe(before.indicators + 1);
    // Keys that would pollute a prototype, and control characters, refuse the body before anything is read.
    const polluted = `{"type":"bundle","id":"bundle--${crypto.randomUUID()}","objects":[],"__proto__":{"x":1}}`;
    expect((await importInto(reporter, incident.id, polluted)).statusCode).toBe(400);
    const control = stixBundle([stixIndicator("[domain-name:value = 'a\u0007.example.jp']")]);
    expectProblem(await importInto(reporter, incident.id, control), 400, 'request.control_characters');
  });

  it('takes duplicate ids once (the latest version) and duplicate values once', async () => {
    const first = stixIndicator("[domain-name:value = 'dup-1.example.jp']");
    const later = {
      ...first,
      modified: '2026-11-21T00:00:00.000Z',
      pattern: "[domain-name:value = 'dup-2.example.jp']",
    };
    const twin = stixIndicator("[domain-name:value = 'DUP-3.example.jp']");
    const twin2 = stixIndicator("[domain-name:value = 'dup-3.example.jp.']");
    const res = await importInto(reporter, incident.id, stixBundle([first, later, first, twin, twin2]));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ read: 2, added: 2 });
    const values = await t.handle.db
      .selectFrom('incident_indicators')
      .select('value')
      .where('incident_id', '=', incident.id)
      .where('value', 'like', 'dup-%')
      .execute();
    expect(values.map((v) => v.value).sort()).toEqual(['dup-2.example.jp', 'dup-3.example.jp']);
  });

  it('raises the incident’s TLP to a stricter marking of the bundle', async () => {
    const res = await importInto(
      reporter,
      incident.id,
      stixBundle([
        stixIndicator("[domain-name:value = 'strict.example.jp']", { object_marking_refs: [AMBER_STRICT] }),
      ]),
    );
    expect(res.json()).toMatchObject({ created: true, tlpRaisedTo: 'TLP:AMBER+STRICT' });
    const row = await t.handle.db
      .selectFrom('incidents')
      .select('tlp')
      .where('id', '=', incident.id)
      .executeTakeFirstOrThrow();
    expect(row.tlp).toBe('TLP:AMBER+STRICT');
  });
});
