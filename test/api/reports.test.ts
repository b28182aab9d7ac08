import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestUser } from '../support/harness.js';
import { expectProblem, writtenRows } from './helpers.js';

interface Report {
  seq: number;
  kind: string;
  createdAt: string;
  author: { email: string; orgSlug: string };
  body: Record<string, unknown>;
}

describe.each(DIALECTS)('updates and the final report on %s', (dialect) => {
  let t: TestApp;
  let g: Awaited<ReturnType<TestApp['government']>>;
  beforeAll(async () => {
    t = await startTestApp(dialect);
    g = await t.government();
  });
  afterAll(async () => t?.close());

  const addReport = (user: TestUser | null, id: string, payload: Record<string, unknown>) =>
    t.request(user, { method: 'POST', url: `/api/v1/incidents/${id}/reports`, payload });
  const read = async (user: TestUser, id: string) => {
    const res = await t.request(user, { method: 'GET', url: `/api/v1/incidents/${id}` });
    expect(res.statusCode).toBe(200);
    return res.json();
  };

  it('the current state is the fold of immutable report versions', async () => {
    const incident = await t.fileIncident(g.agencyReporter, {
      title: '不審な通信',
      severity: 'medium',
      category: 'intrusion-attempts/ids-alert',
      impact: { serviceDisruption: false },
      affectedSystems: ['fw-01'],
    });
    const quickAt = t.clock.now().toISOString();

    t.clock.advance(20 * 60_000);
    const update = await addReport(g.agencyReporter, incident.id, {
      kind: 'update',
      text: 'マルウェア感染を確認。',
      title: 'マルウェア感染',
      severity: 'high',
      category: 'malicious-code/infected-system',
      impact: { personalData: { involved: true, approxPersons: 120 } },
    });
    expect(update.statusCode).toBe(201);
    expect(update.json()).toMatchObject({ title: 'マルウェア感染', severity: 'high', reportCount: 2 });
    const updateAt = t.clock.now().toISOString();

    t.clock.advance(60 * 60_000);
    const second = await addReport(g.agencyOfficer, incident.id, {
      kind: 'update',
      text: '影響範囲を特定中。',
      severity: 'critical',
      affectedSystems: ['fw-01', 'file-srv-02'],
    });
    expect(second.statusCode).toBe(201);

    const now = await read(g.agencyReporter, incident.id);
    expect(now).toMatchObject({
      status: 'open',
      title: 'マルウェア感染',
      summary: incident.summary,
      severity: 'critical',
      category: 'malicious-code/infected-system',
      impact: { serviceDisruption: false, personalData: { involved: true, approxPersons: 120 } },
      affectedSystems: ['fw-01', 'file-srv-02'],
      reportCount: 3,
      chain: { reportedAt: quickAt, lastReportAt: t.clock.now().toISOString(), finalAt: null },
    });
    const reports = now.reports as Report[];
    expect(reports.map((r) => [r.seq, r.kind])).toEqual([
      [1, 'quick'],
      [2, 'update'],
      [3, 'update'],
    ]);
    // Each version keeps exactly what was sent then; later reports do not rewrite it.
    expect(reports[0]?.body).toMatchObject({ title: '不審な通信', severity: 'medium' });
    expect(reports[0]?.createdAt).toBe(quickAt);
    expect(reports[1]?.body).toMatchObject({ kind: 'update', title: 'マルウェア感染', severity: 'high' });
    expect(reports[1]?.createdAt).toBe(updateAt);
    expect(reports[2]?.body).not.toHaveProperty('title');
    expect(reports[2]?.author).toEqual({ email: g.agencyOfficer.email, orgSlug: g.agency.slug });

    // The ministry and the center read the same current state.
    for (const reader of [g.ministryOfficer, g.analyst]) {
      expect(await read(reader, incident.id)).toMatchObject({
        title: 'マルウェア感染',
        severity: 'critical',
      });
    }
  });

  it('after the final report the incident is closed to further reports', async () => {
    const incident = await t.fileIncident(g.agencyReporter);
    t.clock.advance(5 * 60_000);
    const final = await addReport(g.agencyReporter, incident.id, {
      kind: 'final',
      text: '確報：封じ込め完了。',
      severity: 'low',
    });
    expect(final.statusCode).toBe(201);
    expect(final.json()).toMatchObject({ status: 'final', severity: 'low', reportCount: 2 });
    expect(final.json().chain.finalAt).toBe(t.clock.now().toISOString());

    const before = await writtenRows(t);
    for (const kind of ['update', 'final']) {
      t.clock.advance(60_000);
      const late = await addReport(g.agencyReporter, incident.id, { kind, text: '追加' });
      expectProblem(late, 409, 'incidents.already_final');
    }
    expect(await writtenRows(t)).toEqual(before);
    const after = await read(g.agencyReporter, incident.id);
    expect(after.reports.map((r: Report) => r.kind)).toEqual(['quick', 'final']);
    expect(after.chain.finalAt).toBe(final.json().chain.finalAt);
  });

  it('only the reporting body adds reports', async () => {
    const incident = await t.fileIncident(g.agencyReporter);
    const otherAgency = await t.org('agency', { parent: g.ministry });
    const outsider = await t.user(otherAgency, 'security-officer');
    const admin = await t.user(g.center, 'admin');
    const before = await writtenRows(t);
    const payload = { kind: 'update', text: '他組織からの続報' };
    // Readers of the incident who are not its reporter are told no.
    expectProblem(await addReport(g.ministryOfficer, incident.id, payload), 403, 'auth.forbidden');
    expectProblem(await addReport(g.analyst, incident.id, payload), 403, 'auth.forbidden');
    // Those who cannot see it are told it does not exist.
    expectProblem(await addReport(outsider, incident.id, payload), 404, 'incidents.not_found');
    expectProblem(await addReport(admin, incident.id, payload), 404, 'incidents.not_found');
    expectProblem(await addReport(null, incident.id, payload), 401, 'auth.unauthenticated');
    expectProblem(await addReport(g.agencyReporter, 'no-such-incident', payload), 404, 'incidents.not_found');
    expect(await writtenRows(t)).toEqual(before);

    const own = await addReport(g.agencyOfficer, incident.id, payload);
    expect(own.statusCode).toBe(201);
  });

  it('concurrent updates of one incident are all kept, numbered in turn', async () => {
    const incident = await t.fileIncident(g.agencyReporter);
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        addReport(g.agencyReporter, incident.id, { kind: 'update', text: `続報 ${i}` }),
      ),
    );
    expect(results.map((r) => r.statusCode)).toEqual([201, 201, 201, 201, 201, 201]);
    const read = await t.request(g.agencyReporter, {
      method: 'GET',
      url: `/api/v1/incidents/${incident.id}`,
    });
    expect(read.json().reports.map((r: { seq: number }) => r.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('an update can be searched for by what it added', async () => {
    const incident = await t.fileIncident(g.agencyReporter, { title: '検索対象の事案' });
    await addReport(g.agencyReporter, incident.id, {
      kind: 'update',
      text: 'C2サーバ evil-c2.example を特定',
    });
    const found = await t.request(g.agencyReporter, {
      method: 'GET',
      url: `/api/v1/incidents?q=${encodeURIComponent('evil-c2.example')}`,
    });
    expect(found.json().items.map((i: { id: string }) => i.id)).toEqual([incident.id]);
    // The search text is replaced, not added to: one index row per incident, holding every version.
    await addReport(g.agencyReporter, incident.id, { kind: 'update', text: '二度目の続報' });
    const rows = await t.handle.db
      .selectFrom('incident_search')
      .select('body')
      .where('incident_id', '=', incident.id)
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.body).toContain('evil-c2.example');
    expect(rows[0]?.body).toContain('二度目の続報');
  });
});
