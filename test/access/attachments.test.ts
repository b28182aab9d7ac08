import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/platform/ids.js';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestOrg, type TestUser } from '../support/harness.js';

// Attachments are read exactly by the incident's readers (DESIGN §4): everyone else, of every kind, gets the
// same 404 as for an incident that does not exist, whatever path, id variant or role they try.

describe.each(DIALECTS)('who may see attachments on %s', (dialect) => {
  let t: TestApp;
  let g: Awaited<ReturnType<TestApp['government']>>;
  let sibling: TestOrg;
  let otherMinistry: TestOrg;
  const u = {} as Record<
    | 'siblingReporter'
    | 'siblingOfficer'
    | 'otherOfficer'
    | 'otherReporter'
    | 'coordinator'
    | 'centerOfficer'
    | 'admin'
    | 'auditor',
    TestUser
  >;
  let absentIncident: string;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    // In review mode the agency's incident reaches the center only once its ministry forwards it.
    g = await t.government({ reviewMode: true });
    sibling = await t.org('agency', { parent: g.ministry });
    otherMinistry = await t.org('ministry');
    u.siblingReporter = await t.user(sibling, 'reporter');
    u.siblingOfficer = await t.user(sibling, 'security-officer');
    u.otherOfficer = await t.user(otherMinistry, 'security-officer');
    u.otherReporter = await t.user(otherMinistry, 'reporter');
    u.coordinator = await t.user(g.center, 'center-coordinator');
    u.centerOfficer = await t.user(g.center, 'security-officer');
    u.admin = await t.user(g.center, 'admin');
    u.auditor = await t.user(g.center, 'auditor');
    const absent = await t.request(g.analyst, { method: 'GET', url: `/api/v1/incidents/${newId()}` });
    absentIncident = absent.body;
  });
  afterAll(async () => t?.close());

  const attach = async (user: TestUser, incidentId: string, name: string, bytes = 'secret log') => {
    const res = await t.request(user, {
      method: 'POST',
      url: `/api/v1/incidents/${incidentId}/attachments?name=${encodeURIComponent(name)}`,
      payload: bytes,
      headers: { 'content-type': 'text/plain' },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; downloadUrl: string };
  };
  const get = (user: TestUser, url: string) => t.request(user, { method: 'GET', url });
  const expectAbsent = async (user: TestUser, url: string) => {
    const res = await get(user, url);
    expect({ who: user.email, status: res.statusCode }).toEqual({ who: user.email, status: 404 });
    expect(res.body).toBe(absentIncident);
    expect(res.headers['content-disposition']).toBeUndefined();
  };

  it('non-readers of every kind get the 404 of an absent incident, for the list, a download and an upload', async () => {
    const incident = await t.fileIncident(g.agencyReporter);
    const file = await attach(g.agencyReporter, incident.id, 'ransom-note.txt');
    const listUrl = `/api/v1/incidents/${incident.id}/attachments`;
    const audit = await t.count('audit_log');
    const outsiders = [
      u.siblingReporter,
      u.siblingOfficer,
      u.otherOfficer,
      u.otherReporter,
      // The center reads it only once the ministry forwards it.
      g.analyst,
      u.coordinator,
      u.centerOfficer,
      // Administrators (a role of the center only) and auditors see no incident content by their role alone.
      u.admin,
      u.auditor,
    ];
    for (const who of outsiders) {
      await expectAbsent(who, listUrl);
      await expectAbsent(who, file.downloadUrl);
      const upload = await t.request(who, {
        method: 'POST',
        url: `${listUrl}?name=planted.txt`,
        payload: 'x',
        headers: { 'content-type': 'text/plain' },
      });
      expect(upload.statusCode).toBe(404);
    }
    expect(await t.count('audit_log')).toBe(audit);
    expect(await attachmentsOf(incident.id)).toBe(1);

    // The readers: the agency itself and its reviewing ministry; then, once forwarded, the center.
    for (const reader of [g.agencyReporter, g.agencyOfficer, g.ministryOfficer, g.ministryReporter])
      expect((await get(reader, file.downloadUrl)).statusCode).toBe(200);
    const forwarded = await t.request(g.ministryOfficer, {
      method: 'POST',
      url: `/api/v1/incidents/${incident.id}/forward`,
      payload: {},
    });
    expect(forwarded.statusCode).toBe(200);
    for (const reader of [g.analyst, u.coordinator]) {
      expect((await get(reader, file.downloadUrl)).statusCode).toBe(200);
      expect((await get(reader, listUrl)).json().items.map((a: { id: string }) => a.id)).toEqual([file.id]);
    }
    for (const who of [u.siblingReporter, u.otherOfficer, u.admin, u.auditor])
      await expectAbsent(who, file.downloadUrl);
  });

  async function attachmentsOf(incidentId: string) {
    const row = await t.handle.db
      .selectFrom('attachments')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('incident_id', '=', incidentId)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  it("an attachment of another incident is not reached through a readable incident's URL", async () => {
    const mine = await t.fileIncident(u.siblingReporter);
    const theirs = await t.fileIncident(g.agencyReporter);
    const secret = await attach(g.agencyReporter, theirs.id, 'theirs.txt', 'their secret');
    const own = await attach(u.siblingReporter, mine.id, 'mine.txt');
    // The sibling reads its own incident, and names the other agency's attachment under it.
    const crossed = await get(u.siblingReporter, `/api/v1/incidents/${mine.id}/attachments/${secret.id}`);
    expect(crossed.statusCode).toBe(404);
    expect(crossed.json().code).toBe('attachments.not_found');
    expect(crossed.body).not.toContain('their secret');
    // An absent attachment id answers the same.
    const absent = await get(u.siblingReporter, `/api/v1/incidents/${mine.id}/attachments/${newId()}`);
    expect(absent.body).toBe(crossed.body);
    // The ministry reads both incidents, yet each attachment only under its own incident.
    const swapped = await get(g.ministryOfficer, `/api/v1/incidents/${theirs.id}/attachments/${own.id}`);
    expect(swapped.statusCode).toBe(404);
    expect((await get(g.ministryOfficer, own.downloadUrl)).statusCode).toBe(200);
  });

  it('zero-width, full-width and case variants of the ids reach nothing', async () => {
    const incident = await t.fileIncident(g.agencyReporter);
    const file = await attach(g.agencyReporter, incident.id, 'variant.txt');
    const fullWidth = (s: string) =>
      [...s].map((c) => (/[0-9a-z]/i.test(c) ? String.fromCharCode(c.charCodeAt(0) + 0xfee0) : c)).join('');
    const variants = [
      `${incident.id}\u200b`,
      `\u200d${incident.id}`,
      fullWidth(incident.id),
      incident.id.toUpperCase(),
      `${incident.id}%00`,
    ];
    for (const v of variants) {
      const url = `/api/v1/incidents/${encodeURIComponent(v)}/attachments/${file.id}`;
      for (const who of [u.siblingReporter, g.agencyReporter]) {
        const res = await get(who, url);
        expect([400, 404]).toContain(res.statusCode);
        expect(res.headers['content-disposition']).toBeUndefined();
      }
    }
    for (const v of [`${file.id}\u200b`, fullWidth(file.id), file.id.toUpperCase()]) {
      const res = await get(
        g.agencyReporter,
        `/api/v1/incidents/${incident.id}/attachments/${encodeURIComponent(v)}`,
      );
      expect(res.statusCode).toBe(404);
    }
  });

  it('a reader that is not the reporting body may read but never attach; headers naming another body change nothing', async () => {
    const incident = await t.fileIncident(g.agencyReporter);
    const url = `/api/v1/incidents/${incident.id}/attachments?name=planted.txt`;
    const before = await t.count('attachments');
    for (const who of [g.ministryOfficer, g.ministryReporter]) {
      const res = await t.request(who, {
        method: 'POST',
        url,
        payload: 'x',
        headers: {
          'content-type': 'text/plain',
          'x-org-id': g.agency.id,
          'x-forwarded-user': g.agencyReporter.email,
        },
      });
      expect(res.statusCode).toBe(403);
    }
    // An administrator naming the reporting body or its reporter is still an administrator.
    const admin = await t.request(u.admin, {
      method: 'GET',
      url: `/api/v1/incidents/${incident.id}/attachments`,
      headers: { 'x-org-id': g.agency.id, 'x-act-as': g.agencyReporter.id },
    });
    expect(admin.statusCode).toBe(404);
    expect(await t.count('attachments')).toBe(before);
  });
});
