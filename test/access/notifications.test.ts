import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContact } from '../../src/features/contacts/contacts.usecases.js';
import { sweepEscalations } from '../../src/features/notifications/notifications.escalation.js';
import { createToken } from '../../src/features/users/tokens.usecases.js';
import { createUser } from '../../src/features/users/users.create.js';
import type { Role } from '../../src/platform/access/roles.js';
import { inTransaction } from '../../src/platform/db/transaction.js';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestOrg, type TestUser } from '../support/harness.js';
import { type SmtpReceiver, startSmtpReceiver } from '../support/smtp.js';

// Who reads and who changes a body's notification rules, who sees the notifications of an incident, and whose
// notification one may acknowledge: every role at every kind of body, against every body.

const ORGS = ['C', 'M1', 'A1', 'M2'] as const;
type OrgKey = (typeof ORGS)[number];
const PARENT: Partial<Record<OrgKey, OrgKey>> = { A1: 'M1' };
const ROLES_AT = (o: OrgKey): Role[] =>
  o === 'C'
    ? ['reporter', 'security-officer', 'center-analyst', 'center-coordinator', 'admin', 'auditor']
    : ['reporter', 'security-officer'];

/**
 * The rules of a body follow its contact structure: managed by its security officer, read as it is; an
 * administrator's change is asked, and waits for the body's officer.
 */
function rulesAccess(viewer: OrgKey, role: Role, target: OrgKey): 'manage' | 'ask' | 'read' | 'none' {
  if (role === 'admin') return 'ask';
  if (role === 'auditor') return 'none';
  if (viewer === target) return role === 'security-officer' ? 'manage' : 'read';
  if (viewer === 'C') return 'read';
  if (PARENT[target] === viewer && role === 'security-officer') return 'read';
  return 'none';
}

/** An incident of A1 (its ministry does not review) is read by A1, M1 and the center's content roles. */
const readsIncident = (viewer: OrgKey, role: Role) =>
  ['A1', 'M1', 'C'].includes(viewer) && role !== 'admin' && role !== 'auditor';

