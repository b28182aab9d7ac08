import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContactInput } from '../../src/features/contacts/contacts.schemas.js';
import { fileQuickReport } from '../../src/features/incidents/incidents.filing.js';
import { sweepEscalations } from '../../src/features/notifications/notifications.escalation.js';
import type { Actor } from '../../src/platform/access/roles.js';
import { inTransaction } from '../../src/platform/db/transaction.js';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestOrg, type TestUser } from '../support/harness.js';
import { type SmtpReceiver, startSmtpReceiver } from '../support/smtp.js';
import { expectProblem } from './helpers.js';

// Notifications end to end: a report reaches the duty officers by e-mail over a real SMTP server on loopback,
// under the TLP rule; acknowledgment by the one-time link or in the app; escalation along the contact structure
// to the center as the clock moves; a refused recipient escalates at once; a rolled-back change sends nothing.

const PUBLIC = 'https://renraku.example.go.jp';
const MINUTE = 60_000;
const SECRET_TITLE = '機密のタイトル AMBER-TITLE';
const SECRET_SUMMARY = '機密の概要 AMBER-SUMMARY';

interface Step {
  at: string;
  kind: string;
  chainId: string;
  step: number;
  alertOrg: { slug: string } | null;
  reachedOrg: { slug: string } | null;
  contact: { name: string; role: string } | null;
  channel: string | null;
  reason: string | null;
  via: string | null;
  error: string | null;
}

