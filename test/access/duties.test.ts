import type { LightMyRequestResponse } from 'fastify';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepExpiredChanges } from '../../src/features/changes/changes.usecases.js';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestOrg, type TestUser } from '../support/harness.js';
import { type SmtpReceiver, startSmtpReceiver } from '../support/smtp.js';

// Finding 5 of the security test: an administrator could become any body — create a security officer or a
// center analyst anywhere and read its incidents or approve consents in its name, or add a contact that receives
// incident titles by e-mail. Each attack below is tried as an administrator with a valid account would; each now
// waits for the body's own security officer, who alone (or, configured, a second administrator) makes it real.

const PASSWORD = 'a-password-the-admin-chose';
const TITLE = 'タイトルが漏れてはならない GREEN-TITLE';

describe.each(DIALECTS)('separation of duties on %s', (dialect) => {
  let t: TestApp;
  let smtp: SmtpReceiver;
  let g: Awaited<ReturnType<TestApp['government']>>;
  let admin: TestUser;
  let centerOfficer: TestUser;
  let n = 0;

  beforeAll(async () => {
    smtp = await startSmtpReceiver();
    // The people made here log in with the first password a confirmation shows; second factors are another
    // suite's (test/api/mfa*.test.ts), so no role needs one in this one.
    t = await startTestApp(dialect, { config: { smtpUrl: smtp.url, mfaRequiredRoles: [] } });
    g = await t.government();
    admin = await t.user(g.center, 'admin');
    centerOfficer = await t.user(g.center, 'security-officer');
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  const post = (who: TestUser, url: string, payload?: object) =>
    t.request(who, { method: 'POST', url, ...(payload ? { payload } : {}) });
  const patch = (who: TestUser, url: string, payload: object) =>
    t.request(who, { method: 'PATCH', url, payload });
  const confirm = (who: TestUser, id: string) => post(who, `/api/v1/changes/${id}/confirm`);
  const reject = (who: TestUser, id: string, reason?: string) =>
    post(who, `/api/v1/changes/${id}/reject`, reason ? { reason } : {});
  const code = (res: LightMyRequestResponse) => (res.json() as { code?: string }).code;
  const expectRefused = (res: LightMyRequestResponse, status: number, expected: string) =>
    expect([res.statusCode, code(res)], res.body).toEqual([status, expected]);
  const logIn = (email: string, password = PASSWORD) =>
    t.request(null, { method: 'POST', url: '/api/v1/session', payload: { email, password } });
  const userByEmail = (email: string) =>
    t.handle.db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
  const roleOf = async (u: TestUser) =>
    (await t.handle.db.selectFrom('users').select('role').where('id', '=', u.id).executeTakeFirstOrThrow())
      .role;
  const email = (what: string, org: TestOrg) => `${what}-${++n}@${org.slug}.test`;
  /** Answers to a browser session of `email`, as a request helper. */
  const session = async (address: string, password = PASSWORD) => {
    const res = await logIn(address, password);
    expect(res.statusCode, res.body).toBe(200);
    const cookie = res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const csrf = (res.json() as { csrfToken: string }).csrfToken;
    return (method: 'GET' | 'POST', url: string, payload?: object) =>
      t.app.inject({
        method,
        url,
        headers: { cookie, 'x-csrf-token': csrf },
        ...(payload ? { payload } : {}),
      });
  };

  /** A share of an incident of the ministry, awaiting the ministry's consent; its request's id. */
  async function shareAwaitingConsent() {
    const incident = await t.fileIncident(g.ministryReporter, { title: `機密 ${++n}` });
    const share = await post(g.analyst, '/api/v1/shares', {
      sourceIncidentIds: [incident.id],
      content: { title: `共有 ${n}`, body: '本文' },
      audience: { kind: 'all' },
      tlp: 'TLP:GREEN',
    });
    expect(share.statusCode, share.body).toBe(201);
    const request = await t.handle.db
      .selectFrom('consent_requests')
      .select('id')
      .where('share_id', '=', (share.json() as { id: string }).id)
      .executeTakeFirstOrThrow();
    return { incident, shareId: (share.json() as { id: string }).id, requestId: request.id };
  }

  it('a security officer an administrator creates in an existing body does not exist: no log-in, no incident, no consent', async () => {
    const { incident, requestId } = await shareAwaitingConsent();
    const mole = email('mole', g.ministry);
    // With a password of its choosing, it would log in as the new officer: a request may not carry one.
    const withPassword = await post(admin, '/api/v1/users', {
      org: g.ministry.slug,
      role: 'security-officer',
      email: mole,
      password: PASSWORD,
    });
    expectRefused(withPassword, 422, 'users.password_not_asked');
    const asked = await post(admin, '/api/v1/users', {
      org: g.ministry.slug,
      role: 'security-officer',
      email: mole,
    });
    expect(asked.statusCode, asked.body).toBe(202);
    expect(asked.json()).toMatchObject({
      kind: 'user.create',
      status: 'pending',
      confirmBy: 'body',
      org: { slug: g.ministry.slug },
      summary: { email: mole, role: 'security-officer' },
      mayConfirm: false,
    });
    expect(await userByEmail(mole)).toBeUndefined();
    expectRefused(await logIn(mole), 401, 'auth.invalid_credentials');

    // Confirmed by the ministry's own officer: the account exists now, with a first password shown to the
    // officer alone; the administrator's guess does not open it.
    const id = (asked.json() as { id: string }).id;
    const confirmed = await confirm(g.ministryOfficer, id);
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    const first = (confirmed.json() as { secret?: string }).secret as string;
    expect(first.length).toBeGreaterThanOrEqual(12);
    expect((await userByEmail(mole))?.role).toBe('security-officer');
    expectRefused(await logIn(mole), 401, 'auth.invalid_credentials');
    // The person, with the password the officer handed over, reads its body's incident and may answer.
    const as = await session(mole, first);
    expect((await as('GET', `/api/v1/incidents/${incident.id}`)).statusCode).toBe(200);
    expect((await as('GET', `/api/v1/consent-requests/${requestId}`)).statusCode).toBe(200);
  });

  it('an administrator cannot approve a consent in a body’s name by making itself an officer there', async () => {
    const { requestId } = await shareAwaitingConsent();
    // Its own address, or the same mailbox written otherwise, is refused outright.
    for (const address of [admin.email, admin.email.toUpperCase(), admin.email.replace('@', '+m@')]) {
      const res = await post(admin, '/api/v1/users', {
        org: g.ministry.slug,
        role: 'security-officer',
        email: address,
      });
      expect([res.statusCode, code(res)], address).toEqual(
        address.includes('+') ? [422, 'changes.about_requester'] : [409, 'users.email_taken'],
      );
    }
    const consent = await t.handle.db
      .selectFrom('consent_requests')
      .select('status')
      .where('id', '=', requestId)
      .executeTakeFirstOrThrow();
    expect(consent.status).toBe('pending');
  });

  it('an administrator turning a reporter into a security officer waits; the reporter answers no consent', async () => {
    const reporter = await t.user(g.ministry, 'reporter');
    const { requestId } = await shareAwaitingConsent();
    const asked = await patch(admin, `/api/v1/users/${reporter.id}`, { role: 'security-officer' });
    expect(asked.statusCode, asked.body).toBe(202);
    expect(await roleOf(reporter)).toBe('reporter');
    expectRefused(
      await t.request(reporter, { method: 'GET', url: '/api/v1/consent-requests' }),
      403,
      'auth.forbidden',
    );
    expectRefused(
      await post(reporter, `/api/v1/consent-requests/${requestId}/decision`, { decision: 'approve' }),
      404,
      'consent.not_found',
    );
    // The reporter cannot confirm its own promotion (it is no officer), and neither could it as one.
    expectRefused(await confirm(reporter, (asked.json() as { id: string }).id), 404, 'changes.not_found');
    // A center role for a center reporter, and an administrator's or auditor's role, wait the same way.
    const centerReporter = await t.user(g.center, 'reporter');
    for (const role of ['center-analyst', 'center-coordinator', 'admin', 'auditor']) {
      const res = await patch(admin, `/api/v1/users/${centerReporter.id}`, { role });
      expect(res.statusCode, `${role}: ${res.body}`).toBe(role === 'center-analyst' ? 202 : 409);
      if (role !== 'center-analyst') expect(code(res)).toBe('changes.already_pending');
    }
    expect(await roleOf(centerReporter)).toBe('reporter');
  });

  it('a contact an administrator adds hears nothing of the body’s incidents until the body confirms it', async () => {
    const ministry = await t.org('ministry');
    const officer = await t.user(ministry, 'security-officer');
    const reporter = await t.user(ministry, 'reporter');
    const spy = `spy-${dialect}@outside.example`;
    const added = await post(admin, `/api/v1/orgs/${ministry.slug}/contacts`, {
      name: '当番（偽）',
      role: 'duty-officer',
      email: spy,
    });
    expect(added.statusCode, added.body).toBe(202);
    expect(added.headers.location).toBe(`/api/v1/changes/${(added.json() as { id: string }).id}`);
    const from = smtp.receipts.length;
    await t.fileIncident(reporter, { title: TITLE, tlp: 'TLP:GREEN' });
    await t.services.outbox.deliverDue(100);
    const toSpy = () => smtp.receipts.slice(from).filter((r) => r.to.includes(spy));
    expect(toSpy()).toEqual([]);
    const contacts = await t.request(officer, {
      method: 'GET',
      url: `/api/v1/orgs/${ministry.slug}/contacts`,
    });
    expect((contacts.json() as { items: unknown[] }).items).toEqual([]);

    // The officer was told, by e-mail, without the contact's details; then confirms.
    const told = smtp.receipts.slice(from).filter((r) => r.to.includes(officer.email));
    expect(told).toHaveLength(1);
    const mail = await simpleParser((told[0] as { raw: Buffer }).raw);
    expect(mail.subject).toContain('連絡先の追加');
    expect(mail.text).not.toContain(spy);
    expect(mail.text).toContain('/changes');
    expect((await confirm(officer, (added.json() as { id: string }).id)).statusCode).toBe(200);
    const after = smtp.receipts.length;
    await t.fileIncident(reporter, { title: `${TITLE} 2`, tlp: 'TLP:GREEN' });
    await t.services.outbox.deliverDue(100);
    const mails = await Promise.all(
      smtp.receipts
        .slice(after)
        .filter((r) => r.to.includes(spy))
        .map((r) => simpleParser(r.raw)),
    );
    expect(mails.map((m) => m.subject).join(' ')).toContain(`${TITLE} 2`);
  });

  it('nobody confirms their own request, nor does an account of the same person', async () => {
    const twin = await t.user(g.agency, 'security-officer');
    const colleague = await t.user(g.agency, 'security-officer');
    // An officer of the agency whose address reaches the administrator's mailbox.
    await t.handle.db
      .updateTable('users')
      .set({ email: admin.email.replace('@', '+twin@') })
      .where('id', '=', twin.id)
      .execute();
    const asked = await post(admin, '/api/v1/users', {
      org: g.agency.slug,
      role: 'reporter',
      email: email('new', g.agency),
    });
    expect(asked.statusCode, asked.body).toBe(202);
    const id = (asked.json() as { id: string }).id;
    expectRefused(await confirm(admin, id), 403, 'changes.own_request');
    expectRefused(await confirm(twin, id), 403, 'changes.same_person');
    const listed = await t.request(twin, { method: 'GET', url: '/api/v1/changes' });
    expect((listed.json() as { items: { id: string; mayConfirm: boolean }[] }).items).toContainEqual(
      expect.objectContaining({ id, mayConfirm: false }),
    );
    // The person a change is about does not confirm it either.
    const demote = await patch(admin, `/api/v1/users/${g.agencyOfficer.id}`, { role: 'reporter' });
    expect(demote.statusCode, demote.body).toBe(202);
    const demoteId = (demote.json() as { id: string }).id;
    expectRefused(await confirm(g.agencyOfficer, demoteId), 403, 'changes.same_person');
    expect(await roleOf(g.agencyOfficer)).toBe('security-officer');
    // Its requester withdraws it; nothing changed.
    expect((await reject(admin, demoteId)).json()).toMatchObject({ status: 'rejected' });
    expect(await roleOf(g.agencyOfficer)).toBe('security-officer');
    expect((await confirm(colleague, id)).statusCode).toBe(200);
  });

  it('an administrator cannot confirm through a second administrator it asked for', async () => {
    // The center's officer confirms a new administrator; the requester cannot, an analyst does not see it.
    const asked = await post(admin, '/api/v1/users', {
      org: g.center.slug,
      role: 'admin',
      email: email('admin2', g.center),
    });
    expect(asked.statusCode, asked.body).toBe(202);
    const id = (asked.json() as { id: string }).id;
    expectRefused(await confirm(admin, id), 403, 'changes.own_request');
    expectRefused(await confirm(g.analyst, id), 404, 'changes.not_found');
    expect((await confirm(centerOfficer, id)).statusCode).toBe(200);

    // Where administrators confirm each other's changes, one alone has nobody to confirm.
    const t2 = await startTestApp(dialect, {
      config: { adminChangesConfirmedBy: 'second-admin', mfaRequiredRoles: [] },
    });
    try {
      const center = await t2.org('center');
      const first = await t2.user(center, 'admin');
      const ministry = await t2.org('ministry');
      const officer = await t2.user(ministry, 'security-officer');
      const ask = (who: TestUser, payload: object) =>
        t2.request(who, { method: 'POST', url: '/api/v1/users', payload });
      const confirm2 = (who: TestUser | null, changeId: string, headers: Record<string, string> = {}) =>
        t2.request(who, { method: 'POST', url: `/api/v1/changes/${changeId}/confirm`, headers });
      expectRefused(
        await ask(first, { org: ministry.slug, role: 'reporter', email: 'r1@x.test' }),
        409,
        'changes.no_confirmer',
      );
      // A second administrator, honestly made, confirms the first one's request for a third…
      const second = await t2.user(center, 'admin');
      const third = await ask(first, { org: center.slug, role: 'admin', email: 'third@x.test' });
      expect(third.json()).toMatchObject({ status: 'pending', confirmBy: 'second-admin' });
      const thirdId = (third.json() as { id: string }).id;
      expectRefused(await confirm2(first, thirdId), 403, 'changes.own_request');
      const made = await confirm2(second, thirdId);
      expect(made.statusCode, made.body).toBe(200);
      // …who, put in place at the first one's request, does not confirm the first one's next request.
      const login = await t2.request(null, {
        method: 'POST',
        url: '/api/v1/session',
        payload: { email: 'third@x.test', password: (made.json() as { secret: string }).secret },
      });
      expect(login.statusCode, login.body).toBe(200);
      const asThird = {
        cookie: login.cookies.map((c) => `${c.name}=${c.value}`).join('; '),
        'x-csrf-token': (login.json() as { csrfToken: string }).csrfToken,
      };
      const next = await ask(first, { org: ministry.slug, role: 'reporter', email: 'r2@x.test' });
      expect(next.json()).toMatchObject({ status: 'pending', confirmBy: 'second-admin' });
      const nextId = (next.json() as { id: string }).id;
      expectRefused(await confirm2(null, nextId, asThird), 403, 'changes.granted_by_requester');
      // In this mode the body's officer is told, but administrators confirm.
      expectRefused(await confirm2(officer, nextId), 403, 'changes.not_confirmer');
      expect((await confirm2(second, nextId)).statusCode).toBe(200);
    } finally {
      await t2.close();
    }
  });

  it('two confirmations at once, and a replayed one: the change is made once', async () => {
    const other = await t.user(g.ministry, 'security-officer');
    const address = email('race', g.ministry);
    const asked = await post(admin, '/api/v1/users', {
      org: g.ministry.slug,
      role: 'reporter',
      email: address,
    });
    const id = (asked.json() as { id: string }).id;
    const answers = await Promise.all([
      confirm(g.ministryOfficer, id),
      confirm(other, id),
      confirm(g.ministryOfficer, id),
      confirm(other, id),
    ]);
    expect(answers.filter((r) => r.statusCode === 200)).toHaveLength(1);
    for (const r of answers.filter((a) => a.statusCode !== 200))
      expectRefused(r, 409, 'changes.already_decided');
    const users = await t.handle.db.selectFrom('users').select('id').where('email', '=', address).execute();
    expect(users).toHaveLength(1);
    const confirmations = await t.handle.db
      .selectFrom('audit_log')
      .select('action')
      .where('subject_id', '=', id)
      .where('action', 'in', ['change.confirm', 'change.reject'])
      .execute();
    expect(confirmations).toHaveLength(1);
    // Replayed later, as it was sent: refused, nothing more written.
    const before = await t.count('audit_log');
    expectRefused(await confirm(g.ministryOfficer, id), 409, 'changes.already_decided');
    expectRefused(await reject(g.ministryOfficer, id), 409, 'changes.already_decided');
    expect(await t.count('audit_log')).toBe(before);
  });

  it('rejection and expiry leave no person and no contact behind, only the audit', async () => {
    const rejectedEmail = email('rejected', g.ministry);
    const a = await post(admin, '/api/v1/users', {
      org: g.ministry.slug,
      role: 'reporter',
      email: rejectedEmail,
    });
    const c = await post(admin, `/api/v1/orgs/${g.ministry.slug}/contacts`, {
      name: 'expiring',
      role: 'deputy',
      email: `expiring-${dialect}@outside.example`,
    });
    expect(
      (await reject(g.ministryOfficer, (a.json() as { id: string }).id, '心当たりがない')).statusCode,
    ).toBe(200);
    t.clock.advance(t.config.adminChangesTtlHours * 3_600_000 + 1000);
    expect(await sweepExpiredChanges(t.handle, t.services.changeDeps)).toBeGreaterThanOrEqual(1);
    const cId = (c.json() as { id: string }).id;
    expectRefused(await confirm(g.ministryOfficer, cId), 409, 'changes.already_decided');
    expect(await userByEmail(rejectedEmail)).toBeUndefined();
    const contacts = await t.handle.db
      .selectFrom('contacts')
      .select('id')
      .where('email', '=', `expiring-${dialect}@outside.example`)
      .execute();
    expect(contacts).toEqual([]);
    const rows = await t.handle.db
      .selectFrom('pending_changes')
      .select(['status', 'payload'])
      .where('id', 'in', [(a.json() as { id: string }).id, cId])
      .execute();
    expect(rows.map((r) => r.status).sort()).toEqual(['expired', 'rejected']);
    for (const r of rows) expect(r.payload).toBe('{}');
    const audit = await t.handle.db
      .selectFrom('audit_log')
      .select('action')
      .where('subject_id', 'in', [(a.json() as { id: string }).id, cId])
      .orderBy('seq')
      .execute();
    expect(audit.map((r) => r.action).sort()).toEqual([
      'change.expire',
      'change.reject',
      'change.request',
      'change.request',
    ]);
  });

  it('the structure is the body’s: an administrator neither vouches for it nor takes its webhook key', async () => {
    for (const url of [
      `/api/v1/orgs/${g.ministry.slug}/contacts/verify`,
      `/api/v1/orgs/${g.ministry.slug}/webhook-secret`,
    ])
      expectRefused(await post(admin, url), 403, 'auth.forbidden');
    // Notification rules decide who hears of incidents too: asked, not made.
    const before = await t.handle.db
      .selectFrom('notification_rules')
      .select('event')
      .where('org_id', '=', g.ministry.id)
      .execute();
    const res = await t.request(admin, {
      method: 'PUT',
      url: `/api/v1/orgs/${g.ministry.slug}/notification-rules`,
      payload: {
        rules: [
          {
            event: 'incident.reported',
            enabled: false,
            roles: ['duty-officer'],
            channels: ['email'],
          },
        ],
      },
    });
    expect(res.statusCode, res.body).toBe(202);
    expect(res.json()).toMatchObject({ kind: 'notification_rules.replace', status: 'pending' });
    expect(
      await t.handle.db
        .selectFrom('notification_rules')
        .select('event')
        .where('org_id', '=', g.ministry.id)
        .execute(),
    ).toEqual(before);
  });

  it('an officer an administrator makes elsewhere with a contact’s address reads none of that body’s notifications', async () => {
    const victim = await t.org('ministry');
    const victimReporter = await t.user(victim, 'reporter');
    const duty = `duty-${dialect}@victim.example`;
    await t.contact(victim, { name: '当番', role: 'duty-officer', email: duty });
    await t.fileIncident(victimReporter, { title: TITLE });
    const notice = await t.handle.db
      .selectFrom('notifications')
      .select('id')
      .where('email', '=', duty)
      .executeTakeFirstOrThrow();
    // A new body has nobody: its first officer is made at once — with the duty contact's address.
    const shell = await post(admin, '/api/v1/orgs', {
      kind: 'ministry',
      slug: `shell-${dialect}`,
      nameJa: '架空省',
      nameEn: 'Shell',
    });
    expect(shell.statusCode).toBe(201);
    const made = await post(admin, '/api/v1/users', {
      org: `shell-${dialect}`,
      role: 'security-officer',
      email: duty,
      password: PASSWORD,
    });
    expect(made.statusCode, made.body).toBe(201);
    const as = await session(duty);
    const mine = await as('GET', '/api/v1/notifications');
    expect((mine.json() as { items: { id: string }[] }).items.map((i) => i.id)).not.toContain(notice.id);
    expectRefused(
      await as('POST', `/api/v1/notifications/${notice.id}/acknowledge`, {}),
      404,
      'notifications.not_found',
    );
    const row = await t.handle.db
      .selectFrom('notifications')
      .select('acknowledged_at')
      .where('id', '=', notice.id)
      .executeTakeFirstOrThrow();
    expect(row.acknowledged_at).toBeNull();
  });
});
