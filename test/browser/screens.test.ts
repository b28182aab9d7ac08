import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_DIALECTS } from '../support/databases.js';
import type { TestApp, TestOrg, TestUser } from '../support/harness.js';
import {
  DESKTOP,
  expectAccessible,
  LIVE_WITHIN_MS,
  menuLink,
  PASSWORD,
  PHONE,
  sharedBrowser,
  startWebApp,
  type WebApp,
} from './support.js';

// Issue 12, points 7 and 15: the report screen starts where the reporter types (focus in the title, the title
// near the top of a phone), offers the report-form details, the banner names the body once, and the review
// mode says what its default deadline is.

const browser = sharedBrowser();

describe.each(BROWSER_DIALECTS)('report screen, banner and review mode on %s', (dialect) => {
  let web: WebApp;
  let t: TestApp;

  beforeAll(async () => {
    web = await startWebApp(browser(), dialect);
    t = web.t;
    await t.org('center');
  });

  afterAll(async () => {
    await web?.close();
  });

  const nameJa = (org: TestOrg) => `${org.slug} 日本語`;
  const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');

  async function openReport(page: Page) {
    await (await menuLink(page, '速報を提出')).click();
    await page.getByRole('heading', { level: 1, name: '速報の提出' }).waitFor();
  }

  async function reporterPage(user: TestUser, options = DESKTOP) {
    const page = await web.openPage(options);
    await web.signIn(page, user);
    await page.getByRole('complementary').getByText('受信中').waitFor();
    return page;
  }

  it('the report screen opens with the focus in its title, and a live update does not take it away', async () => {
    const ministry = await t.org('ministry');
    const reporter = await t.user(ministry, 'reporter', PASSWORD);
    const colleague = await t.user(ministry, 'reporter');
    const page = await reporterPage(reporter);
    await openReport(page);
    await expect.poll(() => focusedId(page)).toBe('report-title');

    // A colleague's report arrives in the live panel while the form is open: the focus stays, typing goes on.
    const feed = page.getByRole('complementary').locator('.feed-item');
    const before = await feed.count();
    await t.fileIncident(colleague, { title: `同僚の速報（${dialect}）` });
    await expect.poll(() => feed.count(), { timeout: LIVE_WITHIN_MS }).toBeGreaterThan(before);
    expect(await focusedId(page)).toBe('report-title');
    await page.keyboard.type('キーボードで入力');
    expect(await page.locator('#report-title').inputValue()).toBe('キーボードで入力');

    // Opened by its address, too.
    const direct = await web.openPage(DESKTOP);
    await web.signIn(direct, reporter, { path: '/report' });
    await direct.getByRole('heading', { level: 1, name: '速報の提出' }).waitFor();
    await expect.poll(() => focusedId(direct)).toBe('report-title');
    expect(web.problems).toEqual([]);
  }, 60_000);

  it('on a phone the title is in the upper half of the screen without scrolling, and has the focus', async () => {
    const ministry = await t.org('ministry');
    const reporter = await t.user(ministry, 'reporter', PASSWORD);
    const height = (PHONE.viewport as { height: number }).height;
    const titleTop = async (page: Page) =>
      (await page.locator('#report-title').boundingBox())?.y ?? Number.POSITIVE_INFINITY;

    // Opened by its address: nothing scrolled, the title in the upper half.
    const phone = await web.openPage(PHONE);
    await web.signIn(phone, reporter, { path: '/report' });
    await phone.getByRole('heading', { level: 1, name: '速報の提出' }).waitFor();
    await expect.poll(() => focusedId(phone)).toBe('report-title');
    expect(await phone.evaluate(() => window.scrollY)).toBe(0);
    expect(await titleTop(phone)).toBeLessThan(height / 2);
    await web.onPhone(phone, 'report-top');

    // Opened from the menu, after another screen.
    await (await menuLink(phone, '事案一覧')).click();
    await phone.getByRole('heading', { level: 1, name: '事案一覧' }).waitFor();
    await openReport(phone);
    await expect.poll(() => focusedId(phone)).toBe('report-title');
    expect(await titleTop(phone)).toBeGreaterThanOrEqual(0);
    expect(await titleTop(phone)).toBeLessThan(height / 2);

    // In English, the same.
    await phone.getByRole('button', { name: 'English' }).click();
    await phone.getByRole('heading', { level: 1, name: 'File a quick report' }).waitFor();
    expect(await titleTop(phone)).toBeLessThan(height / 2);
    await web.onPhone(phone, 'report-top-en');

    // A security officer's menu is long (six rows on a phone): it folds behind one button, which says where
    // the officer is, so the title is still in the upper half; opened, it lists everything and closes on a choice.
    const officerPhone = await web.openPage(PHONE);
    await web.signIn(officerPhone, await t.user(ministry, 'security-officer', PASSWORD), { path: '/report' });
    await officerPhone.getByRole('heading', { level: 1, name: '速報の提出' }).waitFor();
    expect(await titleTop(officerPhone)).toBeLessThan(height / 2);
    const toggle = officerPhone.getByRole('navigation').locator('button.nav-toggle');
    expect(await toggle.textContent()).toBe('メニュー：速報を提出');
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await officerPhone.getByRole('navigation').getByRole('link').first().isVisible()).toBe(false);
    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    await expectAccessible(officerPhone, 'the opened menu on a phone');
    await web.shot(officerPhone, 'phone-menu-open');
    await officerPhone.getByRole('navigation').getByRole('link', { name: '連絡体制', exact: true }).click();
    await officerPhone
      .getByRole('heading', { level: 1, name: /連絡体制/ })
      .first()
      .waitFor();
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(web.problems).toEqual([]);
  }, 60_000);

  it('the quick report files the report-form details, refuses a bad one with the focus on it, and the incident shows them', async () => {
    const ministry = await t.org('ministry');
    const reporter = await t.user(ministry, 'reporter', PASSWORD);
    const page = await reporterPage(reporter);
    await openReport(page);
    const title = `詳細つきの速報（${dialect}）`;
    await page.getByLabel('件名').fill(title);
    await page.getByLabel('概要').fill('職員端末でマルウェアを検知した。');
    const details = page.locator('details').filter({ hasText: '詳細（任意）' });
    expect(await details.getAttribute('open')).toBeNull();
    await details.getByText('詳細（任意）').click();
    await details.getByLabel('対応状況').fill('端末をネットワークから切り離した。');
    await details.getByLabel('原因').fill('添付ファイルの開封。');
    await details.getByLabel('今後の対応').fill('全職員に注意喚起する。');
    await details.getByLabel('担当者の氏名').fill('連絡 太郎');
    await details.getByLabel('担当者の電話番号').fill('03-1234-5678');
    await details.getByLabel('担当者のメールアドレス').fill('not an address');
    await details.locator('#report-police').selectOption('yes');
    await details.locator('#report-policeDate').fill('2026-12-01');
    await details.locator('#report-ppc').selectOption('no');
    await expectAccessible(page, 'the quick report with its details open');

    // A bad address: nothing is sent, the focus goes to it with its error.
    await page.getByRole('button', { name: '速報を提出', exact: true }).click();
    await expect.poll(() => focusedId(page)).toBe('report-contactEmail');
    await page.getByText('担当者のメールアドレスの形式が正しくありません。').waitFor();
    expect(await page.locator('#report-contactEmail').getAttribute('aria-invalid')).toBe('true');

    await page.locator('#report-contactEmail').fill('renraku.taro@example.go.jp');
    await page.getByRole('button', { name: '速報を提出', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    await page.locator('dd', { hasText: '端末をネットワークから切り離した。' }).waitFor();
    await page.locator('dd', { hasText: '添付ファイルの開封。' }).waitFor();
    await page.locator('dd', { hasText: '全職員に注意喚起する。' }).waitFor();
    await page.locator('dd li', { hasText: '連絡 太郎' }).waitFor();
    await page.getByRole('link', { name: 'renraku.taro@example.go.jp' }).waitFor();
    expect(await page.getByTestId('police-report').textContent()).toBe('済（2026-12-01）');
    expect(await page.getByTestId('ppc-report').textContent()).toBe('未');

    // What the server stored, as the API gives it.
    const id = decodeURIComponent(new URL(page.url()).pathname.split('/').pop() ?? '');
    const stored = (await t.request(reporter, { method: 'GET', url: `/api/v1/incidents/${id}` })).json();
    expect(stored).toMatchObject({
      responseStatus: '端末をネットワークから切り離した。',
      contactPerson: { name: '連絡 太郎', phone: '03-1234-5678', email: 'renraku.taro@example.go.jp' },
      policeReport: { reported: true, date: '2026-12-01' },
      ppcReport: { reported: false },
    });
    expect(web.problems).toEqual([]);
  }, 60_000);

  it('the banner names the person, the role and the body once, in Japanese and English', async () => {
    const ministry = await t.org('ministry');
    const reporter = await t.user(ministry, 'reporter', PASSWORD);
    // Directories often carry the body in the name itself.
    await t.handle.db
      .updateTable('users')
      .set({ display_name: `山田 太郎 (${nameJa(ministry)})` })
      .where('id', '=', reporter.id)
      .execute();
    const page = await web.openPage(DESKTOP);
    await web.signIn(page, reporter);
    const who = page.getByTestId('who');
    expect(await who.textContent()).toBe(`山田 太郎（報告担当）・${nameJa(ministry)}`);
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('button', { name: 'Log out' }).waitFor();
    expect(await who.textContent()).toBe(`山田 太郎 (Reporter) · ${ministry.slug} English`);
    await expectAccessible(page, 'the banner in English');
    await web.onPhone(page, 'banner-en');
    expect(web.problems).toEqual([]);
  }, 60_000);

  it('the review mode says how long the default deadline is, to the ministry and in its settings', async () => {
    const ministry = await t.org('ministry', { reviewMode: true });
    const own = await t.org('ministry', { reviewMode: true, reviewDeadlineMinutes: 30 });
    const officer = await t.user(ministry, 'security-officer', PASSWORD);
    const page = await web.openPage(DESKTOP);
    await web.signIn(page, officer, { path: '/review' });
    await page
      .getByTestId('review-mode')
      .getByText('オン：確認期限はシステムの既定で、報告から1時間です。')
      .waitFor();
    await page.getByRole('link', { name: '設定を変更する' }).click();
    const ministryItem = (name: string) =>
      page.locator('li.ministry').filter({ has: page.getByRole('heading', { level: 3, name }) });
    const item = ministryItem(nameJa(ministry));
    await item.getByText('確認モード：オン（確認期限 既定の1時間）').first().waitFor();
    // A ministry with its own deadline shows that one.
    const set = ministryItem(nameJa(own));
    await set.getByText('確認モード：オン（確認期限 30分）').first().waitFor();
    await page.getByRole('button', { name: 'English' }).click();
    await ministryItem(`${ministry.slug} English`)
      .getByText('Review mode: on (review deadline the default, 1 h)')
      .first()
      .waitFor();
    await page.goto(`${web.base}/review`);
    await page
      .getByTestId('review-mode')
      .getByText('On: the review deadline is the system default, 1 h after the report.')
      .waitFor();
    await expectAccessible(page, 'the review mode in English');
    expect(web.problems).toEqual([]);
  }, 60_000);
});
