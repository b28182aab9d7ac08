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

describe.each(DIALECTS)('attachments carried by shares on %s', (dialect) => {
  let t: TestApp;
  let g: Awaited<ReturnType<TestApp['government']>>;
  let other: TestOrg;
  let otherReporter: TestUser;
  let otherOfficer: TestUser;
  let siblingReporter: TestUser;
  let admin: TestUser;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    g = await t.government();
    other = await t.org('ministry');
    otherReporter = await t.user(other, 'reporter');
    otherOfficer = await t.user(other, 'security-officer');
    siblingReporter = await t.user(await t.org('agency', { parent: g.ministry }), 'reporter');
    admin = await t.user(g.center, 'admin');
  });
  afterAll(async () => t?.close());

  type Carried = { id: string; fileName: string; sha256: string; downloadUrl: string };
  type Share = { id: string; status: string; attachments?: Carried[]; consents?: { id: string }[] };
  const attach = async (user: TestUser, incidentId: string, name: string) => {
    const res = await t.request(user, {
      method: 'POST',
      url: `/api/v1/incidents/${incidentId}/attachments?name=${encodeURIComponent(name)}`,
      payload: `contents of ${name}`,
      headers: { 'content-type': 'application/octet-stream' },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; downloadUrl: string };
  };
  const get = (u: TestUser, url: string) => t.request(u, { method: 'GET', url });
  const draft = (attachmentIds: string[], sourceIncidentIds: string[]) =>
    t.request(g.analyst, {
      method: 'POST',
      url: '/api/v1/shares',
      payload: {
        sourceIncidentIds,
        content: { title: '標的型メールの観測', body: '添付のログの通り、外部への通信を確認した。' },
        audience: { kind: 'orgs', orgs: [other.slug] },
        tlp: 'TLP:AMBER',
        attachmentIds,
      },
    });
  const decide = (requestId: string) =>
    t.request(g.ministryOfficer, {
      method: 'POST',
      url: `/api/v1/consent-requests/${requestId}/decision`,
      payload: { decision: 'approve' },
    });
  const shareFileUrl = (shareId: string, attachmentId: string) =>
    `/api/v1/shares/${shareId}/attachments/${attachmentId}`;

  it('recipients download exactly the files the consent request showed, only after approval and while it stands', async () => {
    const incident = await t.fileIncident(g.ministryReporter, { title: '省の報告' });
    const shown = await attach(g.ministryReporter, incident.id, 'mail-headers.txt');
    const kept = await attach(g.ministryReporter, incident.id, '内部構成図.pdf');
    const res = await draft([shown.id], [incident.id]);
    expect(res.statusCode, res.body).toBe(201);
    const share = res.json() as Share;
    expect(share.status).toBe('awaiting-consent');
    const requestId = share.consents?.[0]?.id as string;

    // The consent request shows the body exactly the file that would go out.
    const request = await get(g.ministryOfficer, `/api/v1/consent-requests/${requestId}`);
    expect(request.statusCode).toBe(200);
    expect(request.json().share.attachments.map((a: Carried) => a.fileName)).toEqual(['mail-headers.txt']);

    // Before approval the recipient-to-be reaches nothing.
    for (const who of [otherReporter, otherOfficer]) {
      const before = await get(who, shareFileUrl(share.id, shown.id));
      expect(before.statusCode).toBe(404);
      expect(before.json().code).toBe('shares.not_found');
    }
    expect((await decide(requestId)).statusCode).toBe(200);

    // After approval: the shown file, by the share's URL, with the download headers, audited.
    const got = await get(otherReporter, shareFileUrl(share.id, shown.id));
    expect(got.statusCode).toBe(200);
    expect(got.body).toBe('contents of mail-headers.txt');
    expect(got.headers['content-disposition']).toMatch(/^attachment; /);
    expect(got.headers['x-content-type-options']).toBe('nosniff');
    const audit = await t.handle.db
      .selectFrom('audit_log')
      .selectAll()
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({
      action: 'attachment.download',
      actor_user_id: otherReporter.id,
      subject_id: shown.id,
    });
    const seen = (await get(otherReporter, `/api/v1/shares/${share.id}`)).json() as Share;
    expect(seen.attachments?.map((a) => a.id)).toEqual([shown.id]);

    // Not the file it did not show, by the share's URL nor the incident's; not the incident's list.
    const hidden = await get(otherReporter, shareFileUrl(share.id, kept.id));
    expect(hidden.statusCode).toBe(404);
    expect(hidden.json().code).toBe('shares.attachment_not_found');
    for (const url of [kept.downloadUrl, shown.downloadUrl, `/api/v1/incidents/${incident.id}/attachments`])
      expect((await get(otherReporter, url)).json().code).toBe('incidents.not_found');
    // Bodies the share does not reach, and roles that see no content, reach nothing.
    for (const who of [siblingReporter, g.agencyReporter, admin])
      expect((await get(who, shareFileUrl(share.id, shown.id))).statusCode).toBe(404);

    // An edit that adds the other file asks consent anew: until then the recipient has neither.
    const edited = await t.request(g.analyst, {
      method: 'PATCH',
      url: `/api/v1/shares/${share.id}`,
      payload: { attachmentIds: [shown.id, kept.id] },
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json().status).toBe('awaiting-consent');
    for (const id of [shown.id, kept.id])
      expect((await get(otherReporter, shareFileUrl(share.id, id))).statusCode).toBe(404);
    const again = (await get(g.analyst, `/api/v1/shares/${share.id}`)).json() as Share;
    expect((await decide(again.consents?.[0]?.id as string)).statusCode).toBe(200);
    expect((await get(otherReporter, shareFileUrl(share.id, kept.id))).statusCode).toBe(200);

    // Withdrawn, the share carries nothing any more to its former recipients.
    const withdrawn = await t.request(g.ministryOfficer, {
      method: 'POST',
      url: `/api/v1/shares/${share.id}/withdraw`,
      payload: {},
    });
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    for (const id of [shown.id, kept.id])
      expect((await get(otherReporter, shareFileUrl(share.id, id))).statusCode).toBe(404);
  });

  it('a share carries only attachments of its own sources', async () => {
    const source = await t.fileIncident(g.ministryReporter, { title: '共有する報告' });
    const elsewhere = await t.fileIncident(g.ministryReporter, { title: '共有しない報告' });
    const foreign = await attach(g.ministryReporter, elsewhere.id, 'other-incident.log');
    const before = await t.count('shares');
    const carried = await t.count('share_attachments');
    for (const ids of [[foreign.id], ['not-an-attachment']]) {
      const res = await draft(ids, [source.id]);
      expect(res.statusCode).toBe(422);
      expect(res.json()).toMatchObject({ code: 'shares.unknown_attachment', attachmentIds: ids });
    }
    // The center's own advisory has no sources, and so no attachments.
    const advisory = await draft([foreign.id], []);
    expect(advisory.json().code).toBe('shares.unknown_attachment');
    expect(await t.count('shares')).toBe(before);
    expect(await t.count('share_attachments')).toBe(carried);
  });
});
