import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepEscalations } from '../../src/features/notifications/notifications.escalation.js';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestUser } from '../support/harness.js';
import { type SmtpReceiver, startSmtpReceiver } from '../support/smtp.js';
import { declare, government, inbox, mailTo, noticesOf, staffed } from './situations-notify.support.js';

// A declared situation reaches the duty contact of every body in its scope — by e-mail, in the app — as a
// priority notice to acknowledge within its LEVEL's minutes (警戒: 30), escalating as usual without it; bodies
// out of scope hear nothing. The e-mail subject says 【事態】, its number and name only when its TLP lets them
// travel. Answering the roll-call is acting on it: the body's notices about it close.

const MINUTE = 60_000;
const PUBLIC = 'https://renraku.example.go.jp';

describe.each(DIALECTS)('situation notices on %s', (dialect) => {
  let t: TestApp;
  let smtp: SmtpReceiver;
  let coordinator: TestUser;
  const center = 'c1@center.example.jp';

  beforeAll(async () => {
    smtp = await startSmtpReceiver();
    t = await startTestApp(dialect, { config: { smtpUrl: smtp.url, publicUrl: PUBLIC } });
    const c = await t.org('center');
    coordinator = await t.user(c, 'center-coordinator');
    await t.contact(c, { name: 'センター当番', role: 'duty-officer', email: center });
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  const sweep = () => sweepEscalations(t.handle, t.services.notificationDeps);

  it('a declaration reaches each in-scope body by e-mail and in the app with its number and name, and no one outside', async () => {
    const g = await government(t);
    const from = smtp.receipts.length;
    const s = await declare(t, coordinator, g.ministry.org);
    expect(s.number).toMatch(/^S-\d{4}-\d{3}$/);
    for (const body of [g.ministry, g.agency]) {
      const [mail, ...more] = await mailTo(t, smtp, body.officer.email, from);
      expect(more).toHaveLength(0);
      expect(mail?.subject).toBe(
        `[TLP:GREEN] 【Renraku】【事態】${s.number} 政府機関への同時多発DDoS 警戒（事態の宣言）`,
      );
      expect(mail?.text).toContain('複数府省庁のウェブサイトが応答しない。');
      expect(mail?.text).toContain(`${PUBLIC}/situations/${s.id}`);
      expect(mail?.text).toContain('/api/v1/notifications/ack/');
      // The deputy is reached only if the duty officer does not acknowledge.
      expect(await mailTo(t, smtp, body.deputy, from)).toHaveLength(0);
      const [notice] = (await inbox(t, body.officer)).filter((n) => n.event === 'situation.declared');
      expect(notice).toMatchObject({
        needsAck: true,
        about: {
          type: 'situation',
          readable: true,
          title: '政府機関への同時多発DDoS',
          path: `/situations/${s.id}`,
        },
      });
      // The level's 30 minutes (警戒), not the deployment's 15.
      expect(Date.parse(notice?.escalateAt ?? '') - t.clock.now().getTime()).toBe(30 * MINUTE);
    }
    for (const body of [g.outside, g.outsideAgency]) {
      expect(await mailTo(t, smtp, body.officer.email, from)).toHaveLength(0);
      expect((await inbox(t, body.officer)).filter((n) => n.about?.type === 'situation')).toEqual([]);
    }
    // The center declared it: its duty officer is not alerted of its own declaration.
    expect(await mailTo(t, smtp, center, from)).toHaveLength(0);
  });

  it('TLP:AMBER and TLP:RED situations keep their name and description out of e-mail, as incidents do', async () => {
    for (const tlp of ['TLP:AMBER', 'TLP:RED']) {
      const g = await government(t);
      const from = smtp.receipts.length;
      const s = await declare(t, coordinator, g.ministry.org, {
        tlp,
        name: '秘匿名SECRET-NAME',
        description: '秘匿説明SECRET-DESC',
      });
      const [mail] = await mailTo(t, smtp, g.agency.officer.email, from);
      expect(mail?.subject).toBe(`[${tlp}] 【Renraku】【事態】${s.number}（事態の宣言）`);
      expect(mail?.text).not.toContain('SECRET-');
      expect(mail?.text).toContain(`${PUBLIC}/situations/${s.id}`);
      // In the app, where it is read after signing in, the name is there.
      const [notice] = (await inbox(t, g.agency.officer)).filter((n) => n.about?.type === 'situation');
      expect(notice?.about?.title).toBe('秘匿名SECRET-NAME');
    }
  });

  it("an acknowledged declaration escalates no further; an unacknowledged one escalates after the level's minutes", async () => {
    const g = await government(t);
    const s = await declare(t, coordinator, g.ministry.org, { level: 'emergency' });
    const [mine] = (await inbox(t, g.ministry.officer)).filter((n) => n.event === 'situation.declared');
    const ack = await t.request(g.ministry.officer, {
      method: 'POST',
      url: `/api/v1/notifications/${mine?.id}/acknowledge`,
    });
    expect(ack.statusCode, ack.body).toBe(200);
    const from = smtp.receipts.length;
    // 非常: 15 minutes. One minute before, nothing moves.
    t.clock.advance(14 * MINUTE);
    await sweep();
    expect((await noticesOf(t, s.id, g.agency.org.id)).map((n) => n.step)).toEqual([0]);
    t.clock.advance(MINUTE);
    await sweep();
    const agency = await noticesOf(t, s.id, g.agency.org.id);
    expect(agency.map((n) => n.step)).toEqual([0, 1]);
    expect(agency[1]?.email).toBe(g.agency.deputy);
    const [escalated] = await mailTo(t, smtp, g.agency.deputy, from);
    expect(escalated?.subject).toContain('【エスカレーション】【事態】');
    expect((await noticesOf(t, s.id, g.ministry.org.id)).map((n) => n.step)).toEqual([0]);
    // Its deputy does not answer either: the center hears, after another 15 minutes.
    t.clock.advance(15 * MINUTE);
    await sweep();
    const [centerMail] = await mailTo(t, smtp, center, from);
    expect(centerMail?.subject).toContain('未確認の連絡');
    expect(centerMail?.text).toContain('元の連絡: 事態の宣言');
  });

  it("a level change is announced to every body in scope with the new level's minutes, in each contact's language", async () => {
    const g = await government(t);
    const english = await staffed(t, await t.org('ministry'), 'en');
    const s = await declare(t, coordinator, g.ministry.org, {
      level: 'caution',
      scope: {
        kind: 'bodies',
        bodies: [
          { orgId: g.ministry.org.id, withAgencies: true },
          { orgId: english.org.id, withAgencies: false },
        ],
      },
    });
    const [declared] = await noticesOf(t, s.id, g.agency.org.id);
    // 注意: an hour to acknowledge the declaration.
    expect(Date.parse(declared?.escalate_at ?? '') - t.clock.now().getTime()).toBe(60 * MINUTE);
    t.clock.advance(5 * MINUTE);
    await t.services.outbox.deliverDue(100);
    const from = smtp.receipts.length;
    const changed = await t.request(coordinator, {
      method: 'POST',
      url: `/api/v1/situations/${s.id}/level`,
      payload: { level: 'emergency' },
    });
    expect(changed.statusCode, changed.body).toBe(200);
    for (const body of [g.ministry, g.agency, english]) {
      const notices = (await noticesOf(t, s.id, body.org.id)).filter(
        (n) => n.event === 'situation.level_changed',
      );
      expect(notices).toHaveLength(1);
      // 非常: 15 minutes.
      expect(Date.parse(notices[0]?.escalate_at ?? '') - t.clock.now().getTime()).toBe(15 * MINUTE);
    }
    const [ja] = await mailTo(t, smtp, g.agency.officer.email, from);
    expect(ja?.subject).toBe(
      `[TLP:GREEN] 【Renraku】【事態】${s.number} 政府機関への同時多発DDoS 非常（態勢の変更）`,
    );
    const [en] = await mailTo(t, smtp, english.officer.email, from);
    expect(en?.subject).toBe(
      `[TLP:GREEN] [Renraku] [Situation] ${s.number} 政府機関への同時多発DDoS Emergency (Posture level changed)`,
    );
    expect(en?.text).toContain('Posture level: Emergency');
    expect(en?.text).toContain(
      'changed the posture level of a large-scale situation that includes your body.',
    );
    expect(en?.text).not.toContain('態勢:');
    expect(await mailTo(t, smtp, g.outside.officer.email, from)).toHaveLength(0);
  });

  it('attacks: another body cannot acknowledge or read a notice; a ministry only supervising an agency in scope is not alerted', async () => {
    const g = await government(t);
    const s = await declare(t, coordinator, g.ministry.org, {
      scope: {
        kind: 'bodies',
        bodies: [
          { orgId: g.outsideAgency.org.id, withAgencies: false },
          { orgId: g.ministry.org.id, withAgencies: false },
        ],
      },
    });
    const [theirs] = await noticesOf(t, s.id, g.ministry.org.id);
    expect(theirs).toBeDefined();
    // A forged id from a body outside the scope, from the agency not in scope, from the in-scope agency's own
    // supervising ministry's sibling: as if it did not exist.
    for (const intruder of [g.outside.officer, g.agency.officer, g.outsideAgency.officer]) {
      const res = await t.request(intruder, {
        method: 'POST',
        url: `/api/v1/notifications/${theirs?.id}/acknowledge`,
      });
      expect(res.statusCode, res.body).toBe(404);
      expect(res.json()).toMatchObject({ code: 'notifications.not_found' });
    }
    expect((await noticesOf(t, s.id, g.ministry.org.id))[0]?.acknowledged_at).toBeNull();
    // The agency named alone is alerted; its ministry, which sees the situation but is not in scope, is not.
    expect(await noticesOf(t, s.id, g.outsideAgency.org.id)).toHaveLength(1);
    expect(await noticesOf(t, s.id, g.outside.org.id)).toEqual([]);
    // The agency of the in-scope ministry was not named with its agencies: nothing.
    expect(await noticesOf(t, s.id, g.agency.org.id)).toEqual([]);
    expect(
      (await inbox(t, g.agency.officer)).filter(
        (n) => n.about?.type === 'situation' && n.about.path?.includes(s.id),
      ),
    ).toEqual([]);
  });

  it('with SMTP down during a declaration, every notice arrives once it returns, and escalation proceeds', async () => {
    const g = await government(t);
    await smtp.close();
    const from = smtp.receipts.length;
    const s = await declare(t, coordinator, g.ministry.org);
    expect(await t.services.outbox.deliverDue(100)).toMatchObject({ sent: 0 });
    t.clock.advance(MINUTE);
    expect(await t.services.outbox.deliverDue(100)).toMatchObject({ sent: 0 });
    await smtp.listen();
    t.clock.advance(5 * MINUTE);
    for (const body of [g.ministry, g.agency]) {
      const mails = await mailTo(t, smtp, body.officer.email, from);
      expect(mails.map((m) => m.subject)).toEqual([expect.stringContaining(`【事態】${s.number}`)]);
    }
    expect(await t.services.outbox.deliverDue(100)).toEqual({ sent: 0, retried: 0, failed: 0 });
    t.clock.advance(30 * MINUTE);
    await sweep();
    const deputyMail = await mailTo(t, smtp, g.agency.deputy, from);
    expect(deputyMail).toHaveLength(1);
  });
});
