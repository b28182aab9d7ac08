import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestOrg, type TestUser } from '../support/harness.js';
import { type SmtpReceiver, startSmtpReceiver } from '../support/smtp.js';
import { expectProblem } from './helpers.js';

// 確認待ちの変更: what an administrator asks of a body's people and contacts, as the body's security officers
// see it (listed, told in the app and by e-mail), confirm or reject it; what the body changes itself, listed.

interface Change {
  id: string;
  kind: string;
  status: string;
  org: { slug: string };
  summary: Record<string, unknown>;
  requestedBy: { email: string };
  expiresAt: string | null;
  confirmBy: string | null;
  decidedBy: string | null;
  reason: string | null;
  mayConfirm: boolean;
  mayReject: boolean;
}

const PUBLIC = 'https://renraku.example.go.jp';

describe.each(DIALECTS)('pending changes on %s', (dialect) => {
  let t: TestApp;
  let smtp: SmtpReceiver;
  let g: Awaited<ReturnType<TestApp['government']>>;
  let admin: TestUser;
  let n = 0;

  beforeAll(async () => {
    smtp = await startSmtpReceiver();
    t = await startTestApp(dialect, { config: { smtpUrl: smtp.url, publicUrl: PUBLIC } });
    g = await t.government();
    admin = await t.user(g.center, 'admin');
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  const post = (who: TestUser, url: string, payload?: object) =>
    t.request(who, { method: 'POST', url, ...(payload ? { payload } : {}) });
  const list = async (who: TestUser, query = '') => {
    const res = await t.request(who, { method: 'GET', url: `/api/v1/changes${query}` });
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as { items: Change[] }).items;
  };
  const askUser = async (org: TestOrg, role = 'reporter') => {
    const res = await post(admin, '/api/v1/users', {
      org: org.slug,
      role,
      email: `asked-${++n}@${org.slug}.test`,
    });
    expect(res.statusCode, res.body).toBe(202);
    return res.json() as Change;
  };

  it('shows a request to the body’s officers, with what they may do, and never its payload', async () => {
    const asked = await askUser(g.ministry);
    expect(asked).toMatchObject({
      kind: 'user.create',
      status: 'pending',
      org: { slug: g.ministry.slug },
      requestedBy: { email: admin.email },
      confirmBy: 'body',
      mayConfirm: false,
      mayReject: true,
    });
    expect(Date.parse(asked.expiresAt ?? '') - t.clock.now().getTime()).toBe(
      t.config.adminChangesTtlHours * 3_600_000,
    );
    const mine = (await list(g.ministryOfficer)).find((c) => c.id === asked.id);
    expect(mine).toMatchObject({ status: 'pending', mayConfirm: true, mayReject: true });
    expect(Object.keys(mine ?? {})).not.toContain('payload');
    // Another body's officer: it does not exist.
    expect((await list(g.agencyOfficer)).map((c) => c.id)).not.toContain(asked.id);
    expectProblem(
      await t.request(g.agencyOfficer, { method: 'GET', url: `/api/v1/changes/${asked.id}` }),
      404,
      'changes.not_found',
    );
    expectProblem(
      await post(g.agencyOfficer, `/api/v1/changes/${asked.id}/confirm`),
      404,
      'changes.not_found',
    );
    expectProblem(
      await t.request(g.agencyOfficer, { method: 'GET', url: `/api/v1/changes?org=${g.ministry.slug}` }),
      404,
      'changes.not_found',
    );
    // Those who manage no people see no changes at all.
    for (const who of [g.ministryReporter, g.analyst])
      expectProblem(await t.request(who, { method: 'GET', url: '/api/v1/changes' }), 403, 'auth.forbidden');
    expectProblem(
      await t.request(null, { method: 'GET', url: '/api/v1/changes' }),
      401,
      'auth.unauthenticated',
    );
    // Administrators see every body's, or one body's.
    expect((await list(admin, `?org=${g.ministry.slug}`)).map((c) => c.id)).toContain(asked.id);
    expect((await list(admin, '?status=pending')).map((c) => c.id)).toContain(asked.id);
    expect((await list(admin, '?status=decided')).map((c) => c.id)).not.toContain(asked.id);
  });

  it('tells the body’s officers in the app and by e-mail, in their language, with no link that acts', async () => {
    const ministry = await t.org('ministry');
    const ja = await t.user(ministry, 'security-officer');
    const en = await t.user(ministry, 'security-officer');
    await t.handle.db.updateTable('users').set({ locale: 'en' }).where('id', '=', en.id).execute();
    const reporter = await t.user(ministry, 'reporter');
    const from = smtp.receipts.length;
    const asked = await askUser(ministry);
    for (const who of [ja, en]) {
      const res = await t.request(who, { method: 'GET', url: '/api/v1/notifications' });
      const items = (
        res.json() as { items: { event: string; subject: { type: string; id: string } | null }[] }
      ).items;
      expect(items).toContainEqual(
        expect.objectContaining({ event: 'change.requested', subject: { type: 'change', id: asked.id } }),
      );
    }
    // A reporter of the body hears nothing of it.
    const theirs = await t.request(reporter, { method: 'GET', url: '/api/v1/notifications' });
    expect(theirs.body).not.toContain(asked.id);
    await t.services.outbox.deliverDue(100);
    const mails = await Promise.all(smtp.receipts.slice(from).map((r) => simpleParser(r.raw)));
    const to = (u: TestUser) => mails.find((m) => JSON.stringify(m.to).includes(u.email));
    expect(to(ja)?.subject).toMatch(
      /^\[TLP:AMBER\+STRICT\] 【Renraku】利用者・連絡先の変更（確認待ち）: 利用者の追加/,
    );
    expect(to(en)?.subject).toMatch(/^\[TLP:AMBER\+STRICT\] \[Renraku\] Change of people or contacts/);
    for (const m of [to(ja), to(en)]) {
      expect(m?.text).toContain(`${PUBLIC}/changes`);
      expect(m?.text).toContain(admin.email);
      // Not the person asked for: the mail says a change waits, the app says which.
      expect(m?.text).not.toContain(asked.summary.email as string);
      expect(m?.text).not.toMatch(/\/api\/v1\/changes/);
    }
    // Confirmed by one: the other, and the requester, hear how it ended; the confirmer does not.
    const before = await t.count('notifications');
    expect((await post(ja, `/api/v1/changes/${asked.id}/confirm`)).statusCode).toBe(200);
    const told = await t.handle.db
      .selectFrom('notifications')
      .select(['user_id', 'event'])
      .where('subject_id', '=', asked.id)
      .where('event', '=', 'change.confirmed')
      .execute();
    expect(told.map((r) => r.user_id).sort()).toEqual([en.id, admin.id].sort());
    expect(await t.count('notifications')).toBe(before + 2);
  });

  it('lists what the body changes itself, told to nobody; what an administrator does at once, told', async () => {
    const ministry = await t.org('ministry');
    const officer = await t.user(ministry, 'security-officer');
    const other = await t.user(ministry, 'security-officer');
    const reporter = await t.user(ministry, 'reporter');
    const before = await t.count('notifications');
    const made = await post(officer, '/api/v1/users', {
      org: ministry.slug,
      role: 'reporter',
      email: `own-${dialect}@${ministry.slug}.test`,
    });
    expect(made.statusCode, made.body).toBe(201);
    const promoted = await t.request(officer, {
      method: 'PATCH',
      url: `/api/v1/users/${reporter.id}`,
      payload: { role: 'security-officer' },
    });
    expect(promoted.statusCode).toBe(200);
    const contact = await post(officer, `/api/v1/orgs/${ministry.slug}/contacts`, {
      name: '当番',
      role: 'duty-officer',
      email: `duty-${dialect}@${ministry.slug}.test`,
    });
    expect(contact.statusCode).toBe(201);
    expect(await t.count('notifications')).toBe(before);
    const listed = await list(other);
    expect(listed.map((c) => [c.kind, c.status, c.requestedBy.email])).toEqual([
      ['contact.create', 'applied', officer.email],
      ['user.update', 'applied', officer.email],
      ['user.create', 'applied', officer.email],
    ]);
    expect(listed.every((c) => !c.mayConfirm && !c.mayReject)).toBe(true);
    // An administrator disables someone at once (taking access away does not wait): listed and told.
    const disabled = await t.request(admin, {
      method: 'PATCH',
      url: `/api/v1/users/${reporter.id}`,
      payload: { disabled: true },
    });
    expect(disabled.statusCode).toBe(200);
    expect((await list(other))[0]).toMatchObject({
      kind: 'user.update',
      status: 'applied',
      summary: { changes: { disabled: { from: false, to: true } } },
    });
    const told = await t.handle.db
      .selectFrom('notifications')
      .select('user_id')
      .where('event', '=', 'change.applied')
      .where('alert_org_id', '=', ministry.id)
      .execute();
    expect(told.map((r) => r.user_id).sort()).toEqual([officer.id, other.id].sort());
  });

  it('a body with nobody yet gets its first security officer at once; anything else waits', async () => {
    const empty = await t.org('agency', { parent: g.ministry });
    // Nobody could confirm a reporter there (no officer, no second administrator): refused, nothing kept.
    expectProblem(
      await post(admin, '/api/v1/users', { org: empty.slug, role: 'reporter', email: `r-${dialect}@e.test` }),
      409,
      'changes.no_confirmer',
    );
    const first = await post(admin, '/api/v1/users', {
      org: empty.slug,
      role: 'security-officer',
      email: `first-${dialect}@e.test`,
      password: 'a-first-password-123',
    });
    expect(first.statusCode, first.body).toBe(201);
    const second = await post(admin, '/api/v1/users', {
      org: empty.slug,
      role: 'security-officer',
      email: `second-${dialect}@e.test`,
    });
    // The first officer was put in place by this administrator: not its confirmer; no second administrator.
    expectProblem(second, 409, 'changes.no_confirmer');
    const listed = await t.request(admin, { method: 'GET', url: `/api/v1/changes?org=${empty.slug}` });
    expect((listed.json() as { items: Change[] }).items).toEqual([
      expect.objectContaining({
        kind: 'user.create',
        status: 'applied',
        summary: expect.objectContaining({ role: 'security-officer' }),
      }),
    ]);
  });

  it('falls back to a second administrator when the body has nobody to confirm, if allowed', async () => {
    const admin2 = await t.user(g.center, 'admin');
    const lonely = await t.org('ministry');
    await t.user(lonely, 'reporter');
    const asked = await askUser(lonely);
    expect(asked).toMatchObject({ confirmBy: 'second-admin' });
    expect((await list(admin2)).find((c) => c.id === asked.id)).toMatchObject({ mayConfirm: true });
    expect((await list(admin)).find((c) => c.id === asked.id)).toMatchObject({ mayConfirm: false });
    expect((await post(admin2, `/api/v1/changes/${asked.id}/confirm`)).statusCode).toBe(200);
    const t2 = await startTestApp(dialect, { config: { adminChangesFallback: 'none' } });
    try {
      const center = await t2.org('center');
      const a = await t2.user(center, 'admin');
      await t2.user(center, 'admin');
      const body = await t2.org('ministry');
      await t2.user(body, 'reporter');
      const before = await t2.count('audit_log');
      expectProblem(
        await t2.request(a, {
          method: 'POST',
          url: '/api/v1/users',
          payload: { org: body.slug, role: 'reporter', email: 'x@none.test' },
        }),
        409,
        'changes.no_confirmer',
      );
      expect(await t2.count('audit_log')).toBe(before);
      expect(await t2.count('pending_changes')).toBe(0);
    } finally {
      await t2.close();
    }
    await t.handle.db
      .updateTable('users')
      .set({ disabled_at: t.clock.now().toISOString() })
      .where('id', '=', admin2.id)
      .execute();
  });

  it('a change about something that moved since it was asked is not made blindly', async () => {
    const reporter = await t.user(g.ministry, 'reporter');
    const asked = await t.request(admin, {
      method: 'PATCH',
      url: `/api/v1/users/${reporter.id}`,
      payload: { role: 'security-officer' },
    });
    expect(asked.statusCode).toBe(202);
    // Meanwhile the body disables the reporter itself.
    expect(
      (
        await t.request(g.ministryOfficer, {
          method: 'PATCH',
          url: `/api/v1/users/${reporter.id}`,
          payload: { disabled: true },
        })
      ).statusCode,
    ).toBe(200);
    const before = await t.count('audit_log');
    expectProblem(
      await post(g.ministryOfficer, `/api/v1/changes/${asked.json().id}/confirm`),
      409,
      'changes.stale',
    );
    expect(await t.count('audit_log')).toBe(before);
    const row = await t.handle.db
      .selectFrom('users')
      .select(['role', 'disabled_at'])
      .where('id', '=', reporter.id)
      .executeTakeFirstOrThrow();
    expect(row.role).toBe('reporter');
    expect((await list(g.ministryOfficer)).find((c) => c.id === asked.json().id)?.status).toBe('pending');
  });

  it('refuses bad input with a clear code, and writes nothing', async () => {
    const asked = await askUser(g.ministry);
    const before = await t.count('audit_log');
    for (const [payload, status, code] of [
      [{ reason: 'a\nb' }, 400, 'request.validation_failed'],
      [{ reason: 'x'.repeat(1001) }, 400, 'request.validation_failed'],
      [{ because: 'x' }, 400, 'request.validation_failed'],
    ] as [object, number, string][])
      expectProblem(
        await post(g.ministryOfficer, `/api/v1/changes/${asked.id}/reject`, payload),
        status,
        code,
      );
    for (const id of ['no-such-change', 'x'.repeat(64)])
      expectProblem(await post(g.ministryOfficer, `/api/v1/changes/${id}/confirm`), 404, 'changes.not_found');
    expectProblem(
      await post(g.ministryOfficer, `/api/v1/changes/${'x'.repeat(65)}/confirm`),
      400,
      'request.validation_failed',
    );
    expectProblem(
      await t.request(admin, { method: 'GET', url: '/api/v1/changes?status=everything' }),
      400,
      'request.validation_failed',
    );
    expect(await t.count('audit_log')).toBe(before);
    // A second request about the same person while one waits.
    const email = asked.summary.email as string;
    expectProblem(
      await post(admin, '/api/v1/users', { org: g.ministry.slug, role: 'security-officer', email }),
      409,
      'changes.already_pending',
    );
    const rejected = await post(g.ministryOfficer, `/api/v1/changes/${asked.id}/reject`, {
      reason: ' 心当たりがない ',
    });
    expect(rejected.json()).toMatchObject({
      status: 'rejected',
      reason: '心当たりがない',
      decidedBy: g.ministryOfficer.email,
    });
  });
});
