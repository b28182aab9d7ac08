import { type ParsedMail, simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContactInput } from '../../src/features/contacts/contacts.schemas.js';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestOrg, type TestUser } from '../support/harness.js';
import { type SmtpReceiver, startSmtpReceiver } from '../support/smtp.js';
import { expectProblem } from './helpers.js';

// Communication checks (連絡訓練) end to end: a test message to every duty contact by e-mail over real SMTP
// (and in the app to linked users), acknowledged through a one-time link (GET shows, POST acknowledges, once)
// or in the app; the time to acknowledge measured with the injected clock; who sees which body's result.

const PUBLIC = 'https://renraku.example.go.jp';

interface CheckBody {
  org: { slug: string };
  reached: { name: string | null; role: string | null; channels: string[] }[];
  sentAt: string;
  acknowledgedAt: string | null;
  acknowledgedVia: string | null;
  secondsToAcknowledge: number | null;
}
interface Check {
  id: string;
  fiscalYear: number;
  summary: {
    bodies: number;
    acknowledged: number;
    unanswered: number;
    medianSeconds: number | null;
    slowest: { org: { slug: string }; seconds: number } | null;
  };
  bodies: CheckBody[];
}

describe.each(DIALECTS)('communication checks on %s', (dialect) => {
  let t: TestApp;
  let smtp: SmtpReceiver;
  let coordinator: TestUser;
  let analyst: TestUser;

  beforeAll(async () => {
    smtp = await startSmtpReceiver();
    t = await startTestApp(dialect, { config: { smtpUrl: smtp.url, publicUrl: PUBLIC } });
    const center = await t.org('center');
    coordinator = await t.user(center, 'center-coordinator');
    analyst = await t.user(center, 'center-analyst');
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  const contact = (org: TestOrg, input: ContactInput) => t.contact(org, input);

  /**
   * a1 has two duty officers, one of them a Renraku user; a2 has no duty officer (its first contact is reached);
   * a3 has no contact at all; b1 belongs to another ministry.
   */
  async function world() {
    const ministry = await t.org('ministry');
    const a1 = await t.org('agency', { parent: ministry });
    const a2 = await t.org('agency', { parent: ministry });
    const a3 = await t.org('agency', { parent: ministry });
    const other = await t.org('ministry');
    const b1 = await t.org('agency', { parent: other });
    const a1Duty = await t.user(a1, 'reporter');
    await contact(a1, { name: '当番 利用者', role: 'duty-officer', email: a1Duty.email });
    await contact(a1, {
      name: '当番 2',
      role: 'duty-officer',
      email: `duty2@${a1.slug}.example.jp`,
      locale: 'en',
    });
    await contact(a1, { name: '責任者', role: 'csirt-lead', email: `lead@${a1.slug}.example.jp` });
    await contact(a2, { name: '副担当', role: 'deputy', email: `deputy@${a2.slug}.example.jp` });
    await contact(a2, { name: '責任者', role: 'csirt-lead', email: `lead@${a2.slug}.example.jp` });
    await contact(b1, { name: '当番', role: 'duty-officer', email: `duty@${b1.slug}.example.jp` });
    return {
      ministry,
      a1,
      a2,
      a3,
      other,
      b1,
      a1Duty,
      a1Officer: await t.user(a1, 'security-officer'),
      a2Officer: await t.user(a2, 'security-officer'),
      ministryOfficer: await t.user(ministry, 'security-officer'),
      otherOfficer: await t.user(other, 'security-officer'),
    };
  }

  const start = (u: TestUser, payload: Record<string, unknown>) =>
    t.request(u, { method: 'POST', url: '/api/v1/communication-checks', payload });
  async function view(u: TestUser, id: string): Promise<Check> {
    const res = await t.request(u, { method: 'GET', url: `/api/v1/communication-checks/${id}` });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Check;
  }
  const slugs = (c: Check) => c.bodies.map((b) => b.org.slug).sort();
  const bodyOf = (c: Check, org: TestOrg) => c.bodies.find((b) => b.org.slug === org.slug) as CheckBody;

  async function mailTo(address: string, from: number): Promise<ParsedMail[]> {
    await t.services.outbox.deliverDue(500);
    const raw = smtp.receipts.slice(from).filter((r) => r.to.includes(address));
    return Promise.all(raw.map((r) => simpleParser(r.raw)));
  }
  const tokenOf = (mail: ParsedMail | undefined) => {
    const m = /\/api\/v1\/communication-checks\/ack\/([A-Za-z0-9_-]+)/.exec(mail?.text ?? '');
    if (!m?.[1]) throw new Error('no acknowledgment link');
    return m[1];
  };

  it('reaches every duty contact, is acknowledged once by link or in the app, and measures the time', async () => {
    const w = await world();
    await t.services.outbox.deliverDue(500);
    const mark = smtp.receipts.length;
    const res = await start(coordinator, {
      name: '第1回 連絡訓練',
      bodies: [w.a1.slug, w.a2.slug, w.a3.slug],
    });
    expect(res.statusCode, res.body).toBe(201);
    const created = res.json() as Check;
    expect(slugs(created)).toEqual([w.a1.slug, w.a2.slug, w.a3.slug].sort());
    expect(bodyOf(created, w.a1).reached).toEqual([
      { name: '当番 利用者', role: 'duty-officer', channels: ['email', 'in-app'] },
      { name: '当番 2', role: 'duty-officer', channels: ['email'] },
    ]);
    expect(bodyOf(created, w.a2).reached).toEqual([{ name: '副担当', role: 'deputy', channels: ['email'] }]);
    expect(bodyOf(created, w.a3).reached).toEqual([]);

    // E-mail: each duty contact once, in its language, with its own one-time link; nobody else.
    const [ja] = await mailTo(w.a1Duty.email, mark);
    const [en] = await mailTo(`duty2@${w.a1.slug}.example.jp`, mark);
    const [deputy, ...more] = await mailTo(`deputy@${w.a2.slug}.example.jp`, mark);
    expect(more).toHaveLength(0);
    expect(ja?.subject).toContain('[TLP:CLEAR] 【Renraku】連絡訓練');
    expect(en?.subject).toContain('[Renraku] Communication check');
    expect(ja?.messageId).toMatch(/^<check\..+@renraku>$/);
    expect(tokenOf(ja)).not.toBe(tokenOf(en));
    expect(await mailTo(`lead@${w.a1.slug}.example.jp`, mark)).toHaveLength(0);
    expect(await mailTo(`lead@${w.a2.slug}.example.jp`, mark)).toHaveLength(0);
    // In the app: the linked user's live event.
    const events = await t.handle.db
      .selectFrom('events')
      .select(['reader_user_ids', 'payload'])
      .where('type', '=', 'communication_check.sent')
      .execute();
    expect(events.filter((e) => e.payload.includes(created.id)).map((e) => e.reader_user_ids)).toEqual([
      JSON.stringify([w.a1Duty.id]),
    ]);
    // The token is stored hashed.
    const token = tokenOf(deputy);
    const stored = await t.handle.db
      .selectFrom('communication_check_targets')
      .select('ack_token_hash')
      .where('check_id', '=', created.id)
      .execute();
    expect(stored.some((s) => s.ack_token_hash === token)).toBe(false);

    // 30 s later the linked user acknowledges in the app; a second time is refused.
    t.clock.advance(30_000);
    const ack = (u: TestUser) =>
      t.request(u, { method: 'POST', url: `/api/v1/communication-checks/${created.id}/acknowledge` });
    const received = async (u: TestUser) =>
      (
        (await t.request(u, { method: 'GET', url: '/api/v1/communication-checks/received' })).json() as {
          items: { checkId: string }[];
        }
      ).items.map((i) => i.checkId);
    // It waits in the app for whom it reached, and for nobody else.
    expect(await received(w.a1Duty)).toContain(created.id);
    expect(await received(w.a2Officer)).not.toContain(created.id);
    const inApp = await ack(w.a1Duty);
    expect(await received(w.a1Duty)).not.toContain(created.id);
    expect(inApp.statusCode, inApp.body).toBe(200);
    expect(inApp.json()).toMatchObject({ acknowledgedVia: 'app', secondsToAcknowledge: 30 });
    expectProblem(await ack(w.a1Duty), 409, 'communication_checks.already_acknowledged');
    expectProblem(await ack(w.a2Officer), 404, 'communication_checks.not_found');

    // The link: GET shows a form and acknowledges nothing (a mail scanner follows links)...
    t.clock.advance(60_000);
    const link = `/api/v1/communication-checks/ack/${token}`;
    const page = await t.app.inject({ method: 'GET', url: link });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.body).toContain('<form method="post">');
    expect(page.body).not.toMatch(/<script|<style|\sstyle=|\son\w+=/i);
    expect(bodyOf(await view(coordinator, created.id), w.a2).acknowledgedAt).toBeNull();
    // ... POST does, 90 s after sending; a second use is refused.
    const post = await t.app.inject({
      method: 'POST',
      url: link,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: '',
    });
    expect(post.statusCode, post.body).toBe(200);
    const again = await t.app.inject({
      method: 'POST',
      url: link,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: '',
    });
    expect(again.statusCode).toBe(410);
    expect((await t.app.inject({ method: 'GET', url: link })).statusCode).toBe(410);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/communication-checks/ack/rnkchk_nope' })).statusCode,
    ).toBe(404);

    const result = await view(coordinator, created.id);
    expect(bodyOf(result, w.a1)).toMatchObject({ acknowledgedVia: 'app', secondsToAcknowledge: 30 });
    expect(bodyOf(result, w.a2)).toMatchObject({ acknowledgedVia: 'link', secondsToAcknowledge: 90 });
    expect(bodyOf(result, w.a3)).toMatchObject({ acknowledgedAt: null, secondsToAcknowledge: null });
    expect(result.summary).toEqual({
      bodies: 3,
      acknowledged: 2,
      unanswered: 1,
      medianSeconds: 60,
      slowest: { org: expect.objectContaining({ slug: w.a2.slug }), seconds: 90 },
    });
    const audit = await t.handle.db
      .selectFrom('audit_log')
      .select('action')
      .where('subject_id', '=', created.id)
      .execute();
    const actions = audit.map((a) => a.action);
    expect(actions).toContain('communication_check.start');
    expect(actions.filter((a) => a === 'communication_check.acknowledge')).toHaveLength(2);

    // Kept as a result of its fiscal year.
    expect(result.fiscalYear).toBe(2026);
    const list = await t.request(coordinator, {
      method: 'GET',
      url: '/api/v1/communication-checks?fiscalYear=2026',
    });
    expect((list.json() as { items: Check[] }).items.map((i) => i.id)).toContain(created.id);
    const next = await t.request(coordinator, {
      method: 'GET',
      url: '/api/v1/communication-checks?fiscalYear=2027',
    });
    expect((next.json() as { items: Check[] }).items.map((i) => i.id)).not.toContain(created.id);
  });

  it('a ministry checks its agencies; each body sees its own result, its ministry its agencies', async () => {
    const w = await world();
    const res = await start(w.ministryOfficer, {});
    expect(res.statusCode, res.body).toBe(201);
    const c = res.json() as Check;
    expect(slugs(c)).toEqual([w.a1.slug, w.a2.slug, w.a3.slug].sort());
    expect(slugs(await view(w.a1Officer, c.id))).toEqual([w.a1.slug]);
    expect(slugs(await view(analyst, c.id))).toHaveLength(3);
    for (const u of [w.otherOfficer, w.a1Duty]) {
      const r = await t.request(u, { method: 'GET', url: `/api/v1/communication-checks/${c.id}` });
      expectProblem(r, 404, 'communication_checks.not_found');
    }
    const list = await t.request(w.otherOfficer, { method: 'GET', url: '/api/v1/communication-checks' });
    expect((list.json() as { items: Check[] }).items.map((i) => i.id)).not.toContain(c.id);

    expectProblem(await start(w.ministryOfficer, { bodies: [w.b1.slug] }), 404, 'orgs.not_found');
    expectProblem(await start(w.ministryOfficer, { agenciesOf: w.other.slug }), 404, 'orgs.not_found');
    for (const u of [analyst, w.a1Officer, w.a1Duty])
      expectProblem(await start(u, {}), 403, 'auth.forbidden');
    const center = await start(coordinator, { agenciesOf: w.other.slug });
    expect(slugs(center.json() as Check)).toEqual([w.b1.slug]);
  });
});
