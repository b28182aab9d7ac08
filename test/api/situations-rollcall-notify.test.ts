import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepEscalations } from '../../src/features/notifications/notifications.escalation.js';
import { sweepRollCallReminders } from '../../src/features/notifications/notifications.rollcall.js';
import { otherServices } from '../support/another-process.js';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestUser } from '../support/harness.js';
import { type SmtpReceiver, startSmtpReceiver } from '../support/smtp.js';
import {
  answer,
  declare,
  government,
  inbox,
  mailTo,
  noticesOf,
  staffed,
} from './situations-notify.support.js';

// The roll-call and notices. Answering is acting on the notice: the body's notices about the situation close
// (answered on its behalf too), and the board shows who acknowledged the declaration and whose escalated.
// Roll-call reminders: at a situation's deadline (as it stands: a level change moves it), every in-scope body
// that has not answered is reminded — once, even across a restart — as a notice to acknowledge that escalates
// as usual; its ministry is told. An answer before the deadline spares the body; an answer after closes it.

const MINUTE = 60_000;

describe.each(DIALECTS)('roll-call notices and reminders on %s', (dialect) => {
  let t: TestApp;
  let smtp: SmtpReceiver;
  let coordinator: TestUser;

  beforeAll(async () => {
    smtp = await startSmtpReceiver();
    t = await startTestApp(dialect, { config: { smtpUrl: smtp.url } });
    const c = await t.org('center');
    coordinator = await t.user(c, 'center-coordinator');
    await t.contact(c, { name: 'センター当番', role: 'duty-officer', email: 'c1@center.example.jp' });
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  const sweep = () => sweepEscalations(t.handle, t.services.notificationDeps);
  const remind = () => sweepRollCallReminders(t.handle, t.services.notificationDeps);
  /** The bodies chased (asked to acknowledge) by a reminder of the situation. */
  const chased = async (situationId: string) =>
    (
      await t.handle.db
        .selectFrom('notifications')
        .select('alert_org_id')
        .distinct()
        .where('subject_type', '=', 'situation')
        .where('subject_id', '=', situationId)
        .where('event', '=', 'rollcall.reminded')
        .where('ack_requested', '=', 1)
        .execute()
    )
      .map((r) => r.alert_org_id)
      .sort();
  const reminders = async (situationId: string, orgId: string) =>
    (await noticesOf(t, situationId, orgId)).filter((n) => n.event === 'rollcall.reminded');

  it('reminds at the deadline, once, only those that did not answer, and not again after a restart', async () => {
    const g = await government(t);
    const s = await declare(t, coordinator, g.ministry.org);
    await answer(t, g.ministry.officer, s.id);
    // 警戒: 120 minutes to answer. A minute before, nobody is reminded.
    expect(Date.parse(s.rollCallDueAt) - t.clock.now().getTime()).toBe(120 * MINUTE);
    t.clock.advance(119 * MINUTE);
    expect(await remind()).toBe(0);
    t.clock.advance(MINUTE);
    await t.services.outbox.deliverDue(100);
    const from = smtp.receipts.length;
    expect(await remind()).toBe(1);
    const [reminder] = await reminders(s.id, g.agency.org.id);
    expect(reminder).toMatchObject({ ack_requested: 1, email: g.agency.officer.email, step: 0 });
    expect(Date.parse(reminder?.escalate_at ?? '') - t.clock.now().getTime()).toBe(30 * MINUTE);
    const [mail] = await mailTo(t, smtp, g.agency.officer.email, from);
    expect(mail?.subject).toContain(`【事態】${s.number}`);
    expect(mail?.subject).toContain('被害状況確認の督促');
    // The ministry that may answer for its agency is told, not chased; it answered itself and is not reminded.
    const told = await reminders(s.id, g.ministry.org.id);
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({ ack_requested: 0, escalate_at: null });
    expect((await inbox(t, g.agency.officer)).filter((n) => n.event === 'rollcall.reminded')).toHaveLength(1);
    // Out of scope: nothing.
    expect(await reminders(s.id, g.outside.org.id)).toEqual([]);
    // On the live stream, that the agency has not answered reaches the agency and its ministry only (the center
    // reads the board; no other body learns who has not answered).
    const live = (await t.services.events.since(0, 10_000)).filter(
      (e) => e.type === 'rollcall.reminded' && e.payload.situationId === s.id,
    );
    expect(live).toHaveLength(1);
    expect([...(live[0]?.readerOrgIds ?? [])].sort()).toEqual([g.agency.org.id, g.ministry.org.id].sort());
    expect(live[0]?.payload).toEqual({
      situationId: s.id,
      number: s.number,
      orgId: g.agency.org.id,
      dueAt: s.rollCallDueAt,
    });

    t.clock.advance(MINUTE);
    expect(await remind()).toBe(0);
    // Another process on the same database (a restart) does not remind again.
    const again = otherServices(t, dialect);
    try {
      expect(await sweepRollCallReminders(again.handle, again.notificationDeps)).toBe(0);
    } finally {
      await again.close();
    }
    expect(await reminders(s.id, g.agency.org.id)).toHaveLength(1);
  });

  it('an unacknowledged reminder escalates; an answer closes it and it escalates no further', async () => {
    const g = await government(t);
    const s = await declare(t, coordinator, g.ministry.org, { level: 'emergency' });
    t.clock.advance(60 * MINUTE);
    expect(await remind()).toBe(2);
    // 非常: 15 minutes to acknowledge the reminder, then the next contact.
    t.clock.advance(15 * MINUTE);
    await sweepEscalations(t.handle, t.services.notificationDeps);
    expect((await reminders(s.id, g.agency.org.id)).map((n) => n.email)).toEqual([
      g.agency.officer.email,
      g.agency.deputy,
    ]);
    await answer(t, g.ministry.officer, s.id, g.agency.org.id);
    for (const n of await noticesOf(t, s.id, g.agency.org.id))
      expect(n).toMatchObject({
        escalate_at: null,
        closed_reason: expect.stringContaining('rollcall.answered'),
      });
    t.clock.advance(60 * MINUTE);
    await sweepEscalations(t.handle, t.services.notificationDeps);
    expect(await reminders(s.id, g.agency.org.id)).toHaveLength(2);
    // The ministry has not answered for itself: its reminder is still open.
    const ministry = await reminders(s.id, g.ministry.org.id);
    expect(ministry.some((n) => n.ack_requested === 1 && n.closed_reason === null)).toBe(true);
  });

  it('a level change that moves the deadline: the new deadline counts', async () => {
    const g = await government(t);
    const s = await declare(t, coordinator, g.ministry.org, { level: 'caution' });
    expect(Date.parse(s.rollCallDueAt) - t.clock.now().getTime()).toBe(240 * MINUTE);
    t.clock.advance(10 * MINUTE);
    const changed = await t.request(coordinator, {
      method: 'POST',
      url: `/api/v1/situations/${s.id}/level`,
      payload: { level: 'emergency' },
    });
    expect(changed.statusCode, changed.body).toBe(200);
    const due = Date.parse((changed.json() as { rollCallDueAt: string }).rollCallDueAt);
    expect(due).toBeLessThan(Date.parse(s.rollCallDueAt));
    t.clock.advance(due - t.clock.now().getTime() - MINUTE);
    await remind();
    expect(await chased(s.id)).toEqual([]);
    t.clock.advance(MINUTE);
    await remind();
    const both = [g.ministry.org.id, g.agency.org.id].sort();
    expect(await chased(s.id)).toEqual(both);
    t.clock.advance(240 * MINUTE);
    await remind();
    expect((await reminders(s.id, g.agency.org.id)).filter((n) => n.step === 0)).toHaveLength(1);
  });

  it('a stood-down situation reminds nobody, and its open notices close', async () => {
    const g = await government(t);
    const s = await declare(t, coordinator, g.ministry.org);
    const down = await t.request(coordinator, {
      method: 'POST',
      url: `/api/v1/situations/${s.id}/stand-down`,
      payload: {},
    });
    expect(down.statusCode, down.body).toBe(200);
    const [declared] = (await noticesOf(t, s.id, g.agency.org.id)).filter(
      (n) => n.event === 'situation.declared',
    );
    expect(declared).toMatchObject({ escalate_at: null, ack_via: 'action' });
    const [stoodDown] = (await noticesOf(t, s.id, g.agency.org.id)).filter(
      (n) => n.event === 'situation.stood_down',
    );
    expect(stoodDown).toMatchObject({ ack_requested: 0 });
    t.clock.advance(500 * MINUTE);
    await remind();
    expect(await chased(s.id)).toEqual([]);
  });
  it("answering the roll-call closes the body's notices about the situation, on behalf too, and only its own", async () => {
    const g = await government(t);
    const s = await declare(t, coordinator, g.ministry.org);
    t.clock.advance(5 * MINUTE);
    // The ministry answers for itself, and for its agency.
    await answer(t, g.ministry.officer, s.id);
    await answer(t, g.ministry.officer, s.id, g.agency.org.id);
    for (const body of [g.ministry, g.agency]) {
      const [notice] = await noticesOf(t, s.id, body.org.id);
      expect(notice).toMatchObject({ ack_via: 'action', escalate_at: null });
      expect(JSON.parse(notice?.closed_reason ?? '{}')).toMatchObject({
        action: 'rollcall.answered',
        orgId: body.org.id,
      });
      const [item] = (await inbox(t, body.officer)).filter((n) => n.about?.type === 'situation');
      expect(item?.closed).toMatchObject({ action: 'rollcall.answered' });
    }
    t.clock.advance(60 * MINUTE);
    await sweep();
    for (const body of [g.ministry, g.agency])
      expect((await noticesOf(t, s.id, body.org.id)).map((n) => n.step)).toEqual([0]);

    // Another situation over two ministries: one answering leaves the other's notice open, and it escalates.
    const other = await staffed(t, await t.org('ministry'));
    const both = await declare(t, coordinator, g.ministry.org, {
      scope: {
        kind: 'bodies',
        bodies: [
          { orgId: g.ministry.org.id, withAgencies: false },
          { orgId: other.org.id, withAgencies: false },
        ],
      },
    });
    await answer(t, g.ministry.officer, both.id);
    expect((await noticesOf(t, both.id, other.org.id))[0]).toMatchObject({ acknowledged_at: null });
    t.clock.advance(30 * MINUTE);
    await sweep();
    expect((await noticesOf(t, both.id, other.org.id)).map((n) => n.step)).toEqual([0, 1]);
  });

  it('the board shows who acknowledged the declaration and whose escalated', async () => {
    const g = await government(t);
    const s = await declare(t, coordinator, g.ministry.org);
    const [mine] = (await inbox(t, g.ministry.officer)).filter((n) => n.event === 'situation.declared');
    t.clock.advance(2 * MINUTE);
    const acked = t.clock.now().toISOString();
    await t.request(g.ministry.officer, {
      method: 'POST',
      url: `/api/v1/notifications/${mine?.id}/acknowledge`,
    });
    t.clock.advance(30 * MINUTE);
    await sweep();
    const res = await t.request(coordinator, { method: 'GET', url: `/api/v1/situations/${s.id}/board` });
    expect(res.statusCode, res.body).toBe(200);
    const rows = (
      res.json() as { bodies: { orgId: string; acknowledgedAt: string | null; escalated: boolean }[] }
    ).bodies;
    expect(rows.find((b) => b.orgId === g.ministry.org.id)).toMatchObject({
      acknowledgedAt: acked,
      escalated: false,
    });
    expect(rows.find((b) => b.orgId === g.agency.org.id)).toMatchObject({
      acknowledgedAt: null,
      escalated: true,
    });
  });
});
