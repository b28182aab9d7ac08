import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_DIALECTS } from '../support/databases.js';
import type { TestApp, TestOrg, TestUser } from '../support/harness.js';
import {
  expectAccessible,
  LIVE_WITHIN_MS,
  markNoReload,
  PASSWORD,
  sharedBrowser,
  startWebApp,
  stillSamePage,
  type WebApp,
  withoutAnimationFrames,
} from './support.js';

// Contact structures (連絡体制) and notifications as a body's people use them: a real server on loopback, the
// built app, Debian's Chromium. An agency's security officer builds its structure (a 24/7 duty officer, a
// business-hours CSIRT lead with a webhook), orders it and confirms it; the supervising ministry reads it
// without being able to change it; a quick report filed at the agency reaches the duty officer live in the
// app (with its title: the agency asked, on its rules screen, to acknowledge even its own quick reports), who
// acknowledges it, and the incident shows the step acknowledged. No SMTP server: in-app is enough.

const browser = sharedBrowser();
const DUTY = '当番 太郎';
const LEAD = 'CSIRT 花子';

describe.each(BROWSER_DIALECTS)('contact structures and notifications on %s', (dialect) => {
  let web: WebApp;
  let t: TestApp;
  let agency: TestOrg;
  let officer: TestUser;
  let ministryOfficer: TestUser;
  let reporter: TestUser;
  let duty: TestUser;

  beforeAll(async () => {
    web = await startWebApp(browser(), dialect);
    t = web.t;
    await t.org('center');
    const ministry = await t.org('ministry');
    agency = await t.org('agency', { parent: ministry });
    officer = await t.user(agency, 'security-officer', PASSWORD);
    reporter = await t.user(agency, 'reporter', PASSWORD);
    duty = await t.user(agency, 'reporter', PASSWORD);
    ministryOfficer = await t.user(ministry, 'security-officer', PASSWORD);
  }, 60_000);

  afterAll(async () => {
    await web?.close();
  });

  const agencyName = () => `${agency.slug} 日本語`;
  const menu = (page: Page) => page.getByRole('navigation', { name: /メインメニュー|Main menu/ });
  const contact = (page: Page, name: string) =>
    page.locator('.contact').filter({ has: page.getByRole('heading', { name, exact: true }) });
  const inEnglish = async (page: Page, name: string, heading: RegExp) => {
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
    await expectAccessible(page, `${name} in English`);
    await web.shot(page, `${name}-en`);
    await page.getByRole('button', { name: '日本語' }).click();
  };

  it('a security officer builds, orders and confirms the structure; the ministry reads it read-only', async () => {
    const page = await web.openPage();
    await web.signIn(page, officer);
    await menu(page).getByRole('link', { name: '連絡体制', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: `連絡体制：${agencyName()}` }).waitFor();
    await page.getByText('連絡先はまだ登録されていません。').waitFor();
    await page.getByText('この連絡体制はまだ確認されていません。').waitFor();
    await expectAccessible(page, 'the empty structure');
    await web.shot(page, 'contacts-empty');

    // A 24/7 duty officer who is a Renraku user of the body: reached in the app too.
    await page.getByRole('button', { name: '連絡先を追加' }).click();
    let dialog = page.getByRole('dialog', { name: '連絡先を追加' });
    // Without a way to reach them the form says so before asking the server.
    await dialog.getByLabel('氏名または窓口名').fill(DUTY);
    await dialog.getByRole('button', { name: '追加する' }).click();
    await dialog.getByText('メール、電話、Webhookのうち少なくとも一つを入力してください。').waitFor();
    await expectAccessible(page, 'the contact form with an error');
    await web.shot(page, 'contact-form-error');
    await dialog.getByLabel('メールアドレス').fill(duty.email);
    await dialog.getByLabel('電話番号', { exact: true }).fill('03-1234-5678');
    await dialog.getByLabel('電話番号の説明').fill('当番携帯');
    await dialog.getByRole('button', { name: '追加する' }).click();
    await page.getByText(`${DUTY}を追加しました。`).waitFor();
    await contact(page, DUTY).getByText('Renrakuの利用者（アプリ内通知あり）').waitFor();

    // A business-hours CSIRT lead with a webhook: a private address is refused at the field.
    await page.getByRole('button', { name: '連絡先を追加' }).click();
    dialog = page.getByRole('dialog', { name: '連絡先を追加' });
    await dialog.getByLabel('氏名または窓口名').fill(LEAD);
    await dialog.getByLabel('役割').selectOption({ label: 'CSIRT責任者' });
    await dialog.getByLabel('メールアドレス').fill('csirt@example.go.jp');
    await dialog.getByLabel('Webhook URL').fill('https://10.0.0.5/hook');
    await dialog.getByRole('radio', { name: /平日の業務時間/ }).check();
    await dialog.getByLabel('開始').fill('09:30');
    await dialog.getByLabel('終了').fill('17:45');
    // The focus reaches the field in error whether or not the browser paints a frame meanwhile.
    await withoutAnimationFrames(page, async () => {
      await dialog.getByRole('button', { name: '追加する' }).click();
      await dialog.getByText('Webhook URLは公開されたアドレスにしてください', { exact: false }).waitFor();
      await expect
        .poll(() => dialog.getByLabel('Webhook URL').evaluate((e) => e === document.activeElement))
        .toBe(true);
    });
    await dialog.getByLabel('Webhook URL').fill('https://hooks.example.com/renraku/secret-path');
    await dialog.getByRole('button', { name: '追加する' }).click();
    await page.getByText(`${LEAD}を追加しました。`).waitFor();

    // The body's first webhook made its signing key: shown this once.
    const secret = page.getByRole('region', { name: 'Webhook署名鍵' });
    await secret.waitFor();
    expect((await secret.getByLabel('HMAC-SHA256 署名鍵').inputValue()).length).toBeGreaterThan(20);
    await expectAccessible(page, 'the webhook key shown once');
    await web.shot(page, 'contacts-webhook-secret');
    await secret.getByRole('button', { name: '設定しました（閉じる）' }).click();
    await secret.waitFor({ state: 'detached' });

    const lead = contact(page, LEAD);
    await lead.getByText('平日 09:30〜17:45（Asia/Tokyo）').waitFor();
    await lead.getByText('第2順位').waitFor();
    const phone = contact(page, DUTY).getByRole('link', { name: '03-1234-5678' });
    expect(await phone.getAttribute('href')).toBe('tel:0312345678');

    // Reorder: the lead up, then the duty officer back to first.
    await lead.getByRole('button', { name: /上へ/ }).click();
    await page.getByText(`${LEAD}を第1順位にしました。`).waitFor();
    await contact(page, LEAD).getByText('第1順位').waitFor();
    await contact(page, DUTY).getByRole('button', { name: /上へ/ }).click();
    await page.getByText(`${DUTY}を第1順位にしました。`).waitFor();
    await expect.poll(() => page.locator('.contact h2').allTextContents()).toEqual([DUTY, LEAD]);

    await page.getByRole('button', { name: 'この連絡体制を確認しました' }).click();
    await page.getByText('連絡体制を確認済みとして記録しました。').waitFor();
    await page.getByText(/^最終確認：/).waitFor();
    await expectAccessible(page, 'the structure');
    await web.shot(page, 'contacts-structure');
    await web.onPhone(page, 'contacts-structure');
    await inEnglish(page, 'contacts-structure', /^Contact structure/);

    // Editing keeps what is there and changes what is asked.
    await contact(page, LEAD).getByRole('button', { name: /編集/ }).click();
    dialog = page.getByRole('dialog', { name: `${LEAD}を編集` });
    expect(await dialog.getByLabel('メールアドレス').inputValue()).toBe('csirt@example.go.jp');
    await dialog.getByLabel('通知の言語').selectOption('en');
    await expectAccessible(page, 'the edit dialog');
    await dialog.getByRole('button', { name: '保存する' }).click();
    await page.getByText(`${LEAD}を更新しました。`).waitFor();

    // The ministry's security officer picks its agency and reads, without changing anything.
    const ministryPage = await web.openPage();
    await web.signIn(ministryPage, ministryOfficer);
    await menu(ministryPage).getByRole('link', { name: '連絡体制', exact: true }).click();
    await ministryPage.getByRole('heading', { level: 1, name: /^連絡体制：/ }).waitFor();
    await ministryPage.getByLabel('組織').selectOption({ label: agencyName() });
    await ministryPage.getByRole('heading', { level: 1, name: `連絡体制：${agencyName()}` }).waitFor();
    await contact(ministryPage, DUTY).waitFor();
    await ministryPage.getByText('この連絡体制は閲覧のみできます。', { exact: false }).waitFor();
    expect(await ministryPage.getByRole('button', { name: '連絡先を追加' }).count()).toBe(0);
    expect(await ministryPage.getByRole('button', { name: /上へ|編集|削除/ }).count()).toBe(0);
    expect(await ministryPage.getByRole('button', { name: 'この連絡体制を確認しました' }).count()).toBe(0);
    // Other readers see the webhook's origin only: its path may be a capability.
    await contact(ministryPage, LEAD).getByText('https://hooks.example.com/…').waitFor();
    expect(await ministryPage.content()).not.toContain('secret-path');
    await ministryPage.getByText(/^最終確認：/).waitFor();
    await expectAccessible(ministryPage, 'the structure read-only');
    await web.shot(ministryPage, 'contacts-read-only');
    await web.onPhone(ministryPage, 'contacts-read-only');

    // Removing asks first; those after move up.
    await contact(page, DUTY).getByRole('button', { name: /削除/ }).click();
    const confirm = page.getByRole('dialog', { name: '連絡先を削除' });
    await expectAccessible(page, 'the remove question');
    await confirm.getByRole('button', { name: 'キャンセル' }).click();
    await confirm.waitFor({ state: 'detached' });
    expect(await page.locator('.contact').count()).toBe(2);

    expect(web.problems).toEqual([]);
  });

  it('the security officer asks to acknowledge its own quick reports on the rules screen; errors at their field', async () => {
    const page = await web.openPage();
    await web.signIn(page, officer);
    await menu(page).getByRole('link', { name: '連絡体制', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: `連絡体制：${agencyName()}` }).waitFor();
    await page.getByRole('link', { name: '通知ルールを編集' }).click();
    await page.getByRole('heading', { level: 1, name: '通知ルール' }).waitFor();
    const rule = page.getByRole('group', { name: '新しい速報' });
    // The default tells the agency of its own quick report without asking for an acknowledgment.
    const ack = rule.getByLabel('受領の確認を求める（なければエスカレーション）');
    expect(await ack.isChecked()).toBe(false);
    expect(await rule.getByLabel('既定に従う').isChecked()).toBe(true);
    await expectAccessible(page, 'the notification rules');
    await web.shot(page, 'notification-rules');
    await web.onPhone(page, 'notification-rules');
    await inEnglish(page, 'notification-rules', /^Notification rules$/);

    await ack.check();
    expect(await rule.getByLabel('既定に従う').isChecked()).toBe(false);
    const minutes = rule.getByLabel('確認の期限（分）');
    await minutes.fill('0');
    await rule.getByLabel('メール').uncheck();
    await rule.getByLabel('Webhook').uncheck();
    await rule.getByLabel('アプリ内').uncheck();
    await page.getByRole('button', { name: '保存' }).click();
    // Both errors are shown at their fields; the focus is on the first of them.
    await rule.getByText('手段を1つ以上選んでください。').waitFor();
    await rule.getByText('1から10080までの整数（分）を入力してください。').waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('rule-0-channels');
    await expectAccessible(page, 'the notification rules with errors');
    await web.shot(page, 'notification-rules-errors');

    await rule.getByLabel('アプリ内').check();
    await minutes.fill('15');
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByText('通知ルールを保存しました。').waitFor();
    const saved = await t.request(officer, {
      method: 'GET',
      url: `/api/v1/orgs/${agency.slug}/notification-rules`,
    });
    expect((saved.json() as { rules: unknown[] }).rules).toContainEqual(
      expect.objectContaining({
        event: 'incident.reported',
        custom: true,
        ackMinutes: 15,
        channels: ['in-app'],
      }),
    );
    expect(web.problems).toEqual([]);
  });

  it('a quick report reaches the duty officer live, who acknowledges it; the incident shows the step', async () => {
    const page = await web.openPage();
    await web.signIn(page, duty);
    await menu(page).getByRole('link', { name: /^通知/ }).click();
    await page.getByRole('heading', { level: 1, name: '通知' }).waitFor();
    await page.getByText('通知はまだありません。').waitFor();
    await expectAccessible(page, 'no notifications');
    await markNoReload(page);

    const incident = await t.fileIncident(reporter, { title: 'ランサムウェア感染の疑い' });

    const item = page.locator('.notification').first();
    // It says what happened: the title, its kind, the body; and leads to it.
    await item
      .getByRole('heading', { name: 'ランサムウェア感染の疑い' })
      .waitFor({ timeout: LIVE_WITHIN_MS });
    expect(await stillSamePage(page)).toBe(true);
    await item.getByText('未確認', { exact: true }).waitFor();
    await item.getByText('種別：新しい速報').waitFor();
    await item.getByText(`機関：${agencyName()}`).waitFor();
    await menu(page)
      .getByRole('link', { name: /^通知 未確認 1件$/ })
      .waitFor();
    await expectAccessible(page, 'an unacknowledged notification');
    await web.shot(page, 'notifications-open');
    await web.onPhone(page, 'notifications-open');
    await inEnglish(page, 'notifications-open', /^Notifications$/);

    await item.getByRole('button', { name: /^確認しました/ }).click();
    await page.getByText('通知を確認しました。').waitFor();
    await item.getByText('確認済み', { exact: true }).waitFor();
    await item.getByText(/^確認：/).waitFor();
    await expect.poll(() => menu(page).getByRole('link', { name: '通知', exact: true }).count()).toBe(1);
    await expectAccessible(page, 'an acknowledged notification');
    await web.shot(page, 'notifications-acknowledged');

    await item.getByRole('link', { name: /^事案を開く/ }).click();
    await page.getByRole('heading', { level: 1, name: 'ランサムウェア感染の疑い' }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/incidents/${incident.id}`);
    const steps = page.getByRole('region', { name: '通知とエスカレーション' });
    const acknowledged = steps.getByRole('row').filter({ hasText: '確認済み' });
    await acknowledged.waitFor();
    await acknowledged.getByText(`${DUTY}（当番担当者）`).waitFor();
    await steps.getByRole('row').filter({ hasText: '通知' }).first().waitFor();
    await expectAccessible(page, 'the incident with its notifications');
    await web.shot(page, 'incident-notifications');
    await web.onPhone(page, 'incident-notifications');
    await inEnglish(page, 'incident-notifications', /ランサムウェア感染の疑い/);

    expect(web.problems).toEqual([]);
  });
});