describe.each(DIALECTS)('access to notifications on %s', (dialect) => {
  let t: TestApp;
  const orgs = {} as Record<OrgKey, TestOrg>;
  const people: { org: OrgKey; role: Role; user: TestUser }[] = [];
  let incidentId: string;
  let notificationId: string;
  let addressee: TestUser;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    orgs.C = await t.org('center');
    orgs.M1 = await t.org('ministry');
    orgs.M2 = await t.org('ministry');
    orgs.A1 = await t.org('agency', { parent: orgs.M1 });
    for (const o of ORGS)
      for (const role of ROLES_AT(o)) people.push({ org: o, role, user: await t.user(orgs[o], role) });
    const a1Officer = people.find((p) => p.org === 'A1' && p.role === 'security-officer');
    if (!a1Officer) throw new Error('no officer');
    addressee = a1Officer.user;
    for (const o of ORGS) {
      await inTransaction(t.handle, (unit) =>
        createContact({
          unit,
          actor: null,
          slug: orgs[o].slug,
          input: {
            name: `duty ${o}`,
            role: 'duty-officer',
            // A1's duty officer is its security officer's account: in-app notifications reach that user.
            email: o === 'A1' ? addressee.email : `duty@${o}.example.jp`,
          },
          deps: t.services.contactDeps,
        }),
      );
    }
    const reporter = people.find((p) => p.org === 'A1' && p.role === 'reporter');
    if (!reporter) throw new Error('no reporter');
    incidentId = (await t.fileIncident(reporter.user)).id;
    const row = await t.handle.db
      .selectFrom('notifications')
      .select('id')
      .where('incident_id', '=', incidentId)
      .where('user_id', '=', addressee.id)
      .executeTakeFirstOrThrow();
    notificationId = row.id;
  });
  afterAll(async () => t?.close());

  it('reads and changes notification rules exactly as the contact structure', async () => {
    const seen: string[] = [];
    const want: string[] = [];
    for (const p of people) {
      for (const target of ORGS) {
        const url = `/api/v1/orgs/${orgs[target].slug}/notification-rules`;
        const access = rulesAccess(p.org, p.role, target);
        const get = await t.request(p.user, { method: 'GET', url });
        const put = await t.request(p.user, { method: 'PUT', url, payload: { rules: [] } });
        const who = `${p.role}@${p.org} → ${target}`;
        seen.push(`${who}: GET ${get.statusCode}, PUT ${put.statusCode}`);
        want.push(
          `${who}: GET ${access === 'none' ? 404 : 200}, PUT ${{ manage: 200, ask: 202, read: 403, none: 404 }[access]}`,
        );
        if (access === 'none') expect(get.json()).toMatchObject({ code: 'notification_rules.not_found' });
      }
    }
    expect(seen).toEqual(want);
  });

  it('shows the notifications of an incident to its readers only', async () => {
    const seen: string[] = [];
    const want: string[] = [];
    for (const p of people) {
      const res = await t.request(p.user, {
        method: 'GET',
        url: `/api/v1/incidents/${incidentId}/notifications`,
      });
      seen.push(`${p.role}@${p.org}: ${res.statusCode}`);
      want.push(`${p.role}@${p.org}: ${readsIncident(p.org, p.role) ? 200 : 404}`);
      if (res.statusCode === 200)
        expect((res.json() as { items: unknown[] }).items.length).toBeGreaterThanOrEqual(3);
    }
    expect(seen).toEqual(want);
  });

  it('lists and acknowledges a notification for its addressee only', async () => {
    for (const p of people) {
      if (p.user.id === addressee.id) continue;
      const list = await t.request(p.user, { method: 'GET', url: '/api/v1/notifications' });
      expect(list.statusCode).toBe(200);
      expect(list.body).not.toContain(notificationId);
      const ack = await t.request(p.user, {
        method: 'POST',
        url: `/api/v1/notifications/${notificationId}/acknowledge`,
      });
      expect({ who: `${p.role}@${p.org}`, status: ack.statusCode }).toEqual({
        who: `${p.role}@${p.org}`,
        status: 404,
      });
    }
    const mine = await t.request(addressee, { method: 'GET', url: '/api/v1/notifications' });
    expect(mine.body).toContain(notificationId);
    const ack = await t.request(addressee, {
      method: 'POST',
      url: `/api/v1/notifications/${notificationId}/acknowledge`,
    });
    expect(ack.statusCode, ack.body).toBe(200);
    expect((await t.request(null, { method: 'GET', url: '/api/v1/notifications' })).statusCode).toBe(401);
  });
});

