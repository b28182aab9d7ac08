import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepReportReminders } from '../../src/features/situations/reports.reminders.js';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestUser } from '../support/harness.js';
import { type SmtpReceiver, startSmtpReceiver } from '../support/smtp.js';
import { declare, government, mailTo } from './situations-notify.support.js';

// Issuing a situation report (状況報告) informs every in-scope body's duty contact through the notifications:
// 【状況報告】<situation number> 第n報 (and its title, and its text in the body) when the TLP lets content travel;
// the number alone otherwise. Nobody outside the scope hears of it; a draft tells no body anything.

const PUBLIC = 'https://renraku.example.go.jp';
const CENTER = 'duty@center.example.jp';

describe.each(DIALECTS)('situation report notices on %s', (dialect) => {
  let t: TestApp;
  let smtp: SmtpReceiver;
  let coordinator: TestUser;

  beforeAll(async () => {
    smtp = await startSmtpReceiver();
    t = await startTestApp(dialect, { config: { smtpUrl: smtp.url, publicUrl: PUBLIC } });
    const center = await t.org('center');
    coordinator = await t.user(center, 'center-coordinator');
    await t.contact(center, { name: 'センター当番', role: 'duty-officer', email: CENTER });
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  const report = async (situationId: string, title: string, body: string) => {
    const path = `/api/v1/situations/${situationId}/reports`;
    const d = await t.request(coordinator, { method: 'POST', url: path, payload: { title, body } });
    expect(d.statusCode, d.body).toBe(201);
    const draft = d.json() as { id: string; rowVersion: number };
    return { draft, path };
  };

  for (const tlp of ['TLP:CLEAR', 'TLP:GREEN', 'TLP:AMBER', 'TLP:AMBER+STRICT', 'TLP:RED']) {
    it(`at ${tlp}: the subject and the body say as much as the TLP lets travel`, async () => {
      const g = await government(t);
      let from = smtp.receipts.length;
      const s = await declare(t, coordinator, g.ministry.org, { tlp });
      const open = tlp === 'TLP:CLEAR' || tlp === 'TLP:GREEN';
      const { draft, path } = await report(s.id, '被害は3府省庁に拡大', '機密の本文：A省のサーバが停止');
      // A draft reaches nobody (the declaration's notice is all there is).
      const before = await mailTo(t, smtp, g.ministry.officer.email, from);
      expect(before.filter((m) => m.subject?.includes('状況報告'))).toHaveLength(0);
      from = smtp.receipts.length;
      const issued = await t.request(coordinator, {
        method: 'POST',
        url: `${path}/${draft.id}/issue`,
        payload: { version: draft.rowVersion },
      });
      expect(issued.statusCode, issued.body).toBe(200);
      for (const body of [g.ministry, g.agency]) {
        const mails = (await mailTo(t, smtp, body.officer.email, from)).filter((m) =>
          m.subject?.includes('状況報告'),
        );
        expect(mails).toHaveLength(1);
        const [mail] = mails;
        expect(mail?.subject).toBe(
          open
            ? `[${tlp}] 【Renraku】【状況報告】${s.number} 第1報 被害は3府省庁に拡大`
            : `[${tlp}] 【Renraku】【状況報告】${s.number} 第1報`,
        );
        if (open) expect(mail?.text).toContain('機密の本文：A省のサーバが停止');
        else {
          expect(mail?.text).not.toContain('機密の本文');
          expect(mail?.text).not.toContain('被害は3府省庁に拡大');
        }
        expect(mail?.text).toContain(`${PUBLIC}/situations/${s.id}`);
      }
      for (const body of [g.outside, g.outsideAgency])
        expect(await mailTo(t, smtp, body.officer.email, 0)).toHaveLength(0);

      // A correction is announced as a new version of the same number.
      from = smtp.receipts.length;
      const issuedId = (issued.json() as { id: string }).id;
      const corrected = await t.request(coordinator, {
        method: 'POST',
        url: `${path}/${issuedId}/corrections`,
        payload: {
          title: '被害は4府省庁に拡大',
          body: '訂正後の本文',
          changeNote: '府省庁数を訂正',
          version: 1,
        },
      });
      expect(corrected.statusCode, corrected.body).toBe(201);
      const [again] = (await mailTo(t, smtp, g.agency.officer.email, from)).filter((m) =>
        m.subject?.includes('状況報告'),
      );
      expect(again?.subject).toBe(
        open
          ? `[${tlp}] 【Renraku】【状況報告】${s.number} 第1報（第2版・訂正） 被害は4府省庁に拡大`
          : `[${tlp}] 【Renraku】【状況報告】${s.number} 第1報（第2版・訂正）`,
      );
    });
  }

  it('reminds the center once when the next report is due and not issued, and again for the next due time', async () => {
    const g = await government(t);
    const s = await declare(t, coordinator, g.ministry.org, { tlp: 'TLP:AMBER' });
    const interval = await t.request(coordinator, {
      method: 'PUT',
      url: `/api/v1/situations/${s.id}/report-interval`,
      payload: { minutes: 30 },
    });
    expect(interval.statusCode).toBe(204);
    const sweep = () => sweepReportReminders(t.handle, t.services.situationDeps);
    const dueMails = async (from: number) =>
      (await mailTo(t, smtp, CENTER, from)).filter((m) => m.subject?.includes('状況報告の期限'));
    const from = smtp.receipts.length;
    expect(await sweep()).toBe(0);
    t.clock.advance(31 * 60_000);
    expect(await sweep()).toBe(1);
    expect(await sweep()).toBe(0);
    const [mail, ...more] = await dueMails(from);
    expect(more).toHaveLength(0);
    expect(mail?.subject).toContain(s.number);
    // No body hears of the center's reminder.
    expect(
      (await mailTo(t, smtp, g.ministry.officer.email, from)).filter((m) => m.subject?.includes('期限')),
    ).toHaveLength(0);
    // A report issued moves the next due time; it is reminded of in its turn.
    const { draft, path } = await report(s.id, '第1報', '本文');
    await t.request(coordinator, {
      method: 'POST',
      url: `${path}/${draft.id}/issue`,
      payload: { version: 1 },
    });
    expect(await sweep()).toBe(0);
    t.clock.advance(31 * 60_000);
    expect(await sweep()).toBe(1);
  });
});
