import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem } from '../api/helpers.js';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestOrg, type TestUser } from '../support/harness.js';
import {
  type ClauseOut,
  confirm,
  confirmedClause,
  putExcerpt,
  recordClause,
  sendRequest,
  TINY_PDF,
} from '../support/policies.js';

// Who sees and changes a body's policy clause register and its requests. A body's records and their excerpts are
// read by the body, its supervising ministry, the center, administrators and auditors; anyone else is answered
// exactly as for a missing one, byte for byte. Only the body's own security officer records and confirms; a
// ministry asks its own agencies only; an agency answers with its own confirmed record only. Every refusal changes
// nothing.

const MISSING = '01900000-0000-7000-8000-000000000000';

describe.each(DIALECTS)('who may see and change the policy register on %s', (dialect) => {
  let t: TestApp;
  let ministry: TestOrg;
  let agency: TestOrg;
  let sibling: TestOrg;
  let otherAgency: TestOrg;
  let officer: TestUser;
  let reporter: TestUser;
  let siblingOfficer: TestUser;
  let ministryOfficer: TestUser;
  let otherMinistryOfficer: TestUser;
  let otherAgencyOfficer: TestUser;
  let analyst: TestUser;
  let admin: TestUser;
  let auditor: TestUser;
  let clause: ClauseOut;

  const get = (u: TestUser, url: string) => t.request(u, { method: 'GET', url });
  const post = (u: TestUser, url: string, payload: Record<string, unknown> = {}) =>
    t.request(u, { method: 'POST', url, payload });
  const rows = async () => ({
    clauses: await t.count('policy_clauses'),
    requests: await t.count('policy_requests'),
    targets: await t.count('policy_request_targets'),
    audit: await t.count('audit_log'),
    outbox: await t.count('outbox'),
  });
  const unchanged = async (fn: () => Promise<void>) => {
    const before = await rows();
    const record = (await get(officer, `/api/v1/policy-clauses/${clause.id}`)).body;
    await fn();
    expect(await rows()).toEqual(before);
    expect((await get(officer, `/api/v1/policy-clauses/${clause.id}`)).body).toBe(record);
  };

  beforeAll(async () => {
    t = await startTestApp(dialect);
    const center = await t.org('center');
    ministry = await t.org('ministry');
    agency = await t.org('agency', { parent: ministry });
    sibling = await t.org('agency', { parent: ministry });
    const otherMinistry = await t.org('ministry');
    otherAgency = await t.org('agency', { parent: otherMinistry });
    officer = await t.user(agency, 'security-officer');
    reporter = await t.user(agency, 'reporter');
    siblingOfficer = await t.user(sibling, 'security-officer');
    ministryOfficer = await t.user(ministry, 'security-officer');
    otherMinistryOfficer = await t.user(otherMinistry, 'security-officer');
    otherAgencyOfficer = await t.user(otherAgency, 'security-officer');
    analyst = await t.user(center, 'center-analyst');
    admin = await t.user(center, 'admin');
    auditor = await t.user(center, 'auditor');
    const recorded = await recordClause(t, officer);
    const up = await putExcerpt(t, officer, recorded.id, recorded.revision);
    expect(up.statusCode, up.body).toBe(200);
    clause = up.json() as ClauseOut;
  });
  afterAll(async () => t?.close());

  it('shows the record, its excerpt and the register to the body, its ministry, the center, admins and auditors', async () => {
    for (const u of [officer, reporter, ministryOfficer, analyst, admin, auditor]) {
      expect((await get(u, `/api/v1/policy-clauses/${clause.id}`)).statusCode, u.email).toBe(200);
      const file = await get(u, `/api/v1/policy-clauses/${clause.id}/excerpt`);
      expect(file.statusCode, u.email).toBe(200);
      expect(file.rawPayload.equals(TINY_PDF)).toBe(true);
      expect(file.headers['content-disposition']).toMatch(/^attachment/);
      expect((await get(u, `/api/v1/orgs/${agency.slug}/policy-clauses`)).statusCode, u.email).toBe(200);
    }
  });

  it('answers a sibling agency, another ministry and its agency exactly as for a missing record or body', async () => {
    const missing = await get(siblingOfficer, `/api/v1/policy-clauses/${MISSING}`);
    const missingFile = await get(siblingOfficer, `/api/v1/policy-clauses/${MISSING}/excerpt`);
    const unknownBody = await get(siblingOfficer, '/api/v1/orgs/no-such-body/policy-clauses');
    expectProblem(missing, 404, 'policies.clause_not_found');
    expectProblem(unknownBody, 404, 'orgs.not_found');
    await unchanged(async () => {
      for (const u of [siblingOfficer, otherMinistryOfficer, otherAgencyOfficer]) {
        expect((await get(u, `/api/v1/policy-clauses/${clause.id}`)).body, u.email).toBe(missing.body);
        expect((await get(u, `/api/v1/policy-clauses/${clause.id}/excerpt`)).body, u.email).toBe(
          missingFile.body,
        );
        expect((await get(u, `/api/v1/orgs/${agency.slug}/policy-clauses`)).body, u.email).toBe(
          unknownBody.body,
        );
        expect((await confirm(t, u, clause.id, clause.revision)).body, u.email).toBe(missing.body);
        expect((await putExcerpt(t, u, clause.id, clause.revision)).body, u.email).toBe(missing.body);
      }
      // An agency reads its own coverage only, never its ministry's other agencies'.
      const coverage = (await get(siblingOfficer, '/api/v1/policy-coverage')).json().items as {
        org: { slug: string };
      }[];
      expect(coverage.map((r) => r.org.slug)).toEqual([sibling.slug]);
    });
  });

  it('lets only the body’s own security officer record and confirm: not its reporter, its ministry, an admin or an auditor', async () => {
    await unchanged(async () => {
      for (const u of [reporter, ministryOfficer, analyst, admin, auditor]) {
        expectProblem(await confirm(t, u, clause.id, clause.revision), 403, 'auth.forbidden');
        expectProblem(await putExcerpt(t, u, clause.id, clause.revision), 403, 'auth.forbidden');
        const rec = await post(u, `/api/v1/orgs/${agency.slug}/policy-clauses`, {
          documentName: 'なりすまし',
          documentVersion: '1',
          inForceOn: '2026-04-01',
          clauseText: '代理で記載',
        });
        expectProblem(rec, 403, 'auth.forbidden');
        // Sending requests is a ministry's (to its agencies) or the center's coordinators' (to ministries).
        if (u !== ministryOfficer)
          expectProblem(
            await post(u, '/api/v1/policy-requests', { dueDate: '2026-12-20', bodies: [agency.slug] }),
            403,
            'auth.forbidden',
          );
      }
    });
  });

  it('answers zero-width and full-width variants of ids and slugs as missing, and changes nothing', async () => {
    const missing = (await get(officer, `/api/v1/policy-clauses/${MISSING}`)).body;
    const unknownBody = (await get(officer, '/api/v1/orgs/no-such-body/policy-clauses')).body;
    const fullWidth = (s: string) =>
      s.replace(/[0-9a-z-]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    await unchanged(async () => {
      for (const id of [
        `${clause.id}\u200b`,
        `\u200b${clause.id}`,
        fullWidth(clause.id),
        clause.id.toUpperCase(),
      ]) {
        const res = await get(officer, `/api/v1/policy-clauses/${encodeURIComponent(id)}`);
        expect(res.body, id).toBe(missing);
        expect((await confirm(t, officer, encodeURIComponent(id), clause.revision)).body).toBe(missing);
      }
      for (const slug of [`${agency.slug}\u200b`, fullWidth(agency.slug)]) {
        const res = await get(officer, `/api/v1/orgs/${encodeURIComponent(slug)}/policy-clauses`);
        expect(res.statusCode, slug).toBe(404);
        expect(res.body).toBe(unknownBody);
      }
    });
  });

  it('refuses a PDF after a byte order mark and an HTML polyglot, storing nothing', async () => {
    await unchanged(async () => {
      const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), TINY_PDF]);
      expectProblem(await putExcerpt(t, officer, clause.id, clause.revision, bom), 400, 'policies.not_pdf');
      const polyglot = Buffer.from(
        `<!doctype html><html><body><script>alert(1)</script>${TINY_PDF}</body></html>`,
      );
      expectProblem(
        await putExcerpt(t, officer, clause.id, clause.revision, polyglot),
        400,
        'policies.not_pdf',
      );
      expectProblem(
        await putExcerpt(t, officer, clause.id, clause.revision, TINY_PDF, 'text/html'),
        415,
        'policies.not_pdf_type',
      );
    });
  });

  it('lets one of two racing confirmations win, answers the other and a replay 409', async () => {
    const [a, b] = await Promise.all([
      confirm(t, officer, clause.id, clause.revision),
      confirm(t, officer, clause.id, clause.revision),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const confirmed = (a.statusCode === 200 ? a : b).json() as ClauseOut;
    expect(confirmed.status).toBe('confirmed');
    expect(await t.count('audit_log')).toBeGreaterThan(0);
    const before = await rows();
    expectProblem(await confirm(t, officer, clause.id, clause.revision), 409, 'policies.not_recorded');
    expectProblem(await confirm(t, officer, clause.id, confirmed.revision), 409, 'policies.not_recorded');
    expect(await rows()).toEqual(before);
    clause = confirmed;
  });

  it('lets a ministry ask only its own agencies, and an agency answer only with its own confirmed record', async () => {
    const unknown = await post(ministryOfficer, '/api/v1/policy-requests', {
      dueDate: '2026-12-20',
      bodies: ['no-such-body'],
    });
    expectProblem(unknown, 404, 'orgs.not_found');
    await unchanged(async () => {
      const foreign = await post(ministryOfficer, '/api/v1/policy-requests', {
        dueDate: '2026-12-20',
        bodies: [agency.slug, otherAgency.slug],
      });
      expect(foreign.body).toBe(unknown.body);
      const ministryAsked = await post(ministryOfficer, '/api/v1/policy-requests', {
        dueDate: '2026-12-20',
        bodies: [ministry.slug],
      });
      expect(ministryAsked.body).toBe(unknown.body);
    });

    const request = await sendRequest(t, ministryOfficer, { dueDate: '2026-12-20' });
    const siblingClause = await confirmedClause(t, siblingOfficer);
    // Each asked agency sees its own part only.
    const seen = (await get(officer, `/api/v1/policy-requests/${request.id}`)).json().targets as {
      org: { slug: string };
    }[];
    expect(seen.map((x) => x.org.slug)).toEqual([agency.slug]);
    const missingRequest = await get(otherAgencyOfficer, `/api/v1/policy-requests/${MISSING}`);
    expect((await get(otherAgencyOfficer, `/api/v1/policy-requests/${request.id}`)).body).toBe(
      missingRequest.body,
    );

    const url = `/api/v1/policy-requests/${request.id}/answer`;
    const missingClause = await post(officer, url, { clauseId: MISSING });
    expectProblem(missingClause, 404, 'policies.clause_not_found');
    await unchanged(async () => {
      expect((await post(officer, url, { clauseId: siblingClause.id })).body).toBe(missingClause.body);
      expectProblem(await post(reporter, url, { clauseId: clause.id }), 403, 'auth.forbidden');
      expectProblem(await post(admin, url, { clauseId: clause.id }), 403, 'auth.forbidden');
      expectProblem(await post(ministryOfficer, url, { clauseId: clause.id }), 403, 'auth.forbidden');
      expect((await post(otherAgencyOfficer, url, { clauseId: clause.id })).body).toBe(missingRequest.body);
    });
    const answered = await post(officer, url, { clauseId: clause.id });
    expect(answered.statusCode, answered.body).toBe(200);
    const before = await rows();
    expectProblem(await post(officer, url, { clauseId: clause.id }), 409, 'policies.already_answered');
    expect(await rows()).toEqual(before);
    const all = (await get(analyst, `/api/v1/policy-requests/${request.id}`)).json().targets as unknown[];
    expect(all.length).toBe(2);
    const auditorView = await get(auditor, '/api/v1/policy-coverage');
    expect(auditorView.statusCode).toBe(200);
  });

  it('a record is revised by its own officer only, as a new record to confirm again; replayed, racing and foreign edits change nothing', async () => {
    const inForce = await confirmedClause(t, officer, '第5版');
    const url = (id: string) => `/api/v1/policy-clauses/${id}/revisions`;
    const edit = (revision: number, version = '第6版') => ({
      revision,
      documentName: '情報セキュリティポリシー',
      documentVersion: version,
      inForceOn: '2026-10-01',
      clauseText: 'サイバー攻撃を受けた場合は、直ちに所管府省庁に報告する。',
    });
    // Those who may not see the record: answered as for a missing one, byte for byte; nothing written.
    const missing = await post(siblingOfficer, url(MISSING), edit(inForce.revision));
    expectProblem(missing, 404, 'policies.clause_not_found');
    const before = await rows();
    for (const u of [siblingOfficer, otherMinistryOfficer, otherAgencyOfficer]) {
      const res = await post(u, url(inForce.id), edit(inForce.revision));
      expect(res.statusCode, u.email).toBe(404);
      expect(res.body).toBe(missing.body);
    }
    // Those who read it but do not record for the body (its ministry, a reporter, the center, admin, auditor).
    for (const u of [reporter, ministryOfficer, analyst, admin, auditor])
      expect((await post(u, url(inForce.id), edit(inForce.revision))).statusCode, u.email).toBe(403);
    // Bad input: zero-width-only text, a date that is no day, a stale revision.
    expect(
      (await post(officer, url(inForce.id), { ...edit(inForce.revision), clauseText: '\u200b\u200b' }))
        .statusCode,
    ).toBe(400);
    expect(
      (await post(officer, url(inForce.id), { ...edit(inForce.revision), inForceOn: '2026-02-30' }))
        .statusCode,
    ).toBe(400);
    expectProblem(await post(officer, url(inForce.id), edit(inForce.revision + 1)), 409, 'policies.stale');
    expect(await rows()).toEqual(before);

    // Two edits on the same revision at once: one new record, the other stale.
    const raced = await Promise.all([
      post(officer, url(inForce.id), edit(inForce.revision, '第6版')),
      post(officer, url(inForce.id), edit(inForce.revision, '第7版')),
    ]);
    expect(raced.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    const revised = (raced.find((r) => r.statusCode === 201) as { json: () => ClauseOut }).json();
    expect(revised).toMatchObject({ status: 'recorded', confirmedAt: null, excerpt: null });
    expect(await t.count('policy_clauses')).toBe(before.clauses + 1);
    // Replayed: stale, nothing more.
    expectProblem(await post(officer, url(inForce.id), edit(inForce.revision)), 409, 'policies.stale');
    // The confirmed one stays in force until the new one is confirmed, which supersedes it (history kept).
    const old = (await get(officer, `/api/v1/policy-clauses/${inForce.id}`)).json() as ClauseOut;
    expect(old).toMatchObject({ status: 'confirmed', supersededBy: null, revision: inForce.revision + 1 });
    expect((await confirm(t, officer, revised.id, revised.revision)).statusCode).toBe(200);
    expect((await get(officer, `/api/v1/policy-clauses/${inForce.id}`)).json()).toMatchObject({
      status: 'superseded',
      supersededBy: revised.id,
    });
    // A record not yet confirmed, revised: superseded by the new one at once; a superseded one is not revised.
    const confirmedNow = (await get(officer, `/api/v1/policy-clauses/${revised.id}`)).json() as ClauseOut;
    const again = (
      await post(officer, url(revised.id), edit(confirmedNow.revision, '第8版'))
    ).json() as ClauseOut;
    const third = await post(officer, url(again.id), edit(again.revision, '第9版'));
    expect(third.statusCode, third.body).toBe(201);
    expect((await get(officer, `/api/v1/policy-clauses/${again.id}`)).json()).toMatchObject({
      status: 'superseded',
      supersededBy: (third.json() as ClauseOut).id,
    });
    expectProblem(await post(officer, url(again.id), edit(again.revision + 1)), 409, 'policies.not_recorded');
    const audit = await t.handle.db
      .selectFrom('audit_log')
      .select(['subject_id', 'detail'])
      .where('action', '=', 'policy_clause.revise')
      .execute();
    expect(audit.map((a) => a.subject_id).sort()).toEqual(
      [revised.id, again.id, (third.json() as ClauseOut).id].sort(),
    );
  });
});
