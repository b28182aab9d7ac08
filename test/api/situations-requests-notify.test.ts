import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepEscalations } from '../../src/features/notifications/notifications.escalation.js';
import { sweepRequestReminders } from '../../src/features/situations/requests.reminders.js';
import { issueRequest } from '../../src/features/situations/requests.usecases.js';
import { inTransaction } from '../../src/platform/db/transaction.js';
import { actorOf } from '../support/actors.js';
import { DIALECTS } from '../support/databases.js';
import { declareExerciseSituation, insertExercise } from '../support/exercises.js';
import { startTestApp, type TestApp, type TestUser } from '../support/harness.js';
import { type SmtpReceiver, startSmtpReceiver } from '../support/smtp.js';
import { type Body, declare, government, inbox, mailTo, staffed } from './situations-notify.support.js';

// A request (要請) reaches the duty contacts of exactly the bodies it addresses, on every channel: 【要請】 with the
// situation's number and R-n (its title and text only at TLP:CLEAR/GREEN), asking to be acknowledged; moving the
// request to 受領 acknowledges it. A moved due time and a withdrawal inform them. Past its due time and not 完了,
// a body is reminded once (its ministry told), again after the due time moves; never after withdrawal or the
// stand-down. An exercise's requests are marked 【訓練】.

const PUBLIC = 'https://renraku.example.go.jp';
const CENTER = 'duty@center.example.jp';
const HOUR = 3_600_000;

