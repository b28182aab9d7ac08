import { type ParsedMail, simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepCampaignReminders } from '../../src/features/campaigns/campaigns.reminders.js';
import type { ContactInput } from '../../src/features/contacts/contacts.schemas.js';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, T0, type TestApp, type TestOrg, type TestUser } from '../support/harness.js';
import { type SmtpReceiver, startSmtpReceiver } from '../support/smtp.js';
import { expectProblem } from './helpers.js';

// Verification campaigns end to end: who starts them, who sees which body's entry, confirmation through the
// contacts' verification or on the campaign, reminders by e-mail over real SMTP as the injected clock moves
// (each sent once), closing, and the fiscal year the campaign is counted in.

const PUBLIC = 'https://renraku.example.go.jp';

interface Entry {
  org: { slug: string };
  confirmed: boolean;
  confirmedAt: string | null;
  confirmedVia: string | null;
  late: boolean;
}
interface Campaign {
  id: string;
  status: string;
  fiscalYear: number;
  deadline: string;
  deadlineAt: string;
  counts: { bodies: number; confirmed: number; pending: number };
  pending: { slug: string }[];
  entries: Entry[];
}

describe.each(DIALECTS)('verification campaigns on %s', (dialect) => {
  let t: TestApp;
  let smtp: SmtpReceiver;
  let center: TestOrg;
  let coordinator: TestUser;
  let analyst: TestUser;

  beforeAll(async () => {
    smtp = await startSmtpReceiver();
    t = await startTestApp(dialect, { config: { smtpUrl: smtp.url, publicUrl: PUBLIC } });
    center = await t.org('center');
    coordinator = await t.user(center, 'center-coordinator');
    analyst = await t.user(center, 'center-analyst');
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  const contact = (org: TestOrg, input: ContactInput) => t.contact(org, input);

  /** A ministry with two agencies, another ministry with one, their officers and CSIRT leads. */
  async function world() {
    const ministry = await t.org('ministry');
    const a1 = await t.org('agency', { parent: ministry });
    const a2 = await t.org('agency', { parent: ministry });
    const other = await t.org('ministry');
    const b1 = await t.org('agency', { parent: other });
    for (const o of [ministry, a1, a2, other, b1])
      await contact(o, { name: 'CSIRT 責任者', role: 'csirt-lead', email: `lead@${o.slug}.example.jp` });
    return {
      ministry,
      a1,
      a2,
      other,
      b1,
      ministryOfficer: await t.user(ministry, 'security-officer'),
      otherOfficer: await t.user(other, 'security-officer'),
      a1Officer: await t.user(a1, 'security-officer'),
      a1Reporter: await t.user(a1, 'reporter'),
      a2Officer: await t.user(a2, 'security-officer'),
      b1Officer: await t.user(b1, 'security-officer'),
    };
  }

  async function start(u: TestUser, payload: Record<string, unknown>) {
    return t.request(u, { method: 'POST', url: '/api/v1/contact-campaigns', payload });
  }
  async function started(u: TestUser, payload: Record<string, unknown>): Promise<Campaign> {
    const res = await start(u, payload);
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as Campaign;
  }
  async function view(u: TestUser, id: string): Promise<Campaign> {
    const res = await t.request(u, { method: 'GET', url: `/api/v1/contact-campaigns/${id}` });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Campaign;
  }
  const slugs = (c: Campaign) => c.entries.map((e) => e.org.slug).sort();
  const entryOf = (c: Campaign, org: TestOrg) => c.entries.find((e) => e.org.slug === org.slug);

  async function mailTo(address: string, from = 0): Promise<ParsedMail[]> {
    await t.services.outbox.deliverDue(500);
    const raw = smtp.receipts.slice(from).filter((r) => r.to.includes(address));
    return Promise.all(raw.map((r) => simpleParser(r.raw)));
  }
  /** Sends what is queued; the number of messages received so far. */
  const delivered = async () => {
    await t.services.outbox.deliverDue(500);
    return smtp.receipts.length;
  };
  const sweep = () => sweepCampaignReminders(t.handle, t.services.campaignDeps);

  it('the center asks bodies, who are told by e-mail; only coordinators and ministries start campaigns', async () => {
    const w = await world();
    const mark = await delivered();
    const c = await started(coordinator, {
      name: '2026年度 連絡体制の確認',
      deadline: '2026-12-10',
      bodies: [w.ministry.slug, w.a1.slug, w.a2.slug],
    });
    expect(slugs(c)).toEqual([w.ministry.slug, w.a1.slug, w.a2.slug].sort());
    expect(c).toMatchObject({ status: 'open', deadline: '2026-12-10', fiscalYear: 2026 });
    // The end of 10 December in Tokyo.
    expect(c.deadlineAt).toBe('2026-12-10T15:00:00.000Z');
    expect(c.counts).toEqual({ bodies: 3, confirmed: 0, pending: 3 });

    const lead = await mailTo(`lead@${w.a1.slug}.example.jp`, mark);
    expect(lead).toHaveLength(1);
    expect(lead[0]?.subject).toContain('[TLP:CLEAR]');
    expect(lead[0]?.subject).toContain('2026-12-10');
    expect(lead[0]?.text).toContain(`${PUBLIC}/contacts/${w.a1.slug}`);
    const officer = await mailTo(w.a1Officer.email, mark);
    expect(officer).toHaveLength(1);
    expect(await mailTo(`lead@${w.b1.slug}.example.jp`, mark)).toHaveLength(0);

    // Everyone by default: every body there is.
    const all = await started(coordinator, { deadline: '2026-12-10' });
    expect(slugs(all)).toEqual(expect.arrayContaining([center.slug, w.ministry.slug, w.b1.slug]));
    expect(all.counts.bodies).toBe(await t.count('orgs'));

    // A ministry's security officer asks its own agencies, and no one else.
    const own = await started(w.ministryOfficer, { deadline: '2026-12-10' });
    expect(slugs(own)).toEqual([w.a1.slug, w.a2.slug].sort());
    expectProblem(
      await start(w.ministryOfficer, { deadline: '2026-12-10', bodies: [w.b1.slug] }),
      404,
      'orgs.not_found',
    );
    expectProblem(
      await start(w.ministryOfficer, { deadline: '2026-12-10', agenciesOf: w.other.slug }),
      404,
      'orgs.not_found',
    );
    expectProblem(
      await start(w.ministryOfficer, { deadline: '2026-12-10', bodies: [w.ministry.slug] }),
      404,
      'orgs.not_found',
    );

    for (const u of [analyst, w.a1Officer, w.a1Reporter])
      expectProblem(await start(u, { deadline: '2026-12-10' }), 403, 'auth.forbidden');
    expectProblem(await start(coordinator, { deadline: '2026-11-24' }), 422, 'campaigns.deadline_past');
    const bad = await start(coordinator, { deadline: '10 December' });
    expect(bad.statusCode).toBe(400);

    const audit = await t.handle.db
      .selectFrom('audit_log')
      .select('action')
      .where('subject_id', '=', c.id)
      .execute();
    expect(audit.map((a) => a.action)).toContain('contact_campaign.start');
  });

  it('each body sees its own entry; its ministry its agencies; the center all; others nothing', async () => {
    const w = await world();
    const c = await started(coordinator, {
      deadline: '2026-12-10',
      bodies: [w.ministry.slug, w.a1.slug, w.a2.slug, w.b1.slug],
    });
    expect(slugs(await view(w.a1Officer, c.id))).toEqual([w.a1.slug]);
    expect(slugs(await view(w.b1Officer, c.id))).toEqual([w.b1.slug]);
    expect(slugs(await view(w.ministryOfficer, c.id))).toEqual(
      [w.ministry.slug, w.a1.slug, w.a2.slug].sort(),
    );
    // The other ministry is not asked, but supervises b1.
    expect(slugs(await view(w.otherOfficer, c.id))).toEqual([w.b1.slug]);
    expect(slugs(await view(analyst, c.id))).toHaveLength(4);
    // A reporter is not its body's officer.
    const res = await t.request(w.a1Reporter, { method: 'GET', url: `/api/v1/contact-campaigns/${c.id}` });
    expectProblem(res, 404, 'campaigns.not_found');

    // A ministry's own campaign is invisible to another body altogether.
    const own = await started(w.ministryOfficer, { deadline: '2026-12-10' });
    for (const u of [w.otherOfficer, w.b1Officer, w.a1Reporter]) {
      const r = await t.request(u, { method: 'GET', url: `/api/v1/contact-campaigns/${own.id}` });
      expectProblem(r, 404, 'campaigns.not_found');
    }
    const list = await t.request(w.b1Officer, { method: 'GET', url: '/api/v1/contact-campaigns' });
    const items = (list.json() as { items: Campaign[] }).items;
    expect(items.map((i) => i.id)).toContain(c.id);
    expect(items.map((i) => i.id)).not.toContain(own.id);
    for (const i of items) expect(slugs(i)).toEqual([w.b1.slug]);
    const reporterList = await t.request(w.a1Reporter, { method: 'GET', url: '/api/v1/contact-campaigns' });
    expect((reporterList.json() as { items: unknown[] }).items).toEqual([]);
  });

  it('a body confirms by verifying its contacts or on the campaign; a verification before the start does not count', async () => {
    const w = await world();
    const verify = (u: TestUser, org: TestOrg) =>
      t.request(u, { method: 'POST', url: `/api/v1/orgs/${org.slug}/contacts/verify` });
    expect((await verify(w.b1Officer, w.b1)).statusCode).toBe(200);
    t.clock.advance(1000);
    const c = await started(coordinator, {
      deadline: '2026-12-10',
      bodies: [w.a1.slug, w.a2.slug, w.b1.slug],
    });
    t.clock.advance(60_000);
    expect((await verify(w.a1Officer, w.a1)).statusCode).toBe(200);
    const confirm = (u: TestUser) =>
      t.request(u, { method: 'POST', url: `/api/v1/contact-campaigns/${c.id}/confirm` });
    const res = await confirm(w.a2Officer);
    expect(res.statusCode, res.body).toBe(200);
    expect(slugs(res.json() as Campaign)).toEqual([w.a2.slug]);

    const v = await view(coordinator, c.id);
    expect(entryOf(v, w.a1)).toMatchObject({ confirmed: true, confirmedVia: 'verify', late: false });
    expect(entryOf(v, w.a2)).toMatchObject({ confirmed: true, confirmedVia: 'campaign' });
    expect(entryOf(v, w.b1)).toMatchObject({ confirmed: false, confirmedAt: null });
    expect(v.pending.map((p) => p.slug)).toEqual([w.b1.slug]);
    // Confirming on the campaign verified the body's contacts.
    const a2Contacts = await t.handle.db
      .selectFrom('contacts')
      .select('verified_at')
      .where('org_id', '=', w.a2.id)
      .execute();
    expect(a2Contacts.every((r) => r.verified_at === t.clock.now().toISOString())).toBe(true);

    // Only the body's security officer, of a body that is asked.
    expectProblem(await confirm(w.a1Reporter), 404, 'campaigns.not_found');
    expectProblem(await confirm(w.ministryOfficer), 404, 'campaigns.entry_not_found');
    expectProblem(await confirm(coordinator), 404, 'campaigns.entry_not_found');
    const audit = await t.handle.db
      .selectFrom('audit_log')
      .select('action')
      .where('subject_id', '=', c.id)
      .execute();
    expect(audit.map((a) => a.action)).toContain('contact_campaign.confirm');
  });

  it('reminds bodies that have not confirmed, N days before and at the deadline, once each', async () => {
    t.clock.set(T0);
    const w = await world();
    const c = await started(coordinator, {
      deadline: '2026-12-10',
      remindDaysBefore: 3,
      bodies: [w.a1.slug, w.a2.slug],
    });
    await t.request(w.a1Officer, { method: 'POST', url: `/api/v1/contact-campaigns/${c.id}/confirm` });
    const mark = await delivered();
    const lead = `lead@${w.a2.slug}.example.jp`;
    await sweep();
    expect(await mailTo(lead, mark)).toHaveLength(0);

    // 3 days before the end of 10 December in Tokyo: 2026-12-07T15:00Z.
    t.clock.set('2026-12-07T14:59:00.000Z');
    await sweep();
    expect(await mailTo(lead, mark)).toHaveLength(0);
    t.clock.set('2026-12-07T15:00:00.000Z');
    await sweep();
    await sweep();
    const before = await mailTo(lead, mark);
    expect(before).toHaveLength(1);
    expect(before[0]?.subject).toContain('【リマインド】');
    expect(await mailTo(w.a2Officer.email, mark)).toHaveLength(1);
    expect(await mailTo(`lead@${w.a1.slug}.example.jp`, mark)).toHaveLength(0);

    t.clock.set('2026-12-10T15:00:00.000Z');
    await sweep();
    t.clock.advance(3_600_000);
    await sweep();
    const all = await mailTo(lead, mark);
    expect(all).toHaveLength(2);
    expect(all[1]?.subject).toContain('【期限】');
    expect(await mailTo(`lead@${w.a1.slug}.example.jp`, mark)).toHaveLength(0);
    const v = await view(coordinator, c.id);
    expect(
      (v.entries.find((e) => e.org.slug === w.a2.slug) as unknown as Record<string, unknown>)
        .remindedAtDeadlineAt,
    ).toBe('2026-12-10T15:00:00.000Z');
    const reminders = await t.handle.db
      .selectFrom('audit_log')
      .select('action')
      .where('subject_id', '=', c.id)
      .where('action', '=', 'contact_campaign.remind')
      .execute();
    expect(reminders).toHaveLength(2);

    // A confirmation after the deadline is late.
    const late = await t.request(w.a2Officer, {
      method: 'POST',
      url: `/api/v1/contact-campaigns/${c.id}/confirm`,
    });
    expect(entryOf(late.json() as Campaign, w.a2)).toMatchObject({ confirmed: true, late: true });
  });

  it('the body that started a campaign closes it; then nothing is confirmed or reminded', async () => {
    t.clock.set(T0);
    const w = await world();
    const c = await started(w.ministryOfficer, { deadline: '2026-12-10' });
    await t.request(w.a1Officer, { method: 'POST', url: `/api/v1/orgs/${w.a1.slug}/contacts/verify` });
    const close = (u: TestUser) =>
      t.request(u, { method: 'POST', url: `/api/v1/contact-campaigns/${c.id}/close` });
    expectProblem(await close(w.a1Officer), 403, 'auth.forbidden');
    expectProblem(await close(coordinator), 403, 'auth.forbidden');
    expectProblem(await close(w.otherOfficer), 404, 'campaigns.not_found');
    const res = await close(w.ministryOfficer);
    expect(res.statusCode, res.body).toBe(200);
    const closed = res.json() as Campaign;
    expect(closed.status).toBe('closed');
    expect(entryOf(closed, w.a1)).toMatchObject({ confirmed: true, confirmedVia: 'verify' });
    expectProblem(await close(w.ministryOfficer), 409, 'campaigns.closed');
    expectProblem(
      await t.request(w.a2Officer, { method: 'POST', url: `/api/v1/contact-campaigns/${c.id}/confirm` }),
      409,
      'campaigns.closed',
    );
    // A verification after closing changes nothing.
    t.clock.advance(1000);
    await t.request(w.a2Officer, { method: 'POST', url: `/api/v1/orgs/${w.a2.slug}/contacts/verify` });
    expect(entryOf(await view(w.ministryOfficer, c.id), w.a2)).toMatchObject({ confirmed: false });
    const mark = await delivered();
    t.clock.set('2026-12-11T00:00:00.000Z');
    await sweep();
    expect(await mailTo(`lead@${w.a2.slug}.example.jp`, mark)).toHaveLength(0);
  });

  it('counts a campaign in the fiscal year (April to March, in Tokyo) it started', async () => {
    t.clock.set('2027-03-31T14:59:00.000Z');
    const w = await world();
    const march = await started(coordinator, { deadline: '2027-04-10', bodies: [w.a1.slug] });
    expect(march.fiscalYear).toBe(2026);
    t.clock.set('2027-03-31T15:00:00.000Z'); // 1 April in Tokyo
    const april = await started(coordinator, { deadline: '2027-04-10', bodies: [w.a1.slug] });
    expect(april.fiscalYear).toBe(2027);
    const current = await t.request(w.a1Officer, { method: 'GET', url: '/api/v1/contact-campaigns' });
    const body = current.json() as { fiscalYear: number; items: Campaign[] };
    expect(body.fiscalYear).toBe(2027);
    expect(body.items.map((i) => i.id)).toEqual([april.id]);
    const past = await t.request(w.a1Officer, {
      method: 'GET',
      url: '/api/v1/contact-campaigns?fiscalYear=2026',
    });
    expect((past.json() as { items: Campaign[] }).items.map((i) => i.id)).toContain(march.id);
    t.clock.set(T0);
  });
});
