import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { policiesReads } from '../../src/features/policies/policies.reads.js';
import { sweepPolicyRequestReminders } from '../../src/features/policies/policies.reminders.js';
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
import { type SmtpReceiver, startSmtpReceiver } from '../support/smtp.js';
import { expectProblem } from './helpers.js';

// The policy clause register end to end: recording with validated text, the excerpt (a PDF only, size-limited,
// hashed, never served inline), confirmation on the revision read and supersession with history; a ministry's
// requests to its agencies, answered with a confirmed record, reminded and escalated over real SMTP as the
// injected clock moves (each once); the coverage per fiscal year, and the read published for the annual report.

const MAX = 4096;

describe.each(DIALECTS)('the policy clause register on %s', (dialect) => {
  let t: TestApp;
  let smtp: SmtpReceiver;
  let ministry: TestOrg;
  let a1: TestOrg;
  let a2: TestOrg;
  let ministryOfficer: TestUser;
  let officer1: TestUser;
  let officer2: TestUser;
  let coordinator: TestUser;

  beforeAll(async () => {
    smtp = await startSmtpReceiver();
    t = await startTestApp(dialect, {
      config: { smtpUrl: smtp.url, policyExcerptMaxBytes: MAX, policyRequestReminderDays: 3 },
    });
    const center = await t.org('center');
    coordinator = await t.user(center, 'center-coordinator');
    ministry = await t.org('ministry');
    a1 = await t.org('agency', { parent: ministry });
    a2 = await t.org('agency', { parent: ministry });
    ministryOfficer = await t.user(ministry, 'security-officer');
    officer1 = await t.user(a1, 'security-officer');
    officer2 = await t.user(a2, 'security-officer');
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  const mailsTo = async (u: TestUser) => {
    await t.services.outbox.deliverDue(500);
    return smtp.receipts.filter((r) => r.to.includes(u.email));
  };

  it('records a clause as NFC text and refuses invisible, bidirectional and impossible input, storing nothing', async () => {
    const url = `/api/v1/orgs/${a1.slug}/policy-clauses`;
    const good = {
      documentName: '情報セキュリティポリシー',
      documentVersion: '第1版',
      inForceOn: '2026-04-01',
      clauseText: 'インシデントは速やかに報告する（か\u3099）',
    };
    const before = await t.count('policy_clauses');
    for (const [payload, code] of [
      [{ ...good, clauseText: '報告\u200bする' }, 'text.invisible_characters'],
      [{ ...good, documentName: 'ポリシー\u202e' }, 'text.invisible_characters'],
      [{ ...good, inForceOn: '2026-02-30' }, 'policies.invalid_date'],
      [{ ...good, clauseText: 'x'.repeat(4001) }, 'request.invalid'],
    ] as const) {
      const res = await t.request(officer1, { method: 'POST', url, payload });
      expect(res.statusCode, res.body).toBe(400);
      if (code !== 'request.invalid') expectProblem(res, 400, code);
    }
    expect(await t.count('policy_clauses')).toBe(before);
    const res = await t.request(officer1, { method: 'POST', url, payload: good });
    expect(res.statusCode, res.body).toBe(201);
    const c = res.json() as ClauseOut;
    expect(c).toMatchObject({ status: 'recorded', revision: 1, excerpt: null });
    expect(c.clauseText).toBe('インシデントは速やかに報告する（が）');
  });

  it('keeps a PDF excerpt with its SHA-256, refuses anything else, and serves it only as a download', async () => {
    const c = await recordClause(t, officer1, '第2版');
    expectProblem(
      await putExcerpt(t, officer1, c.id, 1, TINY_PDF, 'text/html'),
      415,
      'policies.not_pdf_type',
    );
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), TINY_PDF]);
    expectProblem(await putExcerpt(t, officer1, c.id, 1, bom), 400, 'policies.not_pdf');
    const html = Buffer.from('<html><script>alert(1)</script></html>\n%PDF-1.4\n%%EOF\n');
    expectProblem(await putExcerpt(t, officer1, c.id, 1, html), 400, 'policies.not_pdf');
    expectProblem(await putExcerpt(t, officer1, c.id, 1, Buffer.alloc(0)), 400, 'policies.excerpt_empty');
    const big = Buffer.concat([TINY_PDF, Buffer.alloc(MAX)]);
    expectProblem(await putExcerpt(t, officer1, c.id, 1, big), 413, 'policies.excerpt_too_large');
    expectProblem(await putExcerpt(t, officer1, c.id, 7), 409, 'policies.stale');
    const up = await putExcerpt(t, officer1, c.id, 1);
    expect(up.statusCode, up.body).toBe(200);
    const withFile = up.json() as ClauseOut;
    const { createHash } = await import('node:crypto');
    expect(withFile.excerpt).toMatchObject({
      name: '抜粋.pdf',
      size: TINY_PDF.length,
      sha256: createHash('sha256').update(TINY_PDF).digest('hex'),
    });
    expect(withFile.revision).toBe(2);
    const down = await t.request(officer1, { method: 'GET', url: withFile.excerpt?.href ?? '' });
    expect(down.statusCode).toBe(200);
    expect(down.rawPayload.equals(TINY_PDF)).toBe(true);
    expect(down.headers['content-type']).toBe('application/octet-stream');
    expect(String(down.headers['content-disposition'])).toMatch(/^attachment;/);
    expect(down.headers['x-content-type-options']).toBe('nosniff');
    expect(down.headers['content-security-policy']).toBe("sandbox; default-src 'none'");
  });

  it('confirms on the revision read; a replay is refused; a later confirmation supersedes and history stays', async () => {
    const first = await confirmedClause(t, officer2, '第1版');
    expect(first.status).toBe('confirmed');
    expectProblem(await confirm(t, officer2, first.id, 1), 409, 'policies.not_recorded');
    const second = await recordClause(t, officer2, '第2版');
    expectProblem(await confirm(t, officer2, second.id, 5), 409, 'policies.stale');
    expectProblem(await putExcerpt(t, officer2, first.id, first.revision), 409, 'policies.not_recorded');
    const ok = await confirm(t, officer2, second.id, second.revision);
    expect(ok.statusCode, ok.body).toBe(200);
    const register = await t.request(ministryOfficer, {
      method: 'GET',
      url: `/api/v1/orgs/${a2.slug}/policy-clauses`,
    });
    expect(register.statusCode).toBe(200);
    const items = register.json().items as ClauseOut[];
    expect(items.map((i) => [i.documentVersion, i.status])).toEqual([
      ['第2版', 'confirmed'],
      ['第1版', 'superseded'],
    ]);
    expect(items[1]?.supersededBy).toBe(second.id);
    expect(register.json().mayRecord).toBe(false);
  });

  it('sends requests to the ministry’s agencies, takes answers with a confirmed record, reminds and escalates once', async () => {
    const past = await t.request(ministryOfficer, {
      method: 'POST',
      url: '/api/v1/policy-requests',
      payload: { dueDate: '2026-11-24' },
    });
    expectProblem(past, 400, 'policies.due_in_past');
    expectProblem(
      await t.request(ministryOfficer, {
        method: 'POST',
        url: '/api/v1/policy-requests',
        payload: { dueDate: '2026-12-10', asksClause: false, asksContactStructure: false },
      }),
      400,
      'policies.nothing_asked',
    );
    const sent = await sendRequest(t, ministryOfficer, { dueDate: '2026-12-10' });
    expect(sent.targets.map((x) => x.org.slug).sort()).toEqual([a1.slug, a2.slug].sort());
    expect(sent.dueAt).toBe('2026-12-10T15:00:00.000Z');
    expect((await mailsTo(officer1)).length).toBe(1);

    // a2 answers with its confirmed record and its contact structure; a1 says nothing.
    const mine = (await t.request(officer2, { method: 'GET', url: `/api/v1/orgs/${a2.slug}/policy-clauses` }))
      .json()
      .items.find((i: ClauseOut) => i.status === 'confirmed') as ClauseOut;
    const answer = await t.request(officer2, {
      method: 'POST',
      url: `/api/v1/policy-requests/${sent.id}/answer`,
      payload: { clauseId: mine.id, contactStructureConfirmed: true },
    });
    expect(answer.statusCode, answer.body).toBe(200);
    expect(answer.json().targets).toEqual([
      expect.objectContaining({ status: 'answered', clauseId: mine.id }),
    ]);

    // Three days before the due date: a1 is reminded, once.
    t.clock.set('2026-12-07T15:00:00.000Z');
    expect(await sweepPolicyRequestReminders(t.handle, t.services.policyDeps)).toBe(1);
    expect(await sweepPolicyRequestReminders(t.handle, t.services.policyDeps)).toBe(0);
    const reminders = await mailsTo(officer1);
    expect(reminders.length).toBe(2);
    expect((await mailsTo(officer2)).length).toBe(1);

    // Past the due time: a1 and the ministry hear of it, once.
    const ministryBefore = (await mailsTo(ministryOfficer)).length;
    t.clock.set('2026-12-10T15:00:00.000Z');
    expect(await sweepPolicyRequestReminders(t.handle, t.services.policyDeps)).toBe(1);
    expect(await sweepPolicyRequestReminders(t.handle, t.services.policyDeps)).toBe(0);
    expect((await mailsTo(officer1)).length).toBe(3);
    expect((await mailsTo(ministryOfficer)).length).toBe(ministryBefore + 1);
    const read = await t.request(ministryOfficer, {
      method: 'GET',
      url: `/api/v1/policy-requests/${sent.id}`,
    });
    const statuses = Object.fromEntries(
      (read.json().targets as { org: { slug: string }; status: string }[]).map((x) => [x.org.slug, x.status]),
    );
    expect(statuses).toEqual({ [a1.slug]: 'overdue', [a2.slug]: 'answered' });

    const closed = await t.request(ministryOfficer, {
      method: 'POST',
      url: `/api/v1/policy-requests/${sent.id}/close`,
    });
    expect(closed.statusCode, closed.body).toBe(200);
    expectProblem(
      await t.request(ministryOfficer, { method: 'POST', url: `/api/v1/policy-requests/${sent.id}/close` }),
      409,
      'policies.request_closed',
    );
    expectProblem(
      await t.request(officer1, {
        method: 'POST',
        url: `/api/v1/policy-requests/${sent.id}/answer`,
        payload: { contactStructureConfirmed: true },
      }),
      409,
      'policies.request_closed',
    );
  });

  it('lets the center ask the ministries government-wide, never an agency directly', async () => {
    const sent = await sendRequest(t, coordinator, { dueDate: '2026-12-24', asksClause: false });
    expect(sent.targets.map((x) => x.org.slug)).toContain(ministry.slug);
    expect(sent.targets.map((x) => x.org.slug)).not.toContain(a1.slug);
    expectProblem(
      await t.request(coordinator, {
        method: 'POST',
        url: '/api/v1/policy-requests',
        payload: { dueDate: '2026-12-24', bodies: [a1.slug] },
      }),
      404,
      'orgs.not_found',
    );
    const answered = await t.request(ministryOfficer, {
      method: 'POST',
      url: `/api/v1/policy-requests/${sent.id}/answer`,
      payload: { contactStructureConfirmed: true },
    });
    expect(answered.statusCode, answered.body).toBe(200);
    expect(answered.json().targets).toEqual([expect.objectContaining({ status: 'answered' })]);
  });

  it('counts coverage per fiscal year for whom the caller sees, and publishes it for the annual report', async () => {
    const get = (u: TestUser, q = '') => t.request(u, { method: 'GET', url: `/api/v1/policy-coverage${q}` });
    const ministryView = await get(ministryOfficer);
    expect(ministryView.statusCode, ministryView.body).toBe(200);
    const rows = ministryView.json().items as {
      org: { slug: string; parentSlug: string | null };
      clause: { documentVersion: string } | null;
      contactStructureConfirmedAt: string | null;
    }[];
    expect(rows.map((r) => r.org.slug).sort()).toEqual([ministry.slug, a1.slug, a2.slug].sort());
    const bySlug = Object.fromEntries(rows.map((r) => [r.org.slug, r]));
    expect(bySlug[a2.slug]?.clause?.documentVersion).toBe('第2版');
    expect(bySlug[a2.slug]?.contactStructureConfirmedAt).not.toBeNull();
    expect(bySlug[a1.slug]?.clause).toBeNull();
    expect(bySlug[a1.slug]?.org.parentSlug).toBe(ministry.slug);
    expect(ministryView.json().fiscalYear).toBe(2026);

    const agencyView = (await get(officer1)).json().items as { org: { slug: string } }[];
    expect(agencyView.map((r) => r.org.slug)).toEqual([a1.slug]);
    const centerView = (await get(coordinator)).json().items as { org: { slug: string } }[];
    expect(centerView.map((r) => r.org.slug)).toEqual(
      expect.arrayContaining([ministry.slug, a1.slug, a2.slug]),
    );
    expectProblem(await get(coordinator, '?fiscalYear=2027'), 400, 'policies.future_fiscal_year');
    const earlier = (await get(coordinator, '?fiscalYear=2025')).json().items as { clause: unknown }[];
    expect(earlier.every((r) => r.clause === null)).toBe(true);

    const read = await policiesReads.coverage(t.handle.db, 2026, [a1.id, a2.id]);
    expect(read.get(a2.id)?.clauseConfirmedAt).toBeInstanceOf(Date);
    expect(read.get(a1.id)).toEqual({ clauseConfirmedAt: null, contactStructureConfirmedAt: null });
    expect((await policiesReads.coverage(t.handle.db, 2026, [])).size).toBe(0);
    expect((await policiesReads.coverage(t.handle.db, 2026, null)).has(a2.id)).toBe(true);
    expect(
      (await policiesReads.coverage(t.handle.db, 2025, [a2.id])).get(a2.id)?.clauseConfirmedAt,
    ).toBeNull();
  });
});