describe.each(DIALECTS)('notifications on %s', (dialect) => {
  let t: TestApp;
  let smtp: SmtpReceiver;
  const refused = new Set<string>();
  let center: TestOrg;
  let hook: Server;
  const hookCalls: { headers: Record<string, unknown>; body: string }[] = [];

  beforeAll(async () => {
    smtp = await startSmtpReceiver({ refuse: (a) => (refused.has(a) ? 550 : undefined) });
    hook = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        hookCalls.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
    t = await startTestApp(dialect, {
      config: { smtpUrl: smtp.url, publicUrl: PUBLIC, webhookAllowLoopback: true },
    });
    center = await t.org('center');
    await contact(center, { name: 'センター当番1', role: 'duty-officer', email: 'c1@center.example.jp' });
    await contact(center, { name: 'センター当番2', role: 'duty-officer', email: 'c2@center.example.jp' });
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
    hook?.close();
  });

  async function contact(org: TestOrg, input: ContactInput) {
    return (await t.contact(org, input)).contact;
  }

  /**
   * A body that asks to acknowledge even its own quick reports (the default only informs of them, issue 12):
   * the alert, its one-time link and its escalation are tested on it.
   */
  async function askOwnAcknowledgment(org: TestOrg, officer?: TestUser) {
    const by = officer ?? (await t.user(org, 'security-officer'));
    const res = await t.request(by, {
      method: 'PUT',
      url: `/api/v1/orgs/${org.slug}/notification-rules`,
      payload: {
        rules: [
          {
            event: 'incident.reported',
            enabled: true,
            roles: ['duty-officer'],
            channels: ['email', 'webhook', 'in-app'],
            ackMinutes: 15,
          },
        ],
      },
    });
    expect(res.statusCode, res.body).toBe(200);
  }

  /** A ministry and an agency under it, with their people and duty officers. */
  async function bodies(opts: { agencyLocale?: 'ja' | 'en'; ministryContacts?: boolean } = {}) {
    const ministry = await t.org('ministry');
    const agency = await t.org('agency', { parent: ministry });
    const agencyReporter = await t.user(agency, 'reporter');
    const agencyOfficer = await t.user(agency, 'security-officer');
    const ministryOfficer = await t.user(ministry, 'security-officer');
    await askOwnAcknowledgment(agency, agencyOfficer);
    const first = await contact(agency, {
      name: '機関当番',
      role: 'duty-officer',
      email: `duty@${agency.slug}.example.jp`,
      locale: opts.agencyLocale ?? 'ja',
    });
    const second = await contact(agency, {
      name: '機関副当番',
      role: 'deputy',
      email: `deputy@${agency.slug}.example.jp`,
    });
    const ministryDuty =
      opts.ministryContacts === false
        ? undefined
        : await contact(ministry, {
            name: '府省当番',
            role: 'duty-officer',
            email: `duty@${ministry.slug}.example.jp`,
          });
    return { ministry, agency, agencyReporter, agencyOfficer, ministryOfficer, first, second, ministryDuty };
  }

  const file = (u: TestUser, overrides: Record<string, unknown> = {}) =>
    t.fileIncident(u, { title: SECRET_TITLE, summary: SECRET_SUMMARY, tlp: 'TLP:AMBER', ...overrides });

  /** Delivers what is due, then the mail received for an address since `from` (about an incident), parsed. */
  async function mailTo(address: string, from = 0, about?: string): Promise<ParsedMail[]> {
    await t.services.outbox.deliverDue(100);
    const raw = smtp.receipts.slice(from).filter((r) => r.to.includes(address));
    const parsed = await Promise.all(raw.map((r) => simpleParser(r.raw)));
    return about ? parsed.filter((m) => (m.text ?? '').includes(about)) : parsed;
  }

  const notificationsOf = (incidentId: string) =>
    t.handle.db
      .selectFrom('notifications')
      .innerJoin('notification_steps', 'notification_steps.notification_id', 'notifications.id')
      .selectAll('notifications')
      .where('notification_steps.incident_id', '=', incidentId)
      .where('notification_steps.kind', '=', 'notified')
      .orderBy('notifications.created_at')
      .orderBy('notifications.step')
      .execute();

  async function steps(u: TestUser, incidentId: string): Promise<Step[]> {
    const res = await t.request(u, { method: 'GET', url: `/api/v1/incidents/${incidentId}/notifications` });
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as { items: Step[] }).items;
  }

  const ackToken = (mail: ParsedMail) => {
    const m = /\/api\/v1\/notifications\/ack\/([A-Za-z0-9_-]+)/.exec(mail.text ?? '');
    if (!m?.[1]) throw new Error('no acknowledgment link');
    return m[1];
  };

  it('a quick report at an agency reaches its duty officer by Japanese e-mail without AMBER content, and its ministry and the center', async () => {
    const b = await bodies();
    const from = smtp.receipts.length;
    const incident = await file(b.agencyReporter);

    const [mail, ...more] = await mailTo(b.first.email as string, from);
    expect(more).toHaveLength(0);
    if (!mail) throw new Error('no mail');
    // The incident's number names it, whatever its TLP: it is no content.
    expect(mail.subject).toBe(`[TLP:AMBER] 【Renraku】速報 ${incident.number}: ${b.agency.slug} 日本語`);
    const text = mail.text ?? '';
    for (const secret of [SECRET_TITLE, SECRET_SUMMARY, 'AMBER-TITLE', 'AMBER-SUMMARY']) {
      expect(mail.subject).not.toContain(secret);
      expect(text).not.toContain(secret);
      expect(mail.html || '').not.toContain(secret);
    }
    expect(text).toContain(`${b.agency.slug} 日本語 からインシデントの速報がありました。`);
    expect(text).toContain('種別: 速報');
    expect(text).toContain(`事案番号: ${incident.number}`);
    expect(text).toContain('日時: 2026/11/25 12:00 JST');
    expect(text).toContain(`詳細: ${PUBLIC}/incidents/${incident.id}`);
    expect(text).toMatch(new RegExp(`${PUBLIC}/api/v1/notifications/ack/rnkack_[A-Za-z0-9_-]{43}`));
    expect(mail.headers.get('content-type')).toMatchObject({ params: { charset: 'utf-8' } });
    expect(mail.headers.get('auto-submitted')).toBe('auto-generated');

    // The Message-ID names the notification and the contact, and stays the same on every attempt.
    const rows = await notificationsOf(incident.id);
    const mine = rows.find((n) => n.contact_id === b.first.id);
    expect(mail.messageId).toBe(`<${mine?.id}.${b.first.id}@renraku>`);
    expect(await t.services.outbox.deliverDue(100)).toEqual({ sent: 0, retried: 0, failed: 0 });

    // The ministry's and the center's duty officers, by their default rules; nobody else.
    expect(await mailTo(b.ministryDuty?.email as string, from)).toHaveLength(1);
    expect(await mailTo('c1@center.example.jp', from)).toHaveLength(1);
    expect(await mailTo('c2@center.example.jp', from)).toHaveLength(0);
    expect(await mailTo(b.second.email as string, from)).toHaveLength(0);
    expect(smtp.receipts.length - from).toBe(3);

    // Each step is on the incident; the agency sees its own contact by name, the others' only by body.
    const seen = await steps(b.agencyOfficer, incident.id);
    const notified = seen.filter((s) => s.kind === 'notified');
    expect(notified.map((s) => s.alertOrg?.slug).sort()).toEqual(
      [b.agency.slug, b.ministry.slug, center.slug].sort(),
    );
    expect(notified.find((s) => s.alertOrg?.slug === b.agency.slug)?.contact).toEqual({
      name: '機関当番',
      role: 'duty-officer',
    });
    expect(notified.find((s) => s.alertOrg?.slug === center.slug)?.contact).toBeNull();
    expect(seen.filter((s) => s.kind === 'delivered' && s.channel === 'email')).toHaveLength(3);
    // The center reads the incident, and every contact's name.
    const analyst = await t.user(center, 'center-analyst');
    const centerView = await steps(analyst, incident.id);
    expect(centerView.filter((s) => s.kind === 'notified').every((s) => s.contact !== null)).toBe(true);
    // Every step is audited.
    const audited = await t.handle.db
      .selectFrom('audit_log')
      .select('action')
      .where(
        'subject_id',
        'in',
        rows.map((n) => n.id),
      )
      .execute();
    expect(audited.filter((a) => a.action === 'notification.notified')).toHaveLength(3);
    expect(audited.filter((a) => a.action === 'notification.delivered')).toHaveLength(3);
  });

  it('TLP:GREEN content may travel: the title in the subject, the summary in the body', async () => {
    const b = await bodies();
    const from = smtp.receipts.length;
    const incident = await file(b.agencyReporter, { tlp: 'TLP:GREEN' });
    const [mail] = await mailTo(b.first.email as string, from);
    expect(mail?.subject).toBe(`[TLP:GREEN] 【Renraku】速報 ${incident.number}: ${SECRET_TITLE}`);
    expect(mail?.text).toContain(SECRET_SUMMARY);
  });

  it('sends English e-mail to a contact whose language is English', async () => {
    const b = await bodies({ agencyLocale: 'en' });
    const from = smtp.receipts.length;
    const incident = await file(b.agencyReporter, { tlp: 'TLP:AMBER+STRICT' });
    const [mail] = await mailTo(b.first.email as string, from);
    expect(mail?.subject).toBe(
      `[TLP:AMBER+STRICT] [Renraku] Quick report ${incident.number}: ${b.agency.slug} English`,
    );
    expect(mail?.text).toContain(`Incident number: ${incident.number}`);
    expect(mail?.text).toContain(`${b.agency.slug} English filed a quick report of an incident.`);
    expect(mail?.text).toContain('Time: 2026-11-25 12:00 GMT+9');
    expect(mail?.text).toContain('Acknowledge (one-time link): ');
    expect(mail?.text).not.toContain(SECRET_TITLE);
    expect(mail?.text).not.toMatch(/[\u3040-\u30ff]/);
  });

  it('follows the rules a body set: the ministry hears only of severe incidents', async () => {
    const b = await bodies();
    const put = await t.request(b.ministryOfficer, {
      method: 'PUT',
      url: `/api/v1/orgs/${b.ministry.slug}/notification-rules`,
      payload: {
        rules: [
          {
            event: 'incident.reported',
            enabled: true,
            minSeverity: 'high',
            roles: ['duty-officer'],
            channels: ['email'],
            ackMinutes: 30,
          },
        ],
      },
    });
    expect(put.statusCode, put.body).toBe(200);
    const rules = put.json() as { rules: { event: string; custom: boolean; ackMinutes: number | null }[] };
    expect(rules.rules.find((r) => r.event === 'incident.reported')).toMatchObject({
      custom: true,
      ackMinutes: 30,
    });
    expect(rules.rules.find((r) => r.event === 'delivery.awaiting_review')).toMatchObject({
      custom: false,
      ackMinutes: 15,
    });
    const ministryMail = b.ministryDuty?.email as string;
    let from = smtp.receipts.length;
    await file(b.agencyReporter, { severity: 'low' });
    expect(await mailTo(ministryMail, from)).toHaveLength(0);
    expect(await mailTo(b.first.email as string, from)).toHaveLength(1);
    from = smtp.receipts.length;
    await file(b.agencyReporter, { severity: 'critical' });
    expect(await mailTo(ministryMail, from)).toHaveLength(1);
  });

  it('acknowledges by the one-time link: GET only shows a form, POST acknowledges, a second use is refused', async () => {
    const b = await bodies({ ministryContacts: false });
    const from = smtp.receipts.length;
    const incident = await file(b.agencyReporter);
    const [mail] = await mailTo(b.first.email as string, from);
    if (!mail) throw new Error('no mail');
    const url = `/api/v1/notifications/ack/${ackToken(mail)}`;
    const row = async () =>
      (await notificationsOf(incident.id)).find((n) => n.contact_id === b.first.id) ?? null;

    // A mail scanner following the link acknowledges nothing.
    for (let i = 0; i < 2; i++) {
      const page = await t.request(null, { method: 'GET', url });
      expect(page.statusCode).toBe(200);
      expect(page.headers['content-type']).toMatch(/^text\/html; charset=utf-8/);
      expect(page.headers['content-security-policy']).toContain("script-src 'self'");
      expect(page.headers['cache-control']).toBe('no-store');
      expect(page.body).toContain('<form method="post">');
      expect(page.body).not.toMatch(/<script|<style|\sstyle=|\son[a-z]+=/i);
      expect(page.body).toContain(`${b.agency.slug} 日本語`);
      expect(page.body).not.toContain(SECRET_TITLE);
    }
    expect((await row())?.acknowledged_at).toBeNull();

    // The form posts an empty urlencoded body, as a browser does.
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const ack = await t.request(null, { method: 'POST', url, headers: form, payload: '' });
    expect(ack.statusCode, ack.body).toBe(200);
    expect(ack.body).toContain('受領を確認しました');
    expect(await row()).toMatchObject({ ack_via: 'link', escalate_at: null });
    expect((await row())?.acknowledged_at).toBe(t.clock.now().toISOString());

    const again = await t.request(null, { method: 'POST', url, headers: form, payload: '' });
    expect(again.statusCode).toBe(410);
    expect((await t.request(null, { method: 'GET', url })).statusCode).toBe(410);
    expect((await t.request(null, { method: 'GET', url: `${url}x` })).statusCode).toBe(404);
    expect(
      (await t.request(null, { method: 'POST', url: `${url}x`, headers: form, payload: '' })).statusCode,
    ).toBe(404);

    // Acknowledged: no escalation, the step is on the incident, and the token is stored only hashed.
    t.clock.advance(60 * MINUTE);
    await sweepEscalations(t.handle, t.services.notificationDeps);
    const agencySteps = (await steps(b.agencyOfficer, incident.id)).filter(
      (s) => s.alertOrg?.slug === b.agency.slug,
    );
    expect(agencySteps.map((s) => s.kind)).toEqual(['notified', 'delivered', 'acknowledged']);
    expect(agencySteps[2]?.via).toBe('link');
    const stored = await t.handle.db.selectFrom('notifications').select('ack_token_hash').execute();
    expect(stored.map((s) => s.ack_token_hash)).not.toContain(ackToken(mail));
  });

  it('acknowledges by the link in a browser logged in to Renraku: its session cookie plays no part', async () => {
    const b = await bodies({ ministryContacts: false });
    const password = 'a long enough passphrase for tests';
    const officer = await t.user(b.agency, 'security-officer', password);
    const login = await t.request(null, {
      method: 'POST',
      url: '/api/v1/session',
      payload: { email: officer.email, password },
    });
    expect(login.statusCode, login.body).toBe(200);
    const session = login.cookies.find((c) => c.name === 'renraku_session');
    const from = smtp.receipts.length;
    await file(b.agencyReporter);
    const [mail] = await mailTo(b.first.email as string, from);
    if (!mail || !session) throw new Error('no mail or no session');
    const ack = await t.request(null, {
      method: 'POST',
      url: `/api/v1/notifications/ack/${ackToken(mail)}`,
      headers: {
        cookie: `renraku_session=${session.value}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: '',
    });
    expect(ack.statusCode, ack.body).toBe(200);
  });

  it('acknowledges in the app, on the live stream and in my list; someone else’s notification does not exist', async () => {
    const b = await bodies({ ministryContacts: false });
    // The agency's security officer is its first contact: the contact is linked to the user by e-mail.
    const own = await contact(b.agency, {
      name: '担当者本人',
      role: 'duty-officer',
      email: b.agencyOfficer.email,
      order: 1,
    });
    expect(own.user_id).toBe(b.agencyOfficer.id);
    const incident = await file(b.agencyReporter);

    const live = await t.handle.db
      .selectFrom('events')
      .selectAll()
      .where('type', '=', 'notification.created')
      .where('incident_id', '=', incident.id)
      .execute();
    expect(live).toHaveLength(1);
    expect(JSON.parse(live[0]?.reader_user_ids ?? '[]')).toEqual([b.agencyOfficer.id]);
    expect(live[0]?.payload).not.toContain('AMBER-');

    const list = await t.request(b.agencyOfficer, {
      method: 'GET',
      url: '/api/v1/notifications?status=open',
    });
    expect(list.statusCode, list.body).toBe(200);
    const items = (list.json() as { items: { id: string; incidentId: string; needsAck: boolean }[] }).items;
    const item = items.find((i) => i.incidentId === incident.id);
    // Inside Renraku, a reader of the incident is told what it is (the live event and e-mail carry no AMBER text).
    expect(item).toMatchObject({
      needsAck: true,
      about: { type: 'incident', readable: true, title: SECRET_TITLE, path: `/incidents/${incident.id}` },
    });
    expect(list.body).not.toContain('AMBER-SUMMARY');
    if (!item) throw new Error('no notification');

    // Not mine: as if it did not exist, and not in my list.
    const other = await t.request(b.ministryOfficer, {
      method: 'POST',
      url: `/api/v1/notifications/${item.id}/acknowledge`,
    });
    expectProblem(other, 404, 'notifications.not_found');
    const theirs = await t.request(b.agencyReporter, { method: 'GET', url: '/api/v1/notifications' });
    expect(theirs.body).not.toContain(item.id);

    const ack = await t.request(b.agencyOfficer, {
      method: 'POST',
      url: `/api/v1/notifications/${item.id}/acknowledge`,
    });
    expect(ack.statusCode, ack.body).toBe(200);
    expect(ack.json()).toMatchObject({ id: item.id, acknowledgedVia: 'app', escalateAt: null });
    expectProblem(
      await t.request(b.agencyOfficer, {
        method: 'POST',
        url: `/api/v1/notifications/${item.id}/acknowledge`,
      }),
      409,
      'notifications.already_acknowledged',
    );
    const open = await t.request(b.agencyOfficer, {
      method: 'GET',
      url: '/api/v1/notifications?status=open',
    });
    expect(open.body).not.toContain(item.id);
    const audit = await t.handle.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'notification.acknowledged')
      .where('subject_id', '=', item.id)
      .executeTakeFirstOrThrow();
    expect(audit.actor_user_id).toBe(b.agencyOfficer.id);
  });

  it('escalates an unacknowledged alert along the escalation order, then to the center’s duty officers', async () => {
    const b = await bodies({ ministryContacts: false });
    const from = smtp.receipts.length;
    const incident = await file(b.agencyReporter);
    expect(await mailTo(b.first.email as string, from)).toHaveLength(1);
    expect(await mailTo(b.second.email as string, from)).toHaveLength(0);
    const chainOf = async () => {
      const rows = await notificationsOf(incident.id);
      const first = rows.find((n) => n.contact_id === b.first.id);
      return rows.filter((n) => n.chain_id === first?.chain_id);
    };

    // Not yet due.
    t.clock.advance(14 * MINUTE);
    await sweepEscalations(t.handle, t.services.notificationDeps);
    expect(await chainOf()).toHaveLength(1);

    t.clock.advance(1 * MINUTE);
    await sweepEscalations(t.handle, t.services.notificationDeps);
    const [next] = await mailTo(b.second.email as string, from);
    expect(next?.subject).toBe(
      `[TLP:AMBER] 【Renraku】【エスカレーション】速報 ${incident.number}: ${b.agency.slug} 日本語`,
    );
    expect(next?.text).not.toContain(SECRET_TITLE);
    expect((await chainOf()).map((n) => n.contact_id)).toEqual([b.first.id, b.second.id]);

    t.clock.advance(15 * MINUTE);
    const centerFrom = smtp.receipts.length;
    await sweepEscalations(t.handle, t.services.notificationDeps);
    const chain = await chainOf();
    expect(chain).toHaveLength(4);
    expect(chain.slice(2).every((n) => n.org_id === center.id && n.alert_org_id === b.agency.id)).toBe(true);
    for (const address of ['c1@center.example.jp', 'c2@center.example.jp']) {
      const [m] = await mailTo(address, centerFrom, incident.id);
      expect(m?.subject).toBe(
        `[TLP:AMBER] 【Renraku】【エスカレーション】未確認の連絡 ${incident.number}: ${b.agency.slug} 日本語`,
      );
      expect(m?.text).toContain('元の連絡: 速報');
      expect(m?.text).toContain(`${PUBLIC}/incidents/${incident.id}`);
      expect(m?.text).not.toContain(SECRET_TITLE);
    }

    // The center is the end: nothing more however long nobody answers.
    t.clock.advance(120 * MINUTE);
    await sweepEscalations(t.handle, t.services.notificationDeps);
    expect(await chainOf()).toHaveLength(4);

    // Every step on the incident, for its readers: the agency, its ministry and the center.
    const expectedKinds = ['notified', 'escalated', 'notified', 'escalated', 'notified', 'notified'];
    for (const reader of [b.agencyOfficer, b.ministryOfficer]) {
      const chainSteps = (await steps(reader, incident.id)).filter(
        (s) => s.chainId === chain[0]?.id && s.kind !== 'delivered',
      );
      expect(chainSteps.map((s) => s.kind)).toEqual(expectedKinds);
      expect(chainSteps[1]?.reason).toBe('timeout');
      expect(chainSteps.at(-1)?.reachedOrg?.slug).toBe(center.slug);
    }
    const analyst = await t.user(center, 'center-analyst');
    const atCenter = (await steps(analyst, incident.id)).filter((s) => s.chainId === chain[0]?.id);
    expect(atCenter.filter((s) => s.kind === 'notified').map((s) => s.contact?.name)).toEqual([
      '機関当番',
      '機関副当番',
      'センター当番1',
      'センター当番2',
    ]);

    // A center duty officer's acknowledgment ends it.
    const [toCenter] = await mailTo('c1@center.example.jp', centerFrom, incident.id);
    if (!toCenter) throw new Error('no mail');
    const ack = await t.request(null, {
      method: 'POST',
      url: `/api/v1/notifications/ack/${ackToken(toCenter)}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: '',
    });
    expect(ack.statusCode).toBe(200);
  });

  it('escalates at once when the SMTP server refuses the first contact (550), and shows the failure', async () => {
    const b = await bodies({ ministryContacts: false });
    refused.add(b.first.email as string);
    const from = smtp.receipts.length;
    const incident = await file(b.agencyReporter);
    await t.services.outbox.deliverDue(100);
    // No time has passed: the refusal alone passed the alert on.
    const [next] = await mailTo(b.second.email as string, from);
    expect(next?.subject).toContain('【エスカレーション】');
    const agencySteps = (await steps(b.agencyOfficer, incident.id)).filter(
      (s) => s.alertOrg?.slug === b.agency.slug,
    );
    expect(agencySteps.map((s) => s.kind)).toEqual([
      'notified',
      'delivery_failed',
      'escalated',
      'notified',
      'delivered',
    ]);
    expect(agencySteps[1]?.error).toMatch(/550/);
    expect(agencySteps[2]?.reason).toBe('delivery_failed');
    // A reader who may not read the agency's contacts sees the failure, not who nor the address it names.
    const ministryReporter = await t.user(b.ministry, 'reporter');
    const ministryView = (await steps(ministryReporter, incident.id)).find(
      (s) => s.kind === 'delivery_failed',
    );
    expect(ministryView).toMatchObject({ error: null, contact: null, channel: 'email' });
    const failed = (await notificationsOf(incident.id)).find((n) => n.contact_id === b.first.id);
    expect(failed?.failed_at).not.toBeNull();
  });

  it('a reviewing ministry hears once, the center on receipt, the CSIRT lead of consent, recipients of the share', async () => {
    const ministry = await t.org('ministry', { reviewMode: true });
    const agency = await t.org('agency', { parent: ministry });
    const reporter = await t.user(agency, 'reporter');
    const officer = await t.user(ministry, 'security-officer');
    const analyst = await t.user(center, 'center-analyst');
    const recipient = await t.org('ministry');
    await contact(agency, {
      name: '機関当番',
      role: 'duty-officer',
      email: `duty@${agency.slug}.example.jp`,
    });
    await contact(ministry, {
      name: '府省当番',
      role: 'duty-officer',
      email: `duty@${ministry.slug}.example.jp`,
    });
    await contact(ministry, {
      name: 'CSIRT責任者',
      role: 'csirt-lead',
      email: `lead@${ministry.slug}.example.jp`,
    });
    await contact(recipient, {
      name: '受信当番',
      role: 'duty-officer',
      email: `duty@${recipient.slug}.example.jp`,
    });

    let from = smtp.receipts.length;
    const incident = await file(reporter);
    // One alert for the ministry (its review is awaited), none yet for the center, which cannot read it.
    const [review, ...twice] = await mailTo(`duty@${ministry.slug}.example.jp`, from);
    expect(twice).toHaveLength(0);
    expect(review?.subject).toBe(`[TLP:AMBER] 【Renraku】審査待ち ${incident.number}: ${agency.slug} 日本語`);
    expect(await mailTo('c1@center.example.jp', from)).toHaveLength(0);

    from = smtp.receipts.length;
    const fwd = await t.request(officer, {
      method: 'POST',
      url: `/api/v1/incidents/${incident.id}/forward`,
      payload: {},
    });
    expect(fwd.statusCode, fwd.body).toBe(200);
    const [received] = await mailTo('c1@center.example.jp', from, incident.id);
    expect(received?.subject).toBe(
      `[TLP:AMBER] 【Renraku】センター受領 ${incident.number}: ${agency.slug} 日本語`,
    );

    from = smtp.receipts.length;
    const share = await t.request(analyst, {
      method: 'POST',
      url: '/api/v1/shares',
      payload: {
        sourceIncidentIds: [incident.id],
        content: { title: '共有タイトル SHARE-TITLE', body: '共有本文 SHARE-BODY' },
        audience: { kind: 'orgs', orgs: [recipient.slug] },
        tlp: 'TLP:AMBER',
      },
    });
    expect(share.statusCode, share.body).toBe(201);
    const [consent, ...more] = await mailTo(`lead@${ministry.slug}.example.jp`, from);
    expect(more).toHaveLength(0);
    // The ministry asked reads its agency's incident: the request names it by number, as the ministry says it.
    expect(consent?.subject).toBe(
      `[TLP:AMBER] 【Renraku】同意依頼 ${incident.number}: ${center.slug} 日本語`,
    );
    expect(consent?.text).toContain(`元の事案番号: ${incident.number}`);
    expect(consent?.text).toMatch(new RegExp(`${PUBLIC}/consents/[0-9a-f-]{36}`));
    expect(consent?.text).not.toContain('SHARE-');
    expect(await mailTo(`duty@${recipient.slug}.example.jp`, from)).toHaveLength(0);

    const pending = await t.request(officer, {
      method: 'GET',
      url: '/api/v1/consent-requests?status=pending',
    });
    const request = (pending.json() as { items: { id: string }[] }).items[0];
    from = smtp.receipts.length;
    const approve = await t.request(officer, {
      method: 'POST',
      url: `/api/v1/consent-requests/${request?.id}/decision`,
      payload: { decision: 'approve' },
    });
    expect(approve.statusCode, approve.body).toBe(200);
    const [published] = await mailTo(`duty@${recipient.slug}.example.jp`, from);
    expect(published?.subject).toBe(`[TLP:AMBER] 【Renraku】情報共有: ${center.slug} 日本語`);
    expect(published?.text).not.toContain('SHARE-');
    // Shares carry their own acknowledgments: this one asks for none, and offers no link.
    expect(published?.text).not.toContain('/api/v1/notifications/ack/');
  });

  it('tells the center of an unacknowledged alert it may not read without saying what it was', async () => {
    const ministry = await t.org('ministry', { reviewMode: true, reviewDeadlineMinutes: 24 * 60 });
    const agency = await t.org('agency', { parent: ministry });
    const reporter = await t.user(agency, 'reporter');
    await askOwnAcknowledgment(agency);
    await contact(agency, {
      name: '唯一の当番',
      role: 'duty-officer',
      email: `only@${agency.slug}.example.jp`,
    });
    const incident = await file(reporter);
    await t.services.outbox.deliverDue(100);
    const from = smtp.receipts.length;
    t.clock.advance(15 * MINUTE);
    await sweepEscalations(t.handle, t.services.notificationDeps);
    const mails = (await mailTo('c1@center.example.jp', from)).filter((m) =>
      (m.subject ?? '').includes(`${agency.slug} 日本語`),
    );
    expect(mails).toHaveLength(1);
    const [m] = mails;
    expect(m?.subject).toBe(`[TLP:AMBER] 【Renraku】【エスカレーション】未確認の連絡: ${agency.slug} 日本語`);
    expect(m?.text).not.toContain(incident.id);
    expect(`${m?.subject} ${m?.text}`).not.toContain(String(incident.number));
    expect(m?.text).not.toContain('元の連絡');
    expect(m?.text).not.toContain('/incidents/');
    expect(m?.text).not.toContain(SECRET_TITLE);
    // Nor does its in-app list: no incident, no subject.
    const row = await t.handle.db
      .selectFrom('notifications')
      .selectAll()
      .where('org_id', '=', center.id)
      .where('alert_org_id', '=', agency.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ event: 'alert.unacknowledged', incident_id: null, subject_type: 'org' });
    // The center reads no step of it either: the incident does not exist for it yet.
    const analyst = await t.user(center, 'center-analyst');
    const res = await t.request(analyst, {
      method: 'GET',
      url: `/api/v1/incidents/${incident.id}/notifications`,
    });
    expectProblem(res, 404, 'incidents.not_found');
  });

  it('a rolled-back change notifies nobody', async () => {
    const b = await bodies();
    const counts = async () => ({
      notifications: await t.count('notifications'),
      steps: await t.count('notification_steps'),
      outbox: await t.count('outbox'),
    });
    const actor: Actor = {
      userId: b.agencyReporter.id,
      email: b.agencyReporter.email,
      role: 'reporter',
      orgId: b.agency.id,
      orgSlug: b.agency.slug,
      orgKind: 'agency',
      via: 'token',
    };
    // The same change, committed, is notified (planned with its commit group, in its transaction)…
    const start = await counts();
    await inTransaction(t.handle, (unit) =>
      fileQuickReport({ unit, actor, input: t.quickReport(), deps: t.services.incidentDeps }),
    );
    const planned = await counts();
    expect(planned.notifications).toBeGreaterThan(start.notifications);
    expect(planned.outbox).toBeGreaterThan(start.outbox);
    await t.services.outbox.deliverDue(100);
    const from = smtp.receipts.length;
    const before = await counts();
    // …and rolled back, it hands its events to nobody: nothing is planned, written or sent.
    await expect(
      inTransaction(t.handle, async (unit) => {
        await fileQuickReport({ unit, actor, input: t.quickReport(), deps: t.services.incidentDeps });
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    await t.services.outbox.deliverDue(100);
    expect(smtp.receipts.length).toBe(from);
    expect(await counts()).toEqual(before);
  });

  it('signs a webhook whose JSON carries the same allow-list as the e-mail', async () => {
    const ministry = await t.org('ministry');
    const agency = await t.org('agency', { parent: ministry });
    const reporter = await t.user(agency, 'reporter');
    const { port } = hook.address() as AddressInfo;
    const w = await t.contact(agency, {
      name: '当番システム',
      role: 'duty-officer',
      webhookUrl: `http://127.0.0.1:${port}/hook`,
    });
    const incident = await file(reporter);
    await t.services.outbox.deliverDue(100);
    const call = hookCalls.find((c) => c.body.includes(incident.id));
    if (!call || !w.webhookSecret) throw new Error('no webhook call');
    const body = JSON.parse(call.body) as Record<string, unknown>;
    expect(body).toMatchObject({
      type: 'renraku.notification',
      event: 'incident.reported',
      tlp: 'TLP:AMBER',
      org: { slug: agency.slug },
      subject: { type: 'incident', id: incident.id },
      incidentId: incident.id,
      incidentNumber: incident.number,
      links: { subject: `${PUBLIC}/incidents/${incident.id}` },
    });
    expect(body).not.toHaveProperty('content');
    expect(call.body).not.toContain('AMBER-');
    const stamp = String(call.headers['x-renraku-timestamp']);
    const mac = createHmac('sha256', w.webhookSecret).update(`${stamp}.${call.body}`).digest('hex');
    expect(call.headers['x-renraku-signature']).toBe(`sha256=${mac}`);
    expect(call.headers['x-renraku-delivery']).toBe(body.id);
  });

  it('answers the rules of a body with its defaults, and refuses a rule listed twice', async () => {
    const b = await bodies();
    const res = await t.request(b.agencyOfficer, {
      method: 'GET',
      url: `/api/v1/orgs/${b.agency.slug}/notification-rules`,
    });
    expect(res.statusCode, res.body).toBe(200);
    const rules = (res.json() as { rules: { event: string; enabled: boolean; roles: string[] }[] }).rules;
    expect(rules.find((r) => r.event === 'incident.reported')).toMatchObject({
      enabled: true,
      roles: ['duty-officer'],
    });
    expect(rules.find((r) => r.event === 'consent.requested')).toMatchObject({ roles: ['csirt-lead'] });
    expect(rules.find((r) => r.event === 'delivery.awaiting_review')?.enabled).toBe(false);
    const rule = { event: 'incident.reported', enabled: false, roles: ['ciso'], channels: ['email'] };
    expectProblem(
      await t.request(b.agencyOfficer, {
        method: 'PUT',
        url: `/api/v1/orgs/${b.agency.slug}/notification-rules`,
        payload: { rules: [rule, rule] },
      }),
      400,
      'notification_rules.duplicate_event',
    );
  });
});
