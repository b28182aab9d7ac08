import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestUser } from '../support/harness.js';
import { expectProblem } from './helpers.js';

// A file attached by mistake is withdrawn by its body: the bytes are erased for every reader and every share, the
// record (name, size, SHA-256, who, when, why) stays, and only the uploader or the body's security officer may.

const INCIDENT_MAX = 10_000;

describe.each(DIALECTS)('withdrawing an attachment on %s', (dialect) => {
  let t: TestApp;
  let g: Awaited<ReturnType<TestApp['government']>>;
  let secondReporter: TestUser;
  let otherAgencyOfficer: TestUser;
  beforeAll(async () => {
    t = await startTestApp(dialect, {
      config: { attachmentMaxBytes: 8_000, attachmentIncidentMaxBytes: INCIDENT_MAX },
    });
    g = await t.government();
    secondReporter = await t.user(g.agency, 'reporter');
    const otherAgency = await t.org('agency', { parent: g.ministry });
    otherAgencyOfficer = await t.user(otherAgency, 'security-officer');
  });
  afterAll(async () => t?.close());

  const attach = async (u: TestUser, incidentId: string, name: string, bytes: Buffer) => {
    const res = await t.request(u, {
      method: 'POST',
      url: `/api/v1/incidents/${incidentId}/attachments?name=${encodeURIComponent(name)}`,
      payload: bytes,
      headers: { 'content-type': 'application/octet-stream' },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; sha256: string; size: number };
  };
  const withdraw = (u: TestUser, incidentId: string, id: string, payload: unknown) =>
    t.request(u, {
      method: 'POST',
      url: `/api/v1/incidents/${incidentId}/attachments/${id}/withdraw`,
      payload: payload as object,
    });
  const download = (u: TestUser, incidentId: string, id: string) =>
    t.request(u, { method: 'GET', url: `/api/v1/incidents/${incidentId}/attachments/${id}` });
  const stored = (id: string) =>
    t.handle.db.selectFrom('attachments').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  it('erases the bytes, keeps the record with when and why, answers 410 to every reader, and frees the total', async () => {
    const incident = await t.fileIncident(g.agencyReporter);
    const file = await attach(g.agencyReporter, incident.id, '顧客一覧.csv', Buffer.alloc(6_000, 7));
    const { head } = await t.services.events.bounds();
    const res = await withdraw(g.agencyReporter, incident.id, file.id, {
      reason: '個人情報を含むため誤添付',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      id: file.id,
      fileName: '顧客一覧.csv',
      sha256: file.sha256,
      size: 6_000,
      withdrawn: { at: t.clock.now().toISOString(), reason: '個人情報を含むため誤添付' },
    });
    const row = await stored(file.id);
    expect(Buffer.from(row.content).length).toBe(0);
    expect(row.withdrawn_by).toBe(g.agencyReporter.id);
    for (const reader of [g.agencyReporter, g.ministryOfficer, g.analyst])
      expectProblem(await download(reader, incident.id, file.id), 410, 'attachments.withdrawn');
    const listed = await t.request(g.analyst, {
      method: 'GET',
      url: `/api/v1/incidents/${incident.id}/attachments`,
    });
    expect(listed.json().items).toEqual([
      expect.objectContaining({
        id: file.id,
        withdrawn: expect.objectContaining({ reason: '個人情報を含むため誤添付' }),
      }),
    ]);
    // The 6,000 bytes no longer count: another file of that size fits under the 10,000 total.
    await attach(g.agencyReporter, incident.id, 'correct.log', Buffer.alloc(6_000, 1));
    const audit = await t.handle.db
      .selectFrom('audit_log')
      .select(['action', 'detail'])
      .where('subject_id', '=', file.id)
      .where('action', '=', 'attachment.withdraw')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(audit.detail)).toMatchObject({
      sha256: file.sha256,
      reason: '個人情報を含むため誤添付',
    });
    const events = (await t.services.events.since(head, 10)).filter((e) => e.incidentId === incident.id);
    expect(events.map((e) => [e.type, [...e.readerOrgIds].sort()])).toEqual([
      ['attachment.withdrawn', [g.agency.id, g.ministry.id, g.center.id].sort()],
      ['attachment.added', [g.agency.id, g.ministry.id, g.center.id].sort()],
    ]);
    // Events name the file and the acting body, never the file's name.
    expect(events[0]?.payload).toEqual({ attachmentId: file.id, orgSlug: g.agency.slug });
  });

  it('lets only the uploader or a security officer of the incident body withdraw; others are refused and nothing changes', async () => {
    const incident = await t.fileIncident(g.agencyReporter);
    const file = await attach(g.agencyReporter, incident.id, 'a.log', Buffer.from('log'));
    // Each reader is told whether it may: the uploader and the body's officer yes, the others no.
    for (const [who, may] of [
      [g.agencyReporter, true],
      [g.agencyOfficer, true],
      [secondReporter, false],
      [g.ministryOfficer, false],
      [g.analyst, false],
    ] as const) {
      const listed = await t.request(who, {
        method: 'GET',
        url: `/api/v1/incidents/${incident.id}/attachments`,
      });
      expect(listed.json().items[0].mayWithdraw, who.email).toBe(may);
    }
    // Readers of other bodies (the ministry, the center), a colleague who did not attach it: 403.
    for (const who of [g.ministryOfficer, g.analyst, secondReporter])
      expectProblem(await withdraw(who, incident.id, file.id, { reason: 'x' }), 403, 'auth.forbidden');
    // A body that does not read the incident learns nothing of it.
    expectProblem(
      await withdraw(otherAgencyOfficer, incident.id, file.id, { reason: 'x' }),
      404,
      'incidents.not_found',
    );
    expect((await stored(file.id)).withdrawn_at).toBeNull();
    expect((await download(g.ministryOfficer, incident.id, file.id)).body).toBe('log');
    // The body's security officer may.
    expect((await withdraw(g.agencyOfficer, incident.id, file.id, { reason: '誤添付' })).statusCode).toBe(
      200,
    );
  });

  it('refuses a file of another incident, an unknown file, a second withdrawal and bad reasons with clear 4xx', async () => {
    const incident = await t.fileIncident(g.agencyReporter);
    const other = await t.fileIncident(g.agencyReporter);
    const file = await attach(g.agencyReporter, incident.id, 'b.log', Buffer.from('bytes'));
    expectProblem(
      await withdraw(g.agencyReporter, other.id, file.id, { reason: 'x' }),
      404,
      'attachments.not_found',
    );
    expectProblem(
      await withdraw(g.agencyReporter, incident.id, '00000000-0000-4000-8000-000000000000', { reason: 'x' }),
      404,
      'attachments.not_found',
    );
    for (const [payload, code] of [
      [{}, 'request.validation_failed'],
      [{ reason: '' }, 'request.validation_failed'],
      [{ reason: '\u200b\u200d ' }, 'text.empty'],
      [{ reason: 'ok\u202Eevil' }, 'text.invisible_characters'],
      [{ reason: 'あ'.repeat(501) }, 'text.too_long'],
      [{ reason: 'x', extra: 1 }, 'request.validation_failed'],
    ] as const) {
      const res = await withdraw(g.agencyReporter, incident.id, file.id, payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().code, JSON.stringify(payload)).toBe(code);
    }
    expect((await stored(file.id)).withdrawn_at).toBeNull();
    expect((await withdraw(g.agencyReporter, incident.id, file.id, { reason: '誤添付' })).statusCode).toBe(
      200,
    );
    expectProblem(
      await withdraw(g.agencyOfficer, incident.id, file.id, { reason: '重ねて' }),
      409,
      'attachments.already_withdrawn',
    );
    expect((await stored(file.id)).withdrawal_reason).toBe('誤添付');
  });

  it('of two withdrawals at once, one wins and the other is told', async () => {
    const incident = await t.fileIncident(g.agencyReporter);
    const file = await attach(g.agencyReporter, incident.id, 'c.log', Buffer.from('c'));
    const answers = await Promise.all([
      withdraw(g.agencyReporter, incident.id, file.id, { reason: '一' }),
      withdraw(g.agencyOfficer, incident.id, file.id, { reason: '二' }),
    ]);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 409]);
    const audits = await t.handle.db
      .selectFrom('audit_log')
      .select('action')
      .where('subject_id', '=', file.id)
      .where('action', '=', 'attachment.withdraw')
      .execute();
    expect(audits).toHaveLength(1);
  });
});
