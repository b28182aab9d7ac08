import { readFileSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_DIALECTS } from '../support/databases.js';
import type { TestApp, TestOrg, TestUser } from '../support/harness.js';
import {
  DESKTOP,
  expectAccessible,
  menuLink,
  PASSWORD,
  PHONE,
  sharedBrowser,
  startWebApp,
  type WebApp,
  withoutAnimationFrames,
} from './support.js';

// Administration, API tokens, the audit log and logging in, as administrators, security officers, auditors and
// reporters use them: a real server on loopback, the built app, Debian's Chromium.

const browser = sharedBrowser();

describe.each(BROWSER_DIALECTS)('administration on %s', (dialect) => {
  let web: WebApp;
  let t: TestApp;
  let center: TestOrg;
  let admin: TestUser;
  let adminPage: Page;

  beforeAll(async () => {
    web = await startWebApp(browser(), dialect);
    t = web.t;
    center = await t.org('center');
    admin = await t.user(center, 'admin', PASSWORD);
    adminPage = await web.openPage();
    await web.signIn(adminPage, admin);
  });

  afterAll(async () => {
    await web?.close();
  });

  const menu = (page: Page) => page.getByRole('navigation', { name: /メインメニュー|Main menu/ });
  const go = async (page: Page, link: string, heading: string) => {
    await menu(page).getByRole('link', { name: link, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  };
  /** The list item of a ministry in the tree, found by its heading. */
  const ministryItem = (page: Page, name: string) =>
    page.locator('li.ministry').filter({ has: page.getByRole('heading', { level: 3, name }) });
  const userRow = (page: Page, email: string) =>
    page.locator('table.admin-table tbody tr').filter({ hasText: email });
  /** Focus moves to the element. */
  const hasFocus = (locator: Locator) =>
    expect.poll(() => locator.evaluate((e) => e === document.activeElement)).toBe(true);
  /** The screen on a 360 px wide phone: nothing wider than the screen, and a screenshot to look at. */
  const onPhone = async (page: Page, name: string) => {
    await page.setViewportSize({ width: 360, height: 740 });
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow, `${name} fits a phone`).toBeLessThanOrEqual(0);
    await web.shot(page, `${name}-phone`);
    await page.setViewportSize(DESKTOP.viewport as { width: number; height: number });
  };
  /** The second step of a log-in, answered with the user's authenticator app. */
  const answerTotp = async (page: Page, user: TestUser) => {
    await page.getByRole('heading', { level: 1, name: '二要素認証' }).waitFor();
    await page.getByLabel('認証アプリの6桁のコード').fill(await t.totpCodeFor(user));
    await page.getByRole('button', { name: '確認する' }).click();
  };
  const inEnglish = async (page: Page, check: () => Promise<void>) => {
    await page.getByRole('button', { name: 'English' }).click();
    await check();
    await page.getByRole('button', { name: '日本語' }).click();
  };

  it('an administrator adds a ministry and an agency under it, and turns review mode on', async () => {
    const page = adminPage;
    await go(page, '組織', '組織');
    const slug = `mext-${dialect}`;
    await page.getByLabel('種類').selectOption({ label: '府省庁' });
    await page.getByLabel('識別子').fill(slug);
    await page.getByLabel('名称（日本語）').fill(`文部科学省（${dialect}）`);
    await page.getByLabel('名称（英語）').fill(`MEXT (${dialect})`);
    await page.getByRole('button', { name: '追加', exact: true }).click();
    await page.getByRole('status').getByText(`文部科学省（${dialect}）を追加しました。`).waitFor();
    const ministry = ministryItem(page, `文部科学省（${dialect}）`);
    await ministry.waitFor();
    await ministry.getByText('確認モード：オフ').waitFor();

    // The same identifier again: refused, and said next to the field.
    await page.getByLabel('識別子').fill(slug);
    await page.getByLabel('名称（日本語）').fill('重複');
    await page.getByLabel('名称（英語）').fill('Duplicate');
    await page.getByRole('button', { name: '追加', exact: true }).click();
    await page.getByText('この識別子はすでに使われています。').waitFor();
    expect(await page.getByLabel('識別子').getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page, 'the body form with an error');

    await page.getByLabel('種類').selectOption({ label: '独立行政法人等' });
    await page.getByLabel('所管府省庁').selectOption({ label: `文部科学省（${dialect}）` });
    await page.getByLabel('識別子').fill(`niad-${dialect}`);
    await page.getByLabel('名称（日本語）').fill(`大学改革支援機構（${dialect}）`);
    await page.getByLabel('名称（英語）').fill(`NIAD (${dialect})`);
    await page.getByRole('button', { name: '追加', exact: true }).click();
    await ministry.getByRole('list').getByText(`大学改革支援機構（${dialect}）`).waitFor();
    await ministry.getByText('（独立行政法人等 1）').waitFor();

    await ministry.getByRole('button', { name: '確認モードを変更' }).click();
    await ministry.getByLabel('独立行政法人等からの報告を確認してからセンターへ転送する').check();
    // The form follows the server's bounds: a week is refused before it is sent.
    const deadline = ministry.getByLabel('確認期限（分）');
    expect(await deadline.getAttribute('max')).toBe('240');
    await ministry.getByText('既定は60分、上限は240分です。').waitFor();
    await deadline.fill('10080');
    await ministry.getByRole('button', { name: '保存' }).click();
    await ministry.getByText('1から上限までの整数（分）を入力してください。').waitFor();
    expect(await deadline.getAttribute('aria-invalid')).toBe('true');
    await deadline.fill('90');
    // Focus returns to the button that opened the form, whether or not a frame is painted meanwhile.
    await withoutAnimationFrames(page, async () => {
      await ministry.getByRole('button', { name: '保存' }).click();
      await ministry.getByText('確認モード：オン（確認期限 1時間30分）').waitFor();
      await hasFocus(ministry.getByRole('button', { name: '確認モードを変更' }));
    });

    const orgs = (await t.request(admin, { method: 'GET', url: '/api/v1/orgs' })).json() as {
      items: {
        slug: string;
        parent: string | null;
        reviewMode: boolean;
        reviewDeadlineMinutes: number | null;
      }[];
    };
    expect(orgs.items.find((o) => o.slug === slug)).toMatchObject({
      reviewMode: true,
      reviewDeadlineMinutes: 90,
    });
    expect(orgs.items.find((o) => o.slug === `niad-${dialect}`)?.parent).toBe(slug);

    await web.shot(page, 'admin-orgs');
    await expectAccessible(page, 'the bodies');
    await onPhone(page, 'admin-orgs');
    await inEnglish(page, async () => {
      await page.getByRole('heading', { level: 1, name: 'Bodies' }).waitFor();
      await expectAccessible(page, 'the bodies in English');
      await web.shot(page, 'admin-orgs-en');
    });
    expect(web.problems).toEqual([]);
  }, 90_000);

  it('an administrator creates a security officer, who sees and manages its own body only', async () => {
    // A body with nobody yet: its first security officer is the administrator's to make, at once.
    const ministry = await t.org('ministry');
    const other = await t.org('ministry');
    const outsider = await t.user(other, 'reporter');
    const page = adminPage;
    await page.reload();
    await go(page, '利用者', '利用者とロール');

    await page.getByRole('button', { name: '利用者を追加' }).click();
    const form = page.locator('#user-form');
    await form.getByRole('button', { name: '追加', exact: true }).click();
    await form.getByText('入力してください。').first().waitFor();
    expect(await form.getByLabel('メールアドレス').getAttribute('aria-invalid')).toBe('true');
    await hasFocus(form.getByLabel('メールアドレス'));

    const email = `officer-${dialect}@${ministry.slug}.test`;
    await form.getByLabel('メールアドレス').fill(email);
    await form.getByLabel('表示名').fill('文科 太郎');
    await form.getByLabel('所属組織').selectOption({ label: `${ministry.slug} 日本語` });
    // A ministry takes no center role: none is offered.
    const offered = await form.getByLabel('ロール').locator('option').allTextContents();
    expect(offered).toEqual(['報告担当', 'セキュリティ責任者']);
    await form.getByLabel('ロール').selectOption({ label: 'セキュリティ責任者' });
    await form.getByLabel('初期パスワード（任意）').fill('short');
    await form.getByRole('button', { name: '追加', exact: true }).click();
    await form.getByText(/^このパスワードは短いか推測されやすいため使えません/).waitFor();
    await web.shot(page, 'admin-user-form-errors');
    await expectAccessible(page, 'the user form with errors');
    await form.getByLabel('初期パスワード（任意）').fill(PASSWORD);
    await form.getByRole('button', { name: '追加', exact: true }).click();
    await page.getByRole('status').getByText('文科 太郎を追加しました。').waitFor();
    await userRow(page, email).getByText('セキュリティ責任者').waitFor();

    // The administrator's own row offers nothing: nobody disables or demotes themselves.
    await userRow(page, admin.email).waitFor();
    expect(await userRow(page, admin.email).getByRole('button').count()).toBe(0);
    await web.shot(page, 'admin-users');
    await expectAccessible(page, 'the users');
    await onPhone(page, 'admin-users');
    await inEnglish(page, async () => {
      await page.getByRole('heading', { level: 1, name: 'Users and roles' }).waitFor();
      await expectAccessible(page, 'the users in English');
    });

    // The new officer logs in elsewhere: its role needs a second factor, which it must set up first.
    const colleague = await t.user(ministry, 'reporter');
    const officerPage = await web.openPage();
    await officerPage.goto(`${web.base}/`);
    await officerPage.getByLabel('メールアドレス').fill(email);
    await officerPage.getByLabel('パスワード').fill(PASSWORD);
    await officerPage.getByRole('button', { name: 'ログイン', exact: true }).click();
    await officerPage.getByRole('heading', { level: 1, name: '二要素認証の設定' }).waitFor();
    expect(await menu(officerPage).count()).toBe(0);
    await expectAccessible(officerPage, 'the forced enrolment');
    await web.onPhone(officerPage, 'login-enrol');
    await web.enrolTotp(officerPage);
    await officerPage.getByRole('button', { name: '保管しました' }).click();
    await officerPage.getByRole('button', { name: 'ログアウト' }).waitFor();
    // …and sees its own body only.
    expect(await menu(officerPage).getByRole('link', { name: '監査ログ' }).count()).toBe(0);
    await go(officerPage, '利用者', '利用者とロール');
    await userRow(officerPage, colleague.email).waitFor();
    expect(await userRow(officerPage, outsider.email).count()).toBe(0);
    expect(await userRow(officerPage, admin.email).count()).toBe(0);
    expect(await officerPage.getByLabel('組織', { exact: true }).count()).toBe(0);

    await officerPage.getByRole('button', { name: '利用者を追加' }).click();
    const officerForm = officerPage.locator('#user-form');
    expect(await officerForm.getByLabel('ロール').locator('option').allTextContents()).toEqual([
      '報告担当',
      'セキュリティ責任者',
    ]);
    expect(await officerForm.getByLabel('所属組織').count()).toBe(0);
    const reporterEmail = `reporter-${dialect}@${ministry.slug}.test`;
    await officerForm.getByLabel('メールアドレス').fill(reporterEmail);
    await officerForm.getByRole('button', { name: '追加', exact: true }).click();
    await userRow(officerPage, reporterEmail).getByText('報告担当').waitFor();
    // …and promote it, choosing among the same two roles.
    await userRow(officerPage, reporterEmail).getByRole('button', { name: 'ロールを変更' }).click();
    const roleDialog = officerPage.getByRole('dialog', { name: `${reporterEmail}のロールを変更` });
    expect(await roleDialog.getByLabel('ロール').locator('option').allTextContents()).toEqual([
      '報告担当',
      'セキュリティ責任者',
    ]);
    await roleDialog.getByLabel('ロール').selectOption({ label: 'セキュリティ責任者' });
    await roleDialog.getByRole('button', { name: '変更する' }).click();
    await officerPage
      .getByRole('status')
      .getByText(`${reporterEmail}のロールを「セキュリティ責任者」に変更しました。`)
      .waitFor();
    await userRow(officerPage, reporterEmail).getByText('セキュリティ責任者').waitFor();
    await web.shot(officerPage, 'officer-users');

    // Its own ministry's review mode is editable; every other body is read-only.
    await go(officerPage, '組織', '組織');
    const own = ministryItem(officerPage, `${ministry.slug} 日本語`);
    const others = ministryItem(officerPage, `${other.slug} 日本語`);
    await own.getByRole('button', { name: '確認モードを変更' }).click();
    await own.getByLabel('独立行政法人等からの報告を確認してからセンターへ転送する').check();
    await own.getByRole('button', { name: '保存' }).click();
    await own.getByText('確認モード：オン（確認期限 既定の1時間）').waitFor();
    await others.getByText('確認モード：オフ').waitFor();
    expect(await others.getByRole('button').count()).toBe(0);
    await expectAccessible(officerPage, 'the bodies for a security officer');
    await web.shot(officerPage, 'officer-orgs');
    expect(web.problems).toEqual([]);
  }, 120_000);

  it('an API token is shown once, works as a Bearer token, records its use and stops when revoked', async () => {
    const page = adminPage;
    await page.reload();
    await go(page, 'APIトークン', 'APIトークン');
    await page.getByLabel('名前').fill('SIEM連携');
    await page.getByRole('button', { name: '発行', exact: true }).click();
    await page.getByRole('heading', { name: '新しいトークン「SIEM連携」' }).waitFor();
    await page.getByText('このトークンは今回しか表示されません。').waitFor();
    const secret = await page.getByLabel('トークン', { exact: true }).inputValue();
    expect(secret).toMatch(/^rk/);
    await web.shot(page, 'tokens-secret');
    await expectAccessible(page, 'the tokens with the secret shown');
    await onPhone(page, 'tokens-secret');
    await inEnglish(page, async () => {
      await page.getByRole('heading', { name: 'New token “SIEM連携”' }).waitFor();
      await expectAccessible(page, 'the tokens in English');
    });

    const row = page.locator('table.admin-table tbody tr').filter({ hasText: 'SIEM連携' });
    await row.getByText('未使用').waitFor();
    const me = await fetch(`${web.base}/api/v1/me`, { headers: { authorization: `Bearer ${secret}` } });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { email: string }).email).toBe(admin.email);

    await page.getByRole('button', { name: '保管しました（閉じる）' }).click();
    expect(await page.content()).not.toContain(secret);
    const stored = await page.evaluate(() => JSON.stringify([{ ...localStorage }, { ...sessionStorage }]));
    expect(stored).not.toContain(secret);
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'APIトークン' }).waitFor();
    await row.getByTestId('token-last-used').locator('time').waitFor();
    expect(await row.getByText('未使用').count()).toBe(0);
    expect(await page.content()).not.toContain(secret);

    await row.getByRole('button', { name: '失効させる' }).click();
    const dialog = page.getByRole('dialog', { name: 'トークンを失効させる' });
    await expectAccessible(page, 'the revoke confirmation');
    await dialog.getByRole('button', { name: '失効させる' }).click();
    await page.getByRole('status').getByText('トークン「SIEM連携」を失効させました。').waitFor();
    await row.getByText(/^失効（/).waitFor();
    const after = await fetch(`${web.base}/api/v1/me`, { headers: { authorization: `Bearer ${secret}` } });
    expect(after.status).toBe(401);

    // A read-only token reads, and changes nothing.
    await page.getByLabel('名前').fill('ダッシュボード');
    await page.getByLabel('読み取り専用にする').check();
    await page.getByRole('button', { name: '発行', exact: true }).click();
    const readOnly = await page.getByLabel('トークン', { exact: true }).inputValue();
    await page.getByRole('button', { name: '保管しました（閉じる）' }).click();
    const dashboard = page.locator('table.admin-table tbody tr').filter({ hasText: 'ダッシュボード' });
    await dashboard.getByText('読み取り専用').waitFor();
    const headers = { authorization: `Bearer ${readOnly}`, 'content-type': 'application/json' };
    expect((await fetch(`${web.base}/api/v1/me`, { headers })).status).toBe(200);
    const refused = await fetch(`${web.base}/api/v1/orgs`, { method: 'POST', headers, body: '{}' });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { code: string }).code).toBe('tokens.read_only');
    expect(web.problems).toEqual([]);
  }, 90_000);

  it('an administrator sends a password reset link and asks for a second-factor reset, seeing neither', async () => {
    const ministry = await t.org('ministry');
    const lost = await t.user(ministry, 'security-officer', PASSWORD);
    await t.user(ministry, 'security-officer', PASSWORD);
    const page = adminPage;
    await page.goto(`${web.base}/admin/users?org=${ministry.slug}`);
    const row = userRow(page, lost.email);
    await row.getByRole('button', { name: 'パスワード再設定メールを送る' }).click();
    const dialog = page.getByRole('dialog', { name: 'パスワード再設定メールを送る' });
    await hasFocus(dialog.getByRole('button', { name: 'キャンセル' }));
    await expectAccessible(page, 'the password reset confirmation');
    await dialog.getByRole('button', { name: 'パスワード再設定メールを送る' }).click();
    await page
      .getByRole('status')
      .getByText(/パスワード再設定のリンクを送りました/)
      .waitFor();
    expect(await page.content()).not.toMatch(/password-reset\/rp_/);

    await row.getByRole('button', { name: '二要素認証のリセットを申請' }).click();
    const ask = page.getByRole('dialog', { name: '二要素認証のリセットを申請' });
    await ask.getByRole('button', { name: '二要素認証のリセットを申請' }).click();
    await page
      .getByRole('status')
      .getByText(/二要素認証のリセットを申請しました/)
      .waitFor();
    await web.shot(page, 'admin-user-credentials');
    await expectAccessible(page, 'the users after the requests');
    const pending = await t.handle.db
      .selectFrom('pending_changes')
      .select(['kind', 'status'])
      .where('subject_user_id', '=', lost.id)
      .execute();
    expect(pending).toEqual([{ kind: 'mfa.reset', status: 'pending' }]);
    // Nothing is reset until the body confirms.
    expect(
      await t.handle.db
        .selectFrom('totp_credentials')
        .select('user_id')
        .where('user_id', '=', lost.id)
        .execute(),
    ).toHaveLength(1);
    expect(web.problems).toEqual([]);
  }, 90_000);

  it('disabling a user ends their open session', async () => {
    const ministry = await t.org('ministry');
    const reporter = await t.user(ministry, 'reporter', PASSWORD);
    const reporterPage = await web.openPage(PHONE);
    await web.signIn(reporterPage, reporter);

    const page = adminPage;
    await page.goto(`${web.base}/admin/users?org=${ministry.slug}`);
    const row = userRow(page, reporter.email);
    await row.getByRole('button', { name: '無効にする' }).click();
    const dialog = page.getByRole('dialog', { name: '利用者を無効にする' });
    // The dialog opens on the harmless answer.
    await hasFocus(dialog.getByRole('button', { name: 'キャンセル' }));
    await web.shot(page, 'admin-user-disable-dialog');
    await expectAccessible(page, 'the disable confirmation');
    await dialog.getByRole('button', { name: '無効にする' }).click();
    await page
      .getByRole('status')
      .getByText(/を無効にしました。$/)
      .waitFor();
    await row.getByText('無効', { exact: true }).waitFor();
    await row.getByRole('button', { name: '有効にする' }).waitFor();

    await (await menuLink(reporterPage, 'APIトークン')).click();
    await reporterPage.getByRole('heading', { level: 1, name: 'ログイン' }).waitFor();
    await reporterPage
      .getByRole('alert')
      .getByText('セッションが終了しました。もう一度ログインしてください。')
      .waitFor();
    expect(web.problems).toEqual([]);
  }, 90_000);

  it('the auditor filters the log, pages back, exports CSV and verifies the chain', async () => {
    const auditor = await t.user(center, 'auditor', PASSWORD);
    const ministry = await t.org('ministry');
    // More user.* entries than one page holds, and two by the body's own security officer through the API.
    for (let i = 0; i < 50; i++) await t.user(ministry, 'reporter');
    const actor = await t.user(ministry, 'security-officer');
    for (const n of [1, 2]) {
      const res = await t.request(actor, {
        method: 'POST',
        url: '/api/v1/users',
        headers: { 'idempotency-key': `audit-${dialect}-${n}` },
        payload: {
          org: ministry.slug,
          role: 'reporter',
          email: `audited-${n}-${dialect}@${ministry.slug}.test`,
        },
      });
      expect(res.statusCode).toBe(201);
    }

    const page = await web.openPage();
    await web.signIn(page, auditor);
    await page.getByRole('heading', { level: 1, name: '監査ログ' }).waitFor();
    expect(await menu(page).getByRole('link', { name: '組織' }).count()).toBe(0);

    await page.getByLabel('操作の種類').selectOption('user.');
    await page.getByRole('button', { name: '絞り込む' }).click();
    const rows = page.locator('table.audit-table tbody tr');
    await page.getByText('50 件を表示中（さらに古い記録があります）').waitFor();
    expect(new Set(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-action'))))).toEqual(
      new Set(['user.create']),
    );
    await page.getByRole('button', { name: 'さらに読み込む' }).click();
    await page.waitForFunction(() => document.querySelectorAll('table.audit-table tbody tr').length > 50);
    const seqs = (await rows.locator('th').allTextContents()).map(Number);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(page.url()).toContain('action=user.');

    // Typed: an exact action, and one actor.
    await page.getByLabel('操作の種類').selectOption({ label: 'その他（入力）' });
    await page.getByLabel('操作名').fill('user.create');
    await page.getByLabel('実行者のメールアドレス').fill(actor.email);
    await page.getByRole('button', { name: '絞り込む' }).click();
    await page.getByText('2 件', { exact: true }).waitFor();
    expect(await rows.count()).toBe(2);
    await rows.first().getByText('詳細を表示').click();
    expect(await rows.first().locator('pre').textContent()).toContain(`"role": "reporter"`);
    await web.shot(page, 'audit-filtered');
    await expectAccessible(page, 'the audit log');
    await onPhone(page, 'audit-filtered');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'CSVで書き出す' }).click(),
    ]);
    const csv = readFileSync((await download.path()) as string, 'utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const [header, ...lines] = csv.slice(1).trim().split(/\r?\n/);
    expect(header).toBe('seq,at,actor_email,actor_org,action,subject_type,subject_id,detail,hash');
    expect(lines).toHaveLength(2);
    expect(lines.every((line) => line.includes(actor.email) && line.includes('user.create'))).toBe(true);

    await page.getByRole('button', { name: '検証する' }).click();
    await page.getByTestId('chain-status').getByText('改ざんなし').waitFor();
    await page
      .getByTestId('chain-anchor')
      .getByText(/まだアンカーがありません/)
      .waitFor();
    // Signed and anchored: the check says up to where.
    const anchored = await t.services.anchoring.anchorIfDue({ force: true });
    if (!anchored.anchor) throw new Error('expected an anchor');
    await page.getByRole('button', { name: '検証する' }).click();
    await page
      .getByTestId('chain-anchor')
      .getByText(
        new RegExp(
          `署名済みアンカー #${anchored.anchor.n}（.*記録 #${anchored.anchor.seq} まで）と一致しました`,
        ),
      )
      .waitFor();
    await web.shot(page, 'audit-verified');
    await inEnglish(page, async () => {
      await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
      await expectAccessible(page, 'the audit log in English');
    });

    // The newest anchored rows, and any after them, deleted behind the application's back: the check names
    // them and the anchor.
    const { seq, n } = anchored.anchor;
    await t.handle.db
      .deleteFrom('audit_log')
      .where('seq', '>', seq - 2)
      .execute();
    await page.getByRole('button', { name: '検証する' }).click();
    const alert = page.getByRole('alert');
    await alert
      .getByText(`改ざんを検出しました：記録 #${seq - 1} がアンカー #${n} と一致しません。`)
      .waitFor();
    await alert.getByText(new RegExp(`rows ${seq - 1}\\.\\.${seq} were deleted`)).waitFor();
    await expectAccessible(page, 'a broken audit chain');
    expect(web.problems).toEqual([]);
  }, 120_000);

  it('a reporter is offered no administration or audit, and is refused them by address', async () => {
    const ministry = await t.org('ministry');
    const reporter = await t.user(ministry, 'reporter', PASSWORD);
    const page = await web.openPage();
    await web.signIn(page, reporter);
    const links = await menu(page).getByRole('link').allTextContents();
    expect(links).toContain('APIトークン');
    for (const hidden of ['組織', '利用者', '監査ログ']) expect(links).not.toContain(hidden);
    for (const path of ['/audit', '/admin/users', '/admin/orgs']) {
      await page.goto(`${web.base}${path}`);
      await page.getByText('このロールではこの画面を利用できません。').waitFor();
    }
    expect(web.problems).toEqual([]);
  }, 60_000);

  it('log-in refuses a wrong password, and a lost session comes back to the screen it was on', async () => {
    const page = await web.openPage();
    await page.goto(`${web.base}/`);
    await page.getByLabel('メールアドレス').fill(admin.email);
    await page.getByLabel('パスワード').fill('not-the-password');
    await page.getByRole('button', { name: 'ログイン', exact: true }).click();
    await page.getByRole('alert').getByText('メールアドレスまたはパスワードが正しくありません。').waitFor();
    await web.shot(page, 'login-error');
    await expectAccessible(page, 'the log-in with an error');
    await inEnglish(page, async () => {
      await page.getByRole('heading', { level: 1, name: 'Log in' }).waitFor();
      await page.getByLabel('Email').waitFor();
      await page.getByLabel('Password').waitFor();
      await expectAccessible(page, 'the log-in in English');
    });

    await page.getByLabel('パスワード').fill(PASSWORD);
    await page.getByRole('button', { name: 'ログイン', exact: true }).click();
    await answerTotp(page, admin);
    await page.getByRole('button', { name: 'ログアウト' }).waitFor();
    await go(page, '監査ログ', '監査ログ');
    await page.getByLabel('操作の種類').selectOption('session.');
    await page.getByRole('button', { name: '絞り込む' }).click();
    await page.locator('table.audit-table').waitFor();

    // The session ends on the server (as a log-out elsewhere would); the next action finds out.
    const { csrfToken } = (await (await page.request.get(`${web.base}/api/v1/me`)).json()) as {
      csrfToken: string;
    };
    const ended = await page.request.delete(`${web.base}/api/v1/session`, {
      headers: { 'x-csrf-token': csrfToken },
    });
    expect(ended.status()).toBe(204);
    await page.getByLabel('操作の種類').selectOption('user.');
    await page.getByRole('button', { name: '絞り込む' }).click();
    await page.getByRole('heading', { level: 1, name: 'ログイン' }).waitFor();
    await page
      .getByRole('alert')
      .getByText('セッションが終了しました。もう一度ログインしてください。')
      .waitFor();
    await web.shot(page, 'login-session-lost');
    await expectAccessible(page, 'the log-in after a lost session');

    await page.getByLabel('メールアドレス').fill(admin.email);
    await page.getByLabel('パスワード').fill(PASSWORD);
    await page.getByRole('button', { name: 'ログイン', exact: true }).click();
    await answerTotp(page, admin);
    await page.getByRole('heading', { level: 1, name: '監査ログ' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/audit');
    expect(new URL(page.url()).searchParams.get('action')).toBe('user.');
    expect(await page.getByLabel('操作の種類').inputValue()).toBe('user.');

    // Logging out on purpose: the next person starts at their own first screen.
    await page.getByRole('button', { name: 'ログアウト' }).click();
    await page.getByRole('heading', { level: 1, name: 'ログイン' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    expect(web.problems).toEqual([]);
  }, 90_000);

  // Last: it spends the log-in attempts the server allows this address per minute.
  it('too many log-in attempts are refused with a clear message', async () => {
    const page = await web.openPage();
    await page.goto(`${web.base}/`);
    for (let i = 0; i < 25; i++) {
      const res = await page.request.post(`${web.base}/api/v1/session`, {
        data: { email: admin.email, password: 'wrong-password-again' },
      });
      if (res.status() === 429) break;
    }
    await page.getByLabel('メールアドレス').fill(admin.email);
    await page.getByLabel('パスワード').fill(PASSWORD);
    await page.getByRole('button', { name: 'ログイン', exact: true }).click();
    await page
      .getByRole('alert')
      .getByText(/^試行回数が多すぎます。\d+秒後に/)
      .waitFor();
    expect(web.problems).toEqual([]);
  }, 60_000);
});
