import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepEscalations } from '../../src/features/notifications/notifications.escalation.js';
import { declare, government, inbox, noticesOf, staffed } from '../api/situations-notify.support.js';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestUser } from '../support/harness.js';
import { type SmtpReceiver, startSmtpReceiver } from '../support/smtp.js';

// A fault: the mail server refuses connections while a large-scale situation is declared. The declaration is
// taken; every in-scope body's notice is in the app at once; the e-mail waits in the outbox, retried with backoff;
// an unacknowledged notice escalates to the deputy at the level's minutes as if mail worked (the escalation is a
// clock, not a mail receipt); and once the mail server is back, every e-mail written meanwhile arrives exactly
// once — the declaration's and the escalation's — and nothing is sent twice afterwards.

const MINUTE = 60_000;

describe.each(DIALECTS)('SMTP down during a declaration on %s', (dialect) => {
  let t: TestApp;
  let smtp: SmtpReceiver;
  let coordinator: TestUser;

  beforeAll(async () => {
    // Nothing listens on the sink's port yet: every connection is refused.
    smtp = await startSmtpReceiver({ listening: false });
    t = await startTestApp(dialect, { config: { smtpUrl: smtp.url } });
    const center = await t.org('center');
    coordinator = await t.user(center, 'center-coordinator');
    await t.contact(center, { name: 'センター当番', role: 'duty-officer', email: 'duty@center.example.jp' });
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  const deliver = () => t.services.outbox.deliverDue(100);
  const sweep = () => sweepEscalations(t.handle, t.services.notificationDeps);
  const emailsWritten = async () =>
    t.handle.db
      .selectFrom('outbox')
      .select(['sent_at', 'failed_at'])
      .where('channel', '=', 'email')
      .execute();

  it('the declaration is taken, notices are in the app at once, escalation keeps time, and each mail arrives once', async () => {
    const g = await government(t);
    const second = await staffed(t, await t.org('ministry'));
    const s = await declare(t, coordinator, g.ministry.org, {
      scope: {
        kind: 'bodies',
        bodies: [
          { orgId: g.ministry.org.id, withAgencies: true },
          { orgId: second.org.id, withAgencies: false },
        ],
      },
    });
    const inScope = [g.ministry, g.agency, second];

    // In the app at once, to acknowledge within 警戒's 30 minutes; nothing outside the scope.
    for (const body of inScope) {
      const notices = (await inbox(t, body.officer)).filter((n) => n.event === 'situation.declared');
      expect(notices, body.org.slug).toHaveLength(1);
      expect(notices[0]).toMatchObject({ needsAck: true, acknowledgedAt: null });
      expect(Date.parse(notices[0]?.escalateAt ?? '') - t.clock.now().getTime()).toBe(30 * MINUTE);
    }
    expect((await inbox(t, g.outside.officer)).filter((n) => n.about?.type === 'situation')).toEqual([]);

    // The mail server refuses: each attempt is a retry for later, none a failure for good.
    const first = await deliver();
    expect(first).toEqual({ sent: 0, retried: inScope.length, failed: 0 });
    // The ministry acknowledges in the app; the other two do not.
    const [mine] = (await inbox(t, g.ministry.officer)).filter((n) => n.event === 'situation.declared');
    const ack = await t.request(g.ministry.officer, {
      method: 'POST',
      url: `/api/v1/notifications/${mine?.id}/acknowledge`,
    });
    expect(ack.statusCode, ack.body).toBe(200);
    for (let minute = 1; minute < 30; minute++) {
      t.clock.advance(MINUTE);
      expect((await deliver()).sent).toBe(0);
      expect(await sweep()).toBe(0);
    }
    // At the 30th minute, the agency's and the second ministry's deputies are reached, mail or no mail.
    t.clock.advance(MINUTE);
    expect(await sweep()).toBe(2);
    for (const body of [g.agency, second]) {
      const steps = await noticesOf(t, s.id, body.org.id);
      expect(steps.map((n) => [n.step, n.email])).toEqual([
        [0, body.officer.email],
        [1, body.deputy],
      ]);
    }
    expect((await noticesOf(t, s.id, g.ministry.org.id)).map((n) => n.step)).toEqual([0]);
    expect(await deliver()).toMatchObject({ sent: 0, failed: 0 });
    expect(smtp.receipts).toHaveLength(0);

    // The mail server is back. Within the longest backoff (5 minutes), everything written arrives, once.
    await smtp.listen();
    t.clock.advance(5 * MINUTE);
    let sent = 0;
    for (let batch = await deliver(); batch.sent + batch.retried > 0; batch = await deliver()) {
      expect(batch.failed).toBe(0);
      sent += batch.sent;
    }
    const written = await emailsWritten();
    expect(written.every((r) => r.sent_at !== null && r.failed_at === null)).toBe(true);
    expect(sent).toBe(written.length);
    expect(smtp.receipts).toHaveLength(written.length);
    expect(smtp.distinct().size).toBe(written.length);
    const byAddress = new Map<string, string[]>();
    for (const r of smtp.receipts) {
      const mail = await simpleParser(r.raw);
      for (const to of r.to) byAddress.set(to, [...(byAddress.get(to) ?? []), mail.subject ?? '']);
    }
    const expected = new Map<string, string[]>([
      [g.ministry.officer.email.toLowerCase(), ['（事態の宣言）']],
      [g.agency.officer.email.toLowerCase(), ['（事態の宣言）']],
      [second.officer.email.toLowerCase(), ['（事態の宣言）']],
      [g.agency.deputy, ['【エスカレーション】']],
      [second.deputy, ['【エスカレーション】']],
    ]);
    expect(new Set(byAddress.keys())).toEqual(new Set(expected.keys()));
    for (const [address, subjects] of expected) {
      const got = byAddress.get(address) ?? [];
      expect(got, address).toHaveLength(subjects.length);
      subjects.forEach((part, i) => {
        expect(got[i], address).toContain(part);
        expect(got[i], address).toContain(s.number);
      });
    }

    // Nothing more is sent later: no duplicate after the backoff of any attempt.
    t.clock.advance(10 * MINUTE);
    expect(await deliver()).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(smtp.receipts).toHaveLength(written.length);
  });
});