// Notifications about a share reach only who may read it (DESIGN §4, TLP 2.0): a TLP:RED share its named
// people — by their own account or address, never a body's tool, never a colleague next in the escalation
// order — and an AMBER+STRICT share the recipient body's own people; the center is told of an unacknowledged
// RED alert without being told what it was. Every attempt runs over real SMTP and a real webhook receiver.
describe.each(DIALECTS)('notifications about a share reach only its readers on %s', (dialect) => {
  const MINUTE = 60_000;
  let t: TestApp;
  let smtp: SmtpReceiver;
  let hook: Server;
  let hookBase: string;
  const hookCalls: { path: string; body: string }[] = [];
  let center: TestOrg;
  let analyst: TestUser;
  let admin: TestUser;

  beforeAll(async () => {
    smtp = await startSmtpReceiver();
    hook = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        hookCalls.push({ path: req.url ?? '', body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
    hookBase = `http://127.0.0.1:${(hook.address() as AddressInfo).port}`;
    t = await startTestApp(dialect, {
      config: { smtpUrl: smtp.url, publicUrl: 'https://renraku.example.go.jp', webhookAllowLoopback: true },
    });
    center = await t.org('center');
    analyst = await t.user(center, 'center-analyst');
    admin = await t.user(center, 'admin');
    await t.contact(center, { name: 'センター当番', role: 'duty-officer', email: 'duty@center.example.jp' });
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
    hook?.close();
  });

  /** A recipient ministry whose rule asks every contact to acknowledge a share within 5 minutes. */
  async function recipient(channels: string[] = ['email', 'webhook', 'in-app']) {
    const org = await t.org('ministry');
    const officer = await t.user(org, 'security-officer');
    const res = await t.request(officer, {
      method: 'PUT',
      url: `/api/v1/orgs/${org.slug}/notification-rules`,
      payload: {
        rules: [
          { event: 'share.published', enabled: true, roles: ['duty-officer'], channels, ackMinutes: 5 },
        ],
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    return { org, officer };
  }

  async function publish(tlp: string, audience: Record<string, unknown>) {
    const res = await t.request(analyst, {
      method: 'POST',
      url: '/api/v1/shares',
      payload: {
        sourceIncidentIds: [],
        content: { title: '注意喚起 観測された攻撃基盤', body: '攻撃基盤への通信を確認してください。' },
        audience,
        tlp,
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const share = res.json() as { id: string; status: string };
    expect(share.status).toBe('published');
    return share;
  }

  /** Sends what is due; then who received an e-mail, a webhook or a notification naming the share. */
  async function reached(shareId: string, from: { mail: number; hook: number }) {
    const mails = (await mailsSince(from.mail)).filter((m) => m.text.includes(shareId)).flatMap((m) => m.to);
    const hooks = hookCalls
      .slice(from.hook)
      .filter((c) => c.body.includes(shareId))
      .map((c) => c.path);
    const rows = await t.handle.db
      .selectFrom('notifications')
      .select(['contact_id', 'user_id', 'email'])
      .where('subject_id', '=', shareId)
      .execute();
    return { mails: mails.sort(), hooks, rows };
  }
  const mark = () => ({ mail: smtp.receipts.length, hook: hookCalls.length });

  async function escalateAfter(minutes: number) {
    t.clock.advance(minutes * MINUTE);
    await sweepEscalations(t.handle, t.services.notificationDeps);
    await t.services.outbox.deliverDue(500);
  }

  /** Sends what is due; then every e-mail received since `from`, decoded: its recipients, subject and text. */
  async function mailsSince(from: number) {
    await t.services.outbox.deliverDue(500);
    return Promise.all(
      smtp.receipts.slice(from).map(async (r) => {
        const m = await simpleParser(r.raw);
        return { to: r.to, text: `${m.subject ?? ''}\n${m.text ?? ''}` };
      }),
    );
  }

  /** What the center's duty officer was told since `from`, by e-mail, about the body. */
  async function centerMail(from: number, org: TestOrg) {
    return (await mailsSince(from))
      .filter((m) => m.to.includes('duty@center.example.jp') && m.text.includes(org.slug))
      .map((m) => m.text);
  }

  it('a TLP:RED share does not escalate to the next contact, who is not named: the center hears without details', async () => {
    const { org } = await recipient();
    const named = await t.user(org, 'security-officer');
    const colleague = await t.user(org, 'reporter');
    await t.contact(org, { name: '指名された当番', role: 'duty-officer', email: named.email });
    const deputy = await t.contact(org, {
      name: '副当番',
      role: 'deputy',
      email: `deputy@${org.slug}.example.jp`,
    });
    await t.contact(org, { name: '同僚', role: 'deputy', email: colleague.email });
    const from = mark();
    const share = await publish('TLP:RED', { kind: 'users', users: [named.email] });
    expect((await reached(share.id, from)).mails).toEqual([named.email]);

    await escalateAfter(5);
    const after = await reached(share.id, from);
    expect(after.mails).toEqual([named.email]);
    expect(after.rows.map((r) => r.contact_id)).not.toContain(deputy.contact.id);
    expect(after.rows.every((r) => r.email === named.email && r.user_id === named.id)).toBe(true);
    const told = await centerMail(from.mail, org);
    expect(told).toHaveLength(1);
    expect(told[0]).not.toContain(share.id);
    expect(told[0]).not.toContain('/shares/');
    // The colleague's own notifications and live stream hold nothing of it.
    const list = await t.request(colleague, { method: 'GET', url: '/api/v1/notifications' });
    expect(list.body).not.toContain(share.id);
  });

  it('a TLP:RED share goes to no webhook, even when the rule asks for one and the named contact has it', async () => {
    const { org } = await recipient();
    const named = await t.user(org, 'reporter');
    await t.contact(org, {
      name: '指名された当番',
      role: 'duty-officer',
      email: named.email,
      webhookUrl: `${hookBase}/red/${org.slug}`,
    });
    const from = mark();
    const share = await publish('TLP:RED', { kind: 'users', users: [named.email] });
    const seen = await reached(share.id, from);
    expect(seen.mails).toEqual([named.email]);
    expect(seen.hooks).toEqual([]);
    const mine = await t.request(named, { method: 'GET', url: '/api/v1/notifications' });
    expect(mine.body).toContain(share.id);
  });

  it('a named person disabled after the share went out is not reached by its escalation', async () => {
    const { org } = await recipient();
    const first = await t.user(org, 'security-officer');
    const second = await t.user(org, 'reporter');
    await t.contact(org, { name: '一人目', role: 'duty-officer', email: first.email });
    await t.contact(org, { name: '二人目', role: 'duty-officer', email: second.email });
    const from = mark();
    const share = await publish('TLP:RED', { kind: 'users', users: [first.email, second.email] });
    expect((await reached(share.id, from)).mails).toEqual([first.email]);
    const off = await t.request(admin, {
      method: 'PATCH',
      url: `/api/v1/users/${second.id}`,
      payload: { disabled: true },
    });
    expect(off.statusCode, off.body).toBe(200);
    await escalateAfter(5);
    expect((await reached(share.id, from)).mails).toEqual([first.email]);
    expect(await centerMail(from.mail, org)).toHaveLength(1);
  });

  it('an AMBER+STRICT share stays in the recipient body: not an address of another body’s person, nor of a disabled one', async () => {
    const { org } = await recipient();
    const disabled = await t.user(org, 'reporter');
    const duty = await t.contact(org, {
      name: '当番',
      role: 'duty-officer',
      email: `duty@${org.slug}.example.jp`,
    });
    // An administrator tries to put its own address into the body's structure, to hear of what the body
    // receives: refused (separation of duties). Planted all the same (say, before that rule, or confirmed by a
    // careless officer), the address still hears nothing the administrator may not read.
    const planted = await t.request(admin, {
      method: 'POST',
      url: `/api/v1/orgs/${org.slug}/contacts`,
      payload: { name: '管理者', role: 'deputy', email: admin.email },
    });
    expect(planted.statusCode, planted.body).toBe(422);
    expect(planted.json()).toMatchObject({ code: 'changes.about_requester' });
    await t.contact(org, { name: '管理者', role: 'deputy', email: admin.email });
    await t.contact(org, { name: '退職者', role: 'deputy', email: disabled.email });
    const tool = await t.contact(org, {
      name: '当番システム',
      role: 'deputy',
      webhookUrl: `${hookBase}/strict/${org.slug}`,
    });
    await t.request(admin, {
      method: 'PATCH',
      url: `/api/v1/users/${disabled.id}`,
      payload: { disabled: true },
    });
    const from = mark();
    const share = await publish('TLP:AMBER+STRICT', { kind: 'orgs', orgs: [org.slug] });
    expect((await reached(share.id, from)).mails).toEqual([duty.contact.email]);
    await escalateAfter(5);
    const after = await reached(share.id, from);
    expect(after.mails).toEqual([duty.contact.email]);
    expect(after.hooks).toEqual([`/strict/${org.slug}`]);
    expect(after.rows.map((r) => r.contact_id)).toEqual([duty.contact.id, tool.contact.id]);
    const adminList = await t.request(admin, { method: 'GET', url: '/api/v1/notifications' });
    expect(adminList.body).not.toContain(share.id);
    // The body's own structure ran out: the center, which reads every share, is told which one.
    await escalateAfter(5);
    const told = await centerMail(from.mail, org);
    expect(told).toHaveLength(1);
    expect(told[0]).toContain(`/shares/${share.id}`);
  });

  it('an administrator’s own address planted in a body’s structure hears nothing of the body’s incidents', async () => {
    const org = await t.org('ministry');
    const reporter = await t.user(org, 'reporter');
    await t.contact(org, { name: '当番', role: 'duty-officer', email: `duty@${org.slug}.example.jp` });
    const planted = await t.request(admin, {
      method: 'POST',
      url: `/api/v1/orgs/${org.slug}/contacts`,
      payload: { name: '管理者', role: 'duty-officer', email: admin.email, order: 1 },
    });
    expect(planted.statusCode, planted.body).toBe(422);
    await t.contact(org, { name: '管理者', role: 'duty-officer', email: admin.email, order: 1 });
    const from = mark();
    const incident = await t.fileIncident(reporter, { title: 'GREEN-TITLE 公開可', tlp: 'TLP:GREEN' });
    const mails = (await mailsSince(from.mail)).filter((m) => m.text.includes(incident.id));
    // Its own duty officer and the center's, which received the report: not the administrator.
    expect(mails.flatMap((m) => m.to).sort()).toEqual([
      'duty@center.example.jp',
      `duty@${org.slug}.example.jp`,
    ]);
    const list = await t.request(admin, { method: 'GET', url: '/api/v1/notifications' });
    expect(list.body).not.toContain(incident.id);
  });

  it('a notice to an address is not shown to a person of another body who later has that address', async () => {
    const { org } = await recipient();
    const address = `later-${org.slug}@example.jp`;
    await t.contact(org, { name: '共用アドレス', role: 'duty-officer', email: address });
    const share = await publish('TLP:AMBER+STRICT', { kind: 'orgs', orgs: [org.slug] });
    const row = await t.handle.db
      .selectFrom('notifications')
      .select('id')
      .where('subject_id', '=', share.id)
      .executeTakeFirstOrThrow();
    const elsewhere = await t.org('ministry');
    const deps = { audit: t.services.audit, clock: t.clock };
    const other = await inTransaction(t.handle, (unit) =>
      createUser({
        unit,
        actor: null,
        input: { org: elsewhere.slug, role: 'reporter', email: address },
        deps,
      }),
    );
    const { secret } = await inTransaction(t.handle, (unit) =>
      createToken({ unit, actor: null, userId: other.id, name: 'test', deps }),
    );
    const headers = { authorization: `Bearer ${secret}` };
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/notifications', headers });
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(row.id);
    expect(list.body).not.toContain(share.id);
    const ack = await t.app.inject({
      method: 'POST',
      url: `/api/v1/notifications/${row.id}/acknowledge`,
      headers,
    });
    expect(ack.statusCode).toBe(404);
  });

  it('a withdrawn share escalates no further', async () => {
    const { org } = await recipient();
    await t.contact(org, { name: '当番', role: 'duty-officer', email: `duty1@${org.slug}.example.jp` });
    await t.contact(org, { name: '副当番', role: 'duty-officer', email: `duty2@${org.slug}.example.jp` });
    const from = mark();
    const share = await publish('TLP:AMBER', { kind: 'orgs', orgs: [org.slug] });
    const withdraw = await t.request(analyst, {
      method: 'POST',
      url: `/api/v1/shares/${share.id}/withdraw`,
      payload: { reason: '誤送信' },
    });
    expect(withdraw.statusCode, withdraw.body).toBe(200);
    await escalateAfter(5);
    await escalateAfter(5);
    expect((await reached(share.id, from)).mails).toEqual([`duty1@${org.slug}.example.jp`]);
    expect(await centerMail(from.mail, org)).toEqual([]);
  });
});
