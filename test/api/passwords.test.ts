import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserClient } from '../support/browser-client.js';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestOrg, type TestUser } from '../support/harness.js';
import { type SmtpReceiver, startSmtpReceiver } from '../support/smtp.js';
import { expectProblem, writtenRows } from './helpers.js';

const PASSWORD = 'an-old-but-decent-passphrase';
const NEW_PASSWORD = 'tsukimi dango under kotatsu 88';
const PUBLIC = 'https://renraku.example.go.jp';

describe.each(DIALECTS)('passwords on %s', (dialect) => {
  let t: TestApp;
  let smtp: SmtpReceiver;
  let center: TestOrg;
  let ministry: TestOrg;
  let admin: TestUser;
  let officer: TestUser;

  beforeAll(async () => {
    smtp = await startSmtpReceiver();
    t = await startTestApp(dialect, { config: { smtpUrl: smtp.url, publicUrl: PUBLIC } });
    center = await t.org('center');
    ministry = await t.org('ministry', { slug: `meti-${dialect}` });
    admin = await t.user(center, 'admin');
    officer = await t.user(ministry, 'security-officer');
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  const kasumi = () => `kasumi.taro@${ministry.slug}.go.jp`;
  const addUser = (who: TestUser, password: string, headers: Record<string, string> = {}) =>
    t.request(who, {
      method: 'POST',
      url: '/api/v1/users',
      payload: {
        org: ministry.slug,
        role: 'reporter',
        email: password === NEW_PASSWORD ? `kasumi.hanako@${ministry.slug}.go.jp` : kasumi(),
        displayName: '霞 太郎',
        password,
      },
      headers,
    });
  async function mailsTo(address: string) {
    await t.services.outbox.deliverDue(500);
    return Promise.all(smtp.receipts.filter((r) => r.to.includes(address)).map((r) => simpleParser(r.raw)));
  }
  const linkIn = (text: string | undefined) => {
    const found = /https:\/\/renraku\.example\.go\.jp(\/api\/v1\/password-reset\/[A-Za-z0-9_-]+)/.exec(
      text ?? '',
    );
    if (!found?.[1]) throw new Error(`no link in ${text}`);
    return found[1];
  };
  const form = (path: string, fields: Record<string, string>) =>
    t.app.inject({
      method: 'POST',
      url: path,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams(fields).toString(),
    });

  it.each([
    ['twelve times the same letter', 'aaaaaaaaaaaa'],
    ['twelve spaces', '            '],
    ['a common password', 'password1234'],
    ['a keyboard walk', 'qwertyuiop12'],
    ['too short', 'Tr0ub4dor&3'],
    ["the body's slug", `meti-${dialect}meti-${dialect}`],
    ["the body's name", `meti-${dialect} English!`],
    ["the user's e-mail", 'EMAIL'],
    ["the user's name", '霞 太郎霞 太郎霞 太郎'],
  ])(
    'refuses %s, with the feedback in the requester’s language, and writes nothing',
    async (_what, password) => {
      const before = await writtenRows(t);
      const users = await t.count('users');
      const res = await addUser(officer, password === 'EMAIL' ? kasumi() : password);
      expectProblem(res, 422, 'users.weak_password');
      const body = res.json();
      expect(['too_short', 'guessable']).toContain(body.reason);
      if (body.reason === 'guessable')
        expect(body.feedback.warning ?? body.feedback.suggestions[0]).toBeTruthy();
      expect(await writtenRows(t)).toEqual(before);
      expect(await t.count('users')).toBe(users);
    },
  );

  it('gives the feedback in Japanese by default and in English when asked', async () => {
    const ja = (await addUser(officer, 'password1234')).json();
    const en = (await addUser(officer, 'password1234', { 'accept-language': 'en-GB,en;q=0.9' })).json();
    expect(ja.detail).toMatch(/推測/);
    expect(ja.feedback.warning).toMatch(/よく使われる/);
    expect(en.detail).toMatch(/easy to guess/);
    expect(en.feedback.warning).toMatch(/commonly used password/);
  });

  it('takes a strong password', async () => {
    // The body's own security officer adds people at once (an administrator's request carries no password).
    expect((await addUser(officer, NEW_PASSWORD)).statusCode).toBe(201);
  });

  it('changes one’s own password: the current one is needed, the other sessions end, audited', async () => {
    const user = await t.user(ministry, 'reporter', PASSWORD);
    const here = new BrowserClient(t.app, '192.0.2.10');
    const there = new BrowserClient(t.app, '192.0.2.11');
    await here.logIn(user.email, PASSWORD);
    await there.logIn(user.email, PASSWORD);
    const change = (currentPassword: string, newPassword: string, csrf?: string | null) =>
      here.request({
        method: 'POST',
        url: '/api/v1/me/password',
        payload: { currentPassword, newPassword },
        ...(csrf !== undefined ? { csrf } : {}),
      });
    expectProblem(await change('not-it-at-all-really', NEW_PASSWORD), 422, 'users.current_password_wrong');
    expectProblem(await change(PASSWORD, 'password1234'), 422, 'users.weak_password');
    expectProblem(await change(PASSWORD, PASSWORD), 422, 'users.password_unchanged');
    expectProblem(await change(PASSWORD, NEW_PASSWORD, null), 403, 'auth.csrf_token_invalid');
    expectProblem(
      await t.request(user, {
        method: 'POST',
        url: '/api/v1/me/password',
        payload: { currentPassword: PASSWORD, newPassword: NEW_PASSWORD },
      }),
      403,
      'users.session_required',
    );
    expect((await change(PASSWORD, NEW_PASSWORD)).statusCode).toBe(204);
    expect((await here.request({ method: 'GET', url: '/api/v1/me' })).statusCode).toBe(200);
    expect((await there.request({ method: 'GET', url: '/api/v1/me' })).statusCode).toBe(401);
    expect((await new BrowserClient(t.app).logIn(user.email, PASSWORD)).statusCode).toBe(401);
    expect((await new BrowserClient(t.app).logIn(user.email, NEW_PASSWORD)).statusCode).toBe(200);
    const actions = await t.handle.db
      .selectFrom('audit_log')
      .select(['action', 'detail'])
      .where('subject_id', '=', user.id)
      .where('action', 'like', 'user.password%')
      .orderBy('seq')
      .execute();
    expect(actions.map((a) => a.action)).toEqual(['user.password_change_failed', 'user.password_changed']);
    expect(JSON.parse(actions[1]?.detail ?? '{}')).toEqual({ otherSessionsEnded: 1 });
    expect(actions.map((a) => a.detail).join()).not.toContain(NEW_PASSWORD);
  });

  it('guessing the current password through the change is throttled with the log-in’s count', async () => {
    const user = await t.user(ministry, 'reporter', PASSWORD);
    const b = new BrowserClient(t.app, '192.0.2.20');
    await b.logIn(user.email, PASSWORD);
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++)
      statuses.push(
        (
          await b.request({
            method: 'POST',
            url: '/api/v1/me/password',
            payload: { currentPassword: `guess-number-${i}-xyz`, newPassword: NEW_PASSWORD },
          })
        ).statusCode,
      );
    expect(statuses).toEqual([422, 422, 422, 422, 422, 429, 429]);
    expectProblem(
      await new BrowserClient(t.app, '192.0.2.21').logIn(user.email, PASSWORD),
      429,
      'auth.throttled',
    );
  });

  it('an administrator has a reset link sent to the user, never sees it; the link sets a password once', async () => {
    const user = await t.user(ministry, 'reporter', PASSWORD);
    const b = new BrowserClient(t.app);
    await b.logIn(user.email, PASSWORD);
    const sent = await t.request(admin, { method: 'POST', url: `/api/v1/users/${user.id}/password-reset` });
    expect(sent.statusCode, sent.body).toBe(202);
    expect(Object.keys(sent.json())).toEqual(['expiresAt']);
    const [mail] = await mailsTo(user.email);
    expect(mail?.subject).toBe('[Renraku] パスワード再設定のご案内');
    const path = linkIn(mail?.text);
    const token = path.split('/').pop() as string;
    // Not in the answer, the audit log, the database or the sender's view of anything.
    const audit = await t.handle.db.selectFrom('audit_log').select('detail').execute();
    expect(audit.map((a) => a.detail).join()).not.toContain(token);
    const stored = await t.handle.db.selectFrom('password_resets').selectAll().execute();
    expect(JSON.stringify(stored)).not.toContain(token);

    const page = await t.app.inject({ method: 'GET', url: path });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.body).toContain('<form method="post">');
    expect(page.body).toContain('autocomplete="new-password"');
    expect(page.body).not.toMatch(/<script|style=/);
    // Showing the page changed nothing.
    expect((await new BrowserClient(t.app).logIn(user.email, PASSWORD)).statusCode).toBe(200);

    const mismatch = await form(path, { password: NEW_PASSWORD, confirm: `${NEW_PASSWORD}x` });
    expect(mismatch.statusCode).toBe(422);
    expect(mismatch.body).toContain('一致しません');
    const weak = await form(path, { password: 'password1234', confirm: 'password1234' });
    expect(weak.statusCode).toBe(422);
    expect(weak.body).toContain('よく使われるパスワード');
    const done = await form(path, { password: NEW_PASSWORD, confirm: NEW_PASSWORD });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.body).toContain('パスワードを設定しました');
    // Every session ended; the old password is gone; the new one works.
    expect((await b.request({ method: 'GET', url: '/api/v1/me' })).statusCode).toBe(401);
    expect((await new BrowserClient(t.app).logIn(user.email, PASSWORD)).statusCode).toBe(401);
    expect((await new BrowserClient(t.app).logIn(user.email, NEW_PASSWORD)).statusCode).toBe(200);
    // Once.
    const again = await form(path, { password: `${NEW_PASSWORD} again`, confirm: `${NEW_PASSWORD} again` });
    expect(again.statusCode).toBe(410);
    expect((await t.app.inject({ method: 'GET', url: path })).statusCode).toBe(410);
    const actions = await t.handle.db
      .selectFrom('audit_log')
      .select(['action', 'actor_user_id'])
      .where('subject_id', '=', user.id)
      .where('action', 'like', 'user.password_reset%')
      .orderBy('seq')
      .execute();
    expect(actions).toEqual([
      { action: 'user.password_reset_requested', actor_user_id: admin.id },
      { action: 'user.password_reset', actor_user_id: user.id },
    ]);
  });

  it('a link expires, and a newer link voids the older one', async () => {
    const user = await t.user(ministry, 'reporter', PASSWORD);
    await t.request(admin, { method: 'POST', url: `/api/v1/users/${user.id}/password-reset` });
    await t.request(officer, { method: 'POST', url: `/api/v1/users/${user.id}/password-reset` });
    const [first, second] = (await mailsTo(user.email)).map((m) => linkIn(m.text));
    expect(first).not.toBe(second);
    expect((await form(first as string, { password: NEW_PASSWORD, confirm: NEW_PASSWORD })).statusCode).toBe(
      410,
    );
    t.clock.advance(24 * 3_600_000 + 1000);
    expect((await t.app.inject({ method: 'GET', url: second as string })).statusCode).toBe(410);
    expect((await form(second as string, { password: NEW_PASSWORD, confirm: NEW_PASSWORD })).statusCode).toBe(
      410,
    );
    expect((await new BrowserClient(t.app).logIn(user.email, PASSWORD)).statusCode).toBe(200);
  });

  it('a link is void once the user’s address is not the one it was sent to (no takeover by changing it)', async () => {
    const user = await t.user(ministry, 'reporter', PASSWORD);
    // The API changes no one's address…
    expectProblem(
      await t.request(admin, {
        method: 'PATCH',
        url: `/api/v1/users/${user.id}`,
        payload: { email: 'me@evil.test' },
      }),
      400,
      'request.validation_failed',
    );
    await t.request(admin, { method: 'POST', url: `/api/v1/users/${user.id}/password-reset` });
    const [mail] = await mailsTo(user.email);
    expect(await mailsTo('me@evil.test')).toEqual([]);
    // …and should anything change it later, a link sent before goes nowhere.
    await t.handle.db.updateTable('users').set({ email: 'me@evil.test' }).where('id', '=', user.id).execute();
    const path = linkIn(mail?.text);
    expect((await t.app.inject({ method: 'GET', url: path })).statusCode).toBe(410);
    expect((await form(path, { password: NEW_PASSWORD, confirm: NEW_PASSWORD })).statusCode).toBe(410);
  });

  it('who may send a link: the admin, the body’s officer for its people; nobody for themselves', async () => {
    const user = await t.user(ministry, 'reporter', PASSWORD);
    const other = await t.org('ministry');
    const outsider = await t.user(other, 'security-officer');
    const colleague = await t.user(ministry, 'reporter');
    const before = await t.count('password_resets');
    const send = (who: TestUser, target: string) =>
      t.request(who, { method: 'POST', url: `/api/v1/users/${target}/password-reset` });
    expectProblem(await send(outsider, user.id), 404, 'users.not_found');
    // A colleague without the right to manage people does not see them at all.
    expectProblem(await send(colleague, user.id), 404, 'users.not_found');
    expectProblem(await send(officer, admin.id), 404, 'users.not_found');
    expectProblem(await send(admin, admin.id), 422, 'users.self_change');
    expectProblem(await send(admin, 'no-such-user'), 404, 'users.not_found');
    expect(await t.count('password_resets')).toBe(before);
    // A fellow officer of the body manages its officers too (the link still goes to the user alone).
    const peer = await t.user(ministry, 'security-officer');
    expect((await send(peer, officer.id)).statusCode).toBe(202);
    expect((await send(officer, user.id)).statusCode).toBe(202);
    await t.request(admin, { method: 'PATCH', url: `/api/v1/users/${user.id}`, payload: { disabled: true } });
    expectProblem(await send(admin, user.id), 409, 'users.disabled');
  });

  it('an unknown or malformed link is a plain 404 page', async () => {
    for (const token of ['rp_nothing-like-this-exists', 'x'.repeat(199)]) {
      const res = await t.app.inject({ method: 'GET', url: `/api/v1/password-reset/${token}` });
      expect(res.statusCode).toBe(404);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
    }
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/password-reset/a%00b' })).statusCode).toBe(400);
  });
});
