import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserClient } from '../support/browser-client.js';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestOrg, type TestUser } from '../support/harness.js';
import { type SmtpReceiver, startSmtpReceiver } from '../support/smtp.js';
import { expectProblem } from './helpers.js';

const PASSWORD = 'lost-my-phone-passphrase';
const PUBLIC = 'https://renraku.example.go.jp';

interface Change {
  id: string;
  kind: string;
  status: string;
  confirmBy: string | null;
  summary: Record<string, unknown>;
}

describe.each(DIALECTS)('an administrator’s reset of a user’s second factors on %s', (dialect) => {
  let t: TestApp;
  let smtp: SmtpReceiver;
  let center: TestOrg;
  let admin: TestUser;

  beforeAll(async () => {
    smtp = await startSmtpReceiver();
    t = await startTestApp(dialect, { config: { smtpUrl: smtp.url, publicUrl: PUBLIC } });
    center = await t.org('center');
    admin = await t.user(center, 'admin');
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  const ask = (who: TestUser, userId: string) =>
    t.request(who, { method: 'POST', url: `/api/v1/users/${userId}/mfa-reset` });
  const confirm = (who: TestUser, id: string) =>
    t.request(who, { method: 'POST', url: `/api/v1/changes/${id}/confirm` });
  const factors = async (userId: string) => ({
    totp: await t.handle.db
      .selectFrom('totp_credentials')
      .select('user_id')
      .where('user_id', '=', userId)
      .execute(),
    codes: await t.handle.db
      .selectFrom('recovery_codes')
      .select('id')
      .where('user_id', '=', userId)
      .execute(),
    sessions: await t.handle.db.selectFrom('sessions').select('id').where('user_id', '=', userId).execute(),
  });
  /** A body with two security officers who log in with their authenticator app. */
  const body = async () => {
    const ministry = await t.org('ministry');
    return {
      ministry,
      lost: await t.user(ministry, 'security-officer', PASSWORD),
      colleague: await t.user(ministry, 'security-officer', PASSWORD),
    };
  };

  it('waits for the body’s confirmation, then removes every factor, ends the sessions and tells the user', async () => {
    const { lost, colleague } = await body();
    const browser = new BrowserClient(t.app);
    await browser.logIn(lost.email, PASSWORD);
    await browser.request({
      method: 'POST',
      url: '/api/v1/session/second-factor',
      payload: { method: 'totp', code: await t.totpCodeFor(lost) },
    });
    const asked = await ask(admin, lost.id);
    expect(asked.statusCode, asked.body).toBe(202);
    const change = asked.json() as Change;
    expect(change).toMatchObject({ kind: 'mfa.reset', status: 'pending', confirmBy: 'body' });
    // Nothing happened yet.
    expect((await factors(lost.id)).totp).toHaveLength(1);
    expect((await browser.request({ method: 'GET', url: '/api/v1/me' })).statusCode).toBe(200);
    // The requester cannot confirm it, nor can the person it is about.
    expectProblem(await confirm(admin, change.id), 403, 'changes.own_request');
    expect((await confirm(lost, change.id)).statusCode).toBeGreaterThanOrEqual(400);
    expect((await factors(lost.id)).totp).toHaveLength(1);

    const done = await confirm(colleague, change.id);
    expect(done.statusCode, done.body).toBe(200);
    expect(await factors(lost.id)).toEqual({ totp: [], codes: [], sessions: [] });
    expect((await browser.request({ method: 'GET', url: '/api/v1/me' })).statusCode).toBe(401);
    const audit = await t.handle.db
      .selectFrom('audit_log')
      .select(['actor_user_id', 'detail'])
      .where('action', '=', 'mfa.reset')
      .where('subject_id', '=', lost.id)
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.actor_user_id).toBe(colleague.id);
    expect(JSON.parse(audit[0]?.detail ?? '{}')).toMatchObject({
      requestedBy: admin.id,
      change: change.id,
      totp: true,
    });
    await t.services.outbox.deliverDue(500);
    const mails = await Promise.all(
      smtp.receipts.filter((r) => r.to.includes(lost.email)).map((r) => simpleParser(r.raw)),
    );
    expect(mails.map((m) => m.subject)).toContain('[Renraku] 二要素認証がリセットされました');
    // The next log-in asks for a new second factor to be set up.
    expect((await new BrowserClient(t.app).logIn(lost.email, PASSWORD)).json().stage).toBe('enrol');
    // Replayed, the confirmation finds the change decided.
    expectProblem(await confirm(colleague, change.id), 409, 'changes.already_decided');
  });

  it('a security officer’s own request about a colleague waits for another person too', async () => {
    const { lost, colleague, ministry } = await body();
    const third = await t.user(ministry, 'security-officer', PASSWORD);
    const asked = await ask(colleague, lost.id);
    expect(asked.statusCode, asked.body).toBe(202);
    const change = asked.json() as Change;
    expect(change.status).toBe('pending');
    expectProblem(await confirm(colleague, change.id), 403, 'changes.own_request');
    expect((await factors(lost.id)).totp).toHaveLength(1);
    expect((await confirm(third, change.id)).statusCode).toBe(200);
    expect((await factors(lost.id)).totp).toHaveLength(0);
  });

  it('who may ask: whoever manages the user, never for themselves; one open request at a time', async () => {
    const { lost, colleague, ministry } = await body();
    const reporter = await t.user(ministry, 'reporter');
    const outsider = await t.user(await t.org('ministry'), 'security-officer');
    const before = await t.count('pending_changes');
    expectProblem(await ask(reporter, lost.id), 404, 'users.not_found');
    expectProblem(await ask(outsider, lost.id), 404, 'users.not_found');
    expectProblem(await ask(colleague, admin.id), 404, 'users.not_found');
    expectProblem(await ask(lost, lost.id), 422, 'users.self_change');
    expectProblem(await ask(admin, 'no-such-user'), 404, 'users.not_found');
    const token = await t.tokenFor(admin, { readOnly: true });
    expectProblem(
      await t.request(null, {
        method: 'POST',
        url: `/api/v1/users/${lost.id}/mfa-reset`,
        headers: { authorization: `Bearer ${token.secret}` },
      }),
      403,
      'tokens.read_only',
    );
    expect(await t.count('pending_changes')).toBe(before);
    expect((await ask(admin, lost.id)).statusCode).toBe(202);
    expectProblem(await ask(colleague, lost.id), 409, 'changes.already_pending');
  });

  it('a body with nobody else to confirm goes to a second administrator', async () => {
    const ministry = await t.org('ministry');
    const only = await t.user(ministry, 'security-officer', PASSWORD);
    const other = await t.user(center, 'admin');
    const asked = await ask(admin, only.id);
    expect(asked.json()).toMatchObject({ status: 'pending', confirmBy: 'second-admin' });
    expect((await confirm(other, (asked.json() as Change).id)).statusCode).toBe(200);
    expect((await factors(only.id)).totp).toHaveLength(0);
  });
});