describe.each(DIALECTS)('request notices on %s', (dialect) => {
  let t: TestApp;
  let smtp: SmtpReceiver;
  let hook: Server;
  const hookCalls: Record<string, unknown>[] = [];
  let coordinator: TestUser;
  let g: Awaited<ReturnType<typeof government>>;
  let sibling: Body;
  let tooled: Awaited<ReturnType<TestApp['org']>>;

  beforeAll(async () => {
    smtp = await startSmtpReceiver();
    hook = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        hookCalls.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>);
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
    t = await startTestApp(dialect, {
      config: { smtpUrl: smtp.url, publicUrl: PUBLIC, webhookAllowLoopback: true },
    });
    const center = await t.org('center');
    coordinator = await t.user(center, 'center-coordinator');
    await t.contact(center, { name: 'センター当番', role: 'duty-officer', email: CENTER });
    g = await government(t);
    // A sibling agency in scope, never addressed; an agency whose only duty contact is its tool (a webhook).
    sibling = await staffed(t, await t.org('agency', { parent: g.ministry.org }));
    tooled = await t.org('agency', { parent: g.ministry.org });
    const { port } = hook.address() as AddressInfo;
    await t.contact(tooled, {
      name: '当番システム',
      role: 'duty-officer',
      webhookUrl: `http://127.0.0.1:${port}/h`,
    });
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
    hook?.close();
  });

  const post = async (path: string, payload: Record<string, unknown>, u: TestUser = coordinator) => {
    const res = await t.request(u, { method: 'POST', url: path, payload });
    expect(res.statusCode, res.body).toBeLessThan(300);
    return res.json() as {
      id: string;
      number: string;
      version: number;
      bodies: { orgId: string; version: number }[];
    };
  };
  const issue = (situationId: string, orgIds: string[], title = '外部公開サーバの点検', hours = 2) =>
    post(`/api/v1/situations/${situationId}/requests`, {
      title,
      body: '機密の本文：全サーバのログを確認すること',
      dueAt: new Date(t.clock.now().getTime() + hours * HOUR).toISOString(),
      addressees: { kind: 'bodies', bodies: orgIds.map((orgId) => ({ orgId })) },
    });
  const requestMails = async (address: string, from: number) =>
    (await mailTo(t, smtp, address, from)).filter((m) => m.subject?.includes('要請'));
  const everyone = () => [g.ministry, g.agency, sibling, g.outside, g.outsideAgency];
  const sweep = () => sweepRequestReminders(t.handle, t.services.situationDeps);

  it('reaches exactly the addressed bodies by e-mail, webhook and in-app, asking an acknowledgment that 受領 gives', async () => {
    const s = await declare(t, coordinator, g.ministry.org, { tlp: 'TLP:GREEN' });
    const from = smtp.receipts.length;
    const hooks = hookCalls.length;
    const r = await issue(s.id, [g.agency.org.id, tooled.id]);
    const [mail, ...more] = await requestMails(g.agency.officer.email, from);
    expect(more).toHaveLength(0);
    expect(mail?.subject).toBe(`[TLP:GREEN] 【Renraku】【要請】${s.number} R-1 外部公開サーバの点検`);
    expect(mail?.text).toContain('機密の本文：全サーバのログを確認すること');
    expect(mail?.text).toContain('「受領」にしてください');
    expect(mail?.text).toContain(`${PUBLIC}/situations/${s.id}`);
    expect(mail?.text).toContain('受領の確認');
    for (const b of [g.ministry, sibling, g.outside, g.outsideAgency])
      expect(await requestMails(b.officer.email, from)).toHaveLength(0);
    expect(await requestMails(CENTER, from)).toHaveLength(0);
    await t.services.outbox.deliverDue(100);
    const calls = hookCalls.slice(hooks).filter((h) => String(h.event).startsWith('situation.request'));
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      event: 'situation.request.issued',
      situationNumber: s.number,
      requestNumber: 'R-1',
      subject: { type: 'situation_request', id: r.id },
      requestTitle: '外部公開サーバの点検',
      content: { summary: '機密の本文：全サーバのログを確認すること' },
    });
    // In-app: the agency's officer, asked to acknowledge, linked to the situation page; nobody else.
    const notice = (await inbox(t, g.agency.officer)).find((n) => n.event === 'situation.request.issued');
    expect(notice).toMatchObject({
      needsAck: true,
      acknowledgedAt: null,
      about: {
        type: 'situation_request',
        readable: true,
        path: `/situations/${s.id}`,
        title: `${s.number} R-1 外部公開サーバの点検`,
      },
    });
    for (const b of [g.ministry, sibling, g.outside, g.outsideAgency])
      expect((await inbox(t, b.officer)).filter((n) => n.event.startsWith('situation.request'))).toEqual([]);

    // 受領 answers the notice: it no longer escalates.
    await post(
      `/api/v1/situations/${s.id}/requests/${r.id}/moves`,
      { state: 'acknowledged' },
      g.agency.officer,
    );
    const after = (await inbox(t, g.agency.officer)).find((n) => n.event === 'situation.request.issued');
    expect(after?.closed).toMatchObject({ action: 'situation.request_moved' });
    const escalatedFrom = smtp.receipts.length;
    t.clock.advance(HOUR);
    await sweepEscalations(t.handle, t.services.notificationDeps);
    expect(await requestMails(g.agency.deputy, escalatedFrom)).toHaveLength(0);
    await post(`/api/v1/situations/${s.id}/stand-down`, { note: '終結' });
  });

  it('at TLP:AMBER says the numbers only; amendment and withdrawal inform the addressed bodies', async () => {
    const s = await declare(t, coordinator, g.ministry.org, { tlp: 'TLP:AMBER' });
    let from = smtp.receipts.length;
    const r = await issue(s.id, [g.ministry.org.id, g.agency.org.id], '秘密の件名');
    for (const b of [g.ministry, g.agency]) {
      const [mail, ...more] = await requestMails(b.officer.email, from);
      expect(more).toHaveLength(0);
      expect(mail?.subject).toBe(`[TLP:AMBER] 【Renraku】【要請】${s.number} R-1`);
      expect(mail?.text).not.toContain('秘密の件名');
      expect(mail?.text).not.toContain('機密の本文');
    }
    from = smtp.receipts.length;
    const dueAt = new Date(t.clock.now().getTime() + 5 * HOUR).toISOString();
    await post(`/api/v1/situations/${s.id}/requests/${r.id}/due`, { dueAt, version: r.version });
    for (const b of [g.ministry, g.agency]) {
      const [mail] = await requestMails(b.officer.email, from);
      expect(mail?.subject).toBe(`[TLP:AMBER] 【Renraku】【要請】${s.number} R-1（要請の期限変更）`);
    }
    for (const b of [sibling, g.outside, g.outsideAgency])
      expect(await requestMails(b.officer.email, from)).toHaveLength(0);
    from = smtp.receipts.length;
    await post(`/api/v1/situations/${s.id}/requests/${r.id}/withdraw`, { version: r.version + 1 });
    const [withdrawn] = await requestMails(g.agency.officer.email, from);
    expect(withdrawn?.subject).toBe(`[TLP:AMBER] 【Renraku】【要請】${s.number} R-1（要請の取り下げ）`);
    // The withdrawal ends what the issue asked of everybody.
    const issued = (await inbox(t, g.ministry.officer)).find(
      (n) => n.event === 'situation.request.issued' && n.about?.path === `/situations/${s.id}`,
    );
    expect(issued?.closed).toMatchObject({ action: 'situation.request_withdrawn' });
    // And nobody is reminded of a withdrawn request.
    t.clock.advance(6 * HOUR);
    expect(await sweep()).toBe(0);
  });

  it('reminds each body not 完了 once past the due time (its ministry told), again after the due time moves', async () => {
    const s = await declare(t, coordinator, g.ministry.org, { tlp: 'TLP:GREEN' });
    const r = await issue(s.id, [g.ministry.org.id, g.agency.org.id, sibling.org.id], '報告の提出', 1);
    // The sibling is done before the due time: it is not reminded.
    await post(`/api/v1/situations/${s.id}/requests/${r.id}/moves`, { state: 'done' }, sibling.officer);
    expect(await sweep()).toBe(0);
    await t.services.outbox.deliverDue(100);
    let from = smtp.receipts.length;
    t.clock.advance(HOUR + 60_000);
    expect(await sweep()).toBe(2);
    expect(await sweep()).toBe(0);
    const agencyMails = (await requestMails(g.agency.officer.email, from)).filter((m) =>
      m.subject?.includes('督促'),
    );
    expect(agencyMails.map((m) => m.subject)).toEqual([
      `[TLP:GREEN] 【Renraku】【要請】${s.number} R-1 報告の提出（要請の督促）`,
    ]);
    // The ministry: reminded of its own, told of its agency's.
    const ministryMails = (await requestMails(g.ministry.officer.email, from)).filter((m) =>
      m.subject?.includes('督促'),
    );
    expect(ministryMails).toHaveLength(2);
    for (const b of [sibling, g.outside, g.outsideAgency])
      expect(await requestMails(b.officer.email, from)).toHaveLength(0);
    const reminder = (await inbox(t, g.agency.officer)).find((n) => n.event === 'situation.request.overdue');
    expect(reminder).toMatchObject({ needsAck: true });

    // A moved due time re-arms it.
    await post(`/api/v1/situations/${s.id}/requests/${r.id}/due`, {
      dueAt: new Date(t.clock.now().getTime() + HOUR).toISOString(),
      version: r.version,
    });
    expect(await sweep()).toBe(0);
    from = smtp.receipts.length;
    t.clock.advance(HOUR + 60_000);
    expect(await sweep()).toBe(2);
    expect(await sweep()).toBe(0);
    expect(
      (await requestMails(g.agency.officer.email, from)).filter((m) => m.subject?.includes('督促')),
    ).toHaveLength(1);
  });

  it('after the stand-down reminds nobody, and the issue notices ask nothing more', async () => {
    const s = await declare(t, coordinator, g.ministry.org, { tlp: 'TLP:GREEN' });
    await issue(s.id, [g.agency.org.id], '停止前の要請', 1);
    await post(`/api/v1/situations/${s.id}/stand-down`, { note: '終結' });
    t.clock.advance(2 * HOUR);
    expect(await sweep()).toBe(0);
    const issued = (await inbox(t, g.agency.officer)).filter(
      (n) => n.event === 'situation.request.issued' && n.about?.path === `/situations/${s.id}`,
    );
    expect(issued).toHaveLength(1);
    expect(issued[0]?.closed).toMatchObject({ action: 'situation.stood_down' });
  });

  it('marks the requests of an exercise situation 【訓練】 (ja) and [EXERCISE] (en)', async () => {
    const en = await staffed(t, await t.org('agency', { parent: g.ministry.org }), 'en');
    const exercise = await insertExercise(t, coordinator, { name: '要請訓練' });
    const drill = await declareExerciseSituation(t, coordinator, exercise.id, [g.ministry.org]);
    await t.services.outbox.deliverDue(100);
    const from = smtp.receipts.length;
    await inTransaction(t.handle, (unit) =>
      issueRequest({
        unit,
        actor: actorOf(coordinator),
        situationId: drill.row.id,
        input: {
          title: '訓練の要請',
          body: '訓練本文',
          dueAt: new Date(t.clock.now().getTime() + HOUR).toISOString(),
          addressees: { kind: 'bodies', bodies: [{ orgId: g.agency.org.id }, { orgId: en.org.id }] },
        },
        deps: t.services.situationDeps,
      }),
    );
    const [ja] = await requestMails(g.agency.officer.email, from);
    expect(ja?.subject).toBe(`【訓練】[TLP:AMBER] 【Renraku】【要請】${drill.row.number} R-1`);
    expect(ja?.text?.split('\n')[0]).toContain('【訓練】');
    const [mail] = (await mailTo(t, smtp, en.officer.email, from)).filter((m) =>
      m.subject?.includes('Request'),
    );
    expect(mail?.subject).toBe(`[EXERCISE] [TLP:AMBER] [Renraku] [Request] ${drill.row.number} R-1`);
    // In-app: titled with the request, marked as the exercise's (the mark heads it: web/src/contacts).
    const notice = (await inbox(t, g.agency.officer)).find(
      (n) => n.event === 'situation.request.issued' && n.exercise !== null,
    );
    expect(notice).toMatchObject({
      exercise: { id: exercise.id },
      about: { readable: true, title: `${drill.row.number} R-1 訓練の要請` },
    });
    for (const b of everyone().filter((b) => b !== g.agency))
      expect(await requestMails(b.officer.email, from)).toHaveLength(0);
  });
});
