import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_DIALECTS } from '../support/databases.js';
import type { TestApp, TestOrg, TestUser } from '../support/harness.js';
import { expectAccessible, PASSWORD, PHONE, sharedBrowser, startWebApp, type WebApp } from './support.js';

// 確認待ちの変更 as an administrator and a body's security officer use it: a real server on loopback, the built
// app, Debian's Chromium. The administrator asks for a reporter and a contact at a ministry; nothing happens until
// the ministry's officer, told in the app, confirms the one (and hands over the first password shown to it alone)
// and rejects the other. The share page warns of consent given by a young account.

const browser = sharedBrowser();

describe.each(BROWSER_DIALECTS)('pending changes on %s', (dialect) => {
  let web: WebApp;
  let t: TestApp;
  let center: TestOrg;
  let ministry: TestOrg;
  let admin: TestUser;
  let officer: TestUser;

  beforeAll(async () => {
    web = await startWebApp(browser(), dialect);
    t = web.t;
    center = await t.org('center');
    ministry = await t.org('ministry');
    admin = await t.user(center, 'admin', PASSWORD);
    officer = await t.user(ministry, 'security-officer', PASSWORD);
  }, 60_000);

  afterAll(async () => {
    await web?.close();
  });

  const ministryName = () => `${ministry.slug} 日本語`;
  const menu = (page: Page) => page.getByRole('navigation', { name: /メインメニュー|Main menu/ });
  const go = async (page: Page, link: string, heading: string) => {
    await menu(page).getByRole('link', { name: link, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  };
  const item = (page: Page, kind: string) =>
    page.locator('li.change').filter({ has: page.getByRole('heading', { level: 2, name: kind }) });
  const hasFocus = (locator: Locator) =>
    expect.poll(() => locator.evaluate((e) => e === document.activeElement)).toBe(true);
  const reporterEmail = `new-reporter-${dialect}@ministry.test`;

  it('an administrator’s request waits; the body’s officer confirms one and rejects the other', async () => {
    const adminPage = await web.openPage();
    await web.signIn(adminPage, admin);
    await go(adminPage, '利用者', '利用者とロール');
    await adminPage.getByRole('button', { name: '利用者を追加' }).click();
    const form = adminPage.locator('#user-form');
    await form.getByLabel('メールアドレス').fill(reporterEmail);
    await form.getByLabel('表示名').fill('文科 花子');
    await form.getByLabel('所属組織').selectOption({ label: ministryName() });
    await form.getByLabel('ロール').selectOption({ label: '報告担当' });
    // An administrator chooses no password for someone of an existing body: said at the field.
    await form.getByLabel('初期パスワード（任意）').fill('a-password-the-admin-chose');
    await form.getByRole('button', { name: '追加', exact: true }).click();
    await form.getByText('パスワードは空欄にしてください。', { exact: false }).waitFor();
    expect(await form.getByLabel('初期パスワード（任意）').getAttribute('aria-invalid')).toBe('true');
    await form.getByLabel('初期パスワード（任意）').fill('');
    await form.getByRole('button', { name: '追加', exact: true }).click();
    await adminPage
      .getByRole('status')
      .getByText(`申請しました。${ministryName()}のセキュリティ責任者が確認すると有効になります`, {
        exact: false,
      })
      .waitFor();
    expect(await adminPage.locator('table.admin-table').getByText(reporterEmail).count()).toBe(0);

    // A contact asked through the API the same way.
    const contact = await t.request(admin, {
      method: 'POST',
      url: `/api/v1/orgs/${ministry.slug}/contacts`,
      payload: { name: '偽の当番', role: 'duty-officer', email: `spy-${dialect}@outside.example` },
    });
    expect(contact.statusCode).toBe(202);

    // The administrator follows its requests: it cannot confirm them, it may withdraw them.
    await go(adminPage, '確認待ちの変更', '確認待ちの変更');
    const asked = item(adminPage, '利用者の追加');
    await asked.getByText(reporterEmail).waitFor();
    await asked.getByText('組織のセキュリティ責任者').waitFor();
    expect(await asked.getByRole('button', { name: '確認して有効にする' }).count()).toBe(0);
    await asked.getByRole('button', { name: '申請を取り下げる' }).waitFor();
    await expectAccessible(adminPage, 'the pending changes of an administrator');
    await web.shot(adminPage, 'changes-admin');

    // The ministry's officer is told in the app, and confirms the reporter.
    const page = await web.openPage();
    await web.signIn(page, officer);
    await go(page, '通知', '通知');
    await page.getByRole('heading', { level: 2, name: '利用者・連絡先の変更の申請' }).first().waitFor();
    await page
      .getByRole('link', { name: /確認待ちの変更を開く/ })
      .first()
      .click();
    await page.getByRole('heading', { level: 1, name: '確認待ちの変更' }).waitFor();
    await page.getByText('2 件').waitFor();
    const user = item(page, '利用者の追加');
    await user.getByText('文科 花子').waitFor();
    await user.getByText('報告担当').waitFor();
    await expectAccessible(page, 'the pending changes of a security officer');
    await web.shot(page, 'changes-officer');
    await user.getByRole('button', { name: '確認して有効にする' }).click();
    const dialog = page.getByRole('dialog', { name: '変更を確認する' });
    await hasFocus(dialog.getByRole('button', { name: 'キャンセル' }));
    await expectAccessible(page, 'the confirmation question');
    await dialog.getByRole('button', { name: '確認して有効にする' }).click();
    await page
      .getByRole('status')
      .getByText('「利用者の追加」を確認しました。変更は有効になりました。')
      .waitFor();
    // The first password, shown once, to the officer alone; the keyboard is taken to it.
    const secret = page.getByRole('heading', { name: '新しい利用者の初期パスワード' });
    await hasFocus(secret);
    const password = await page.getByLabel('初期パスワード', { exact: true }).inputValue();
    expect(password.length).toBeGreaterThanOrEqual(12);
    await expectAccessible(page, 'the first password shown once');
    await web.shot(page, 'changes-first-password');
    await page.getByRole('button', { name: '伝えました（閉じる）' }).click();
    await hasFocus(page.getByRole('heading', { level: 1, name: '確認待ちの変更' }));
    expect(await page.content()).not.toContain(password);
    const made = await t.handle.db
      .selectFrom('users')
      .select('role')
      .where('email', '=', reporterEmail)
      .executeTakeFirst();
    expect(made?.role).toBe('reporter');

    // The contact is rejected, with a reason.
    const spy = item(page, '連絡先の追加');
    await spy.getByText(`spy-${dialect}@outside.example`).waitFor();
    await spy.getByRole('button', { name: '却下する' }).click();
    const rejectDialog = page.getByRole('dialog', { name: '変更を却下する' });
    await rejectDialog.getByLabel('理由（任意）').fill('心当たりのない連絡先');
    await expectAccessible(page, 'the rejection');
    await rejectDialog.getByRole('button', { name: '却下する' }).click();
    await page
      .getByRole('status')
      .getByText('「連絡先の追加」を却下しました。何も変更されていません。')
      .waitFor();
    await page.getByText('確認待ちの変更はありません。').waitFor();
    await hasFocus(page.getByRole('heading', { level: 1, name: '確認待ちの変更' }));
    const contacts = await t.handle.db
      .selectFrom('contacts')
      .select('id')
      .where('email', '=', `spy-${dialect}@outside.example`)
      .execute();
    expect(contacts).toEqual([]);

    // The record: both decisions, by whom, and why.
    await page.getByLabel('表示する変更').selectOption({ label: 'すべて' });
    await item(page, '連絡先の追加').getByText('心当たりのない連絡先').waitFor();
    await item(page, '利用者の追加').getByText('確認済み').waitFor();
    expect(new URL(page.url()).search).toBe('?status=all');
    await expectAccessible(page, 'the record of changes');
    await web.shot(page, 'changes-record');
    await web.onPhone(page, 'changes-record');
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Pending changes' }).waitFor();
    await item(page, 'A new contact').getByText('Rejected').waitFor();
    await expectAccessible(page, 'the record of changes in English');
    await web.shot(page, 'changes-record-en');
    await page.getByRole('button', { name: '日本語' }).click();
    expect(web.problems).toEqual([]);
  }, 180_000);

  it('the share page warns the center and the body of consent given by a young account', async () => {
    const analyst = await t.user(center, 'center-analyst', PASSWORD);
    const reporter = await t.user(ministry, 'reporter');
    const incident = await t.fileIncident(reporter, { title: 'VPN装置への不正アクセス' });
    const share = await t.request(analyst, {
      method: 'POST',
      url: '/api/v1/shares',
      payload: {
        sourceIncidentIds: [incident.id],
        content: { title: '不正アクセスの共有', body: 'VPN装置の修正版を適用してください。' },
        audience: { kind: 'all' },
        tlp: 'TLP:GREEN',
      },
    });
    const id = (share.json() as { id: string }).id;
    const request = await t.handle.db
      .selectFrom('consent_requests')
      .select('id')
      .where('share_id', '=', id)
      .executeTakeFirstOrThrow();
    // The officer's account was made moments ago.
    const approved = await t.request(officer, {
      method: 'POST',
      url: `/api/v1/consent-requests/${request.id}/decision`,
      payload: { decision: 'approve' },
    });
    expect(approved.statusCode, approved.body).toBe(200);
    const page = await web.openPage(PHONE);
    await web.signIn(page, analyst);
    await page.goto(`${web.base}/shares/${id}`);
    await page.getByRole('heading', { level: 1, name: '不正アクセスの共有' }).waitFor();
    await page
      .getByText('作成またはロールの付与から間もないアカウントによるもの', { exact: false })
      .waitFor();
    await page.getByText('新しいアカウント').waitFor();
    await expectAccessible(page, 'a share consented by a young account');
    await web.shot(page, 'share-young-consent-phone');
    expect(web.problems).toEqual([]);
  }, 120_000);
});
