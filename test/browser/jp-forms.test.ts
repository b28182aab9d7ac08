import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, onBrowserDialects } from '../support/databases.js';
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
} from './support.js';

// Reporting as Japanese government bodies do: the Japanese categories, the incident number on the screens, a
// follow-up that starts from the current values, and a final report confirmed before it is filed.

const browser = sharedBrowser();

describe.each(DIALECTS)('Japanese report forms on %s', (dialect) => {
  // What the database changes is shown by the cases run with `it`; the others run where browser tests run.
  const itOnBrowserDialects = onBrowserDialects(dialect);
  let web: WebApp;
  let t: TestApp;
  let center: TestOrg;
  let reporter: TestUser;

  beforeAll(async () => {
    web = await startWebApp(browser(), dialect);
    t = web.t;
    center = await t.org('center');
    const ministry = await t.org('ministry');
    const agency = await t.org('agency', { parent: ministry });
    await t.user(center, 'center-analyst', PASSWORD);
    reporter = await t.user(agency, 'reporter', PASSWORD);
  });
  afterAll(async () => web?.close());

  it('the quick report offers the Japanese categories; the list and the page show the number', async () => {
    const page = await web.openPage(DESKTOP);
    await web.signIn(page, reporter);
    await page.getByRole('heading', { level: 1, name: '事案一覧' }).waitFor();
    await (await menuLink(page, '速報を提出')).click();
    await page.getByRole('heading', { level: 1, name: '速報の提出' }).waitFor();
    await page.getByText('任意の項目（深刻度・分類・TLP・影響）').click();
    const category = page.locator('#report-category');
    await category.locator('option', { hasText: '標的型攻撃（メール）' }).waitFor({ state: 'attached' });
    await category.selectOption({ label: 'ランサムウェア' });
    expect(await category.inputValue()).toBe('ransomware');
    await expectAccessible(page, 'the quick report with the Japanese categories');

    const filed = await t.fileIncident(reporter, {
      title: `番号の見える事案（${dialect}）`,
      category: 'ransomware',
      severity: 'high',
      impact: { personalData: { involved: true, approxPersons: 1200 }, informationLeaked: true },
      cause: '調査中',
    });
    const number = filed.number as string;
    expect(number).toMatch(/^\d{4}-\d{6}$/);
    await page.goto(`${web.base}/`);
    const row = page
      .locator('table.incidents tbody tr')
      .filter({ hasText: `番号の見える事案（${dialect}）` });
    await row.getByTestId('incident-number').getByText(number).waitFor();

    await page.goto(`${web.base}/incidents/${filed.id}`);
    await page.locator('article.incident').getByTestId('incident-number').getByText(number).waitFor();
    await page.getByText('ランサムウェア', { exact: true }).first().waitFor();
    await page.locator('dl.incident-facts').getByText('個人情報あり（約1,200人）').waitFor();
    await web.shot(page, 'jp-forms-incident-page');
    await expectAccessible(page, 'the incident page with its number and form fields');
  });

  itOnBrowserDialects(
    'a follow-up starts from the current values; the final report is confirmed and its values shown',
    async () => {
      const filed = await t.fileIncident(reporter, {
        title: `確報まで（${dialect}）`,
        category: 'targeted-email',
        severity: 'medium',
        impact: { personalData: { involved: true, approxPersons: 30 }, informationLeaked: true },
        contactPerson: { name: '連絡 太郎', phone: '03-1234-5678' },
      });
      const page = await web.openPage(DESKTOP);
      await web.signIn(page, reporter);
      await page.getByRole('heading', { level: 1, name: '事案一覧' }).waitFor();
      await page.goto(`${web.base}/incidents/${filed.id}`);
      await page.getByText('変更する項目（任意）').click();
      // Prefilled with the incident as it stands.
      await expect.poll(() => page.locator('#followup-category').inputValue()).toBe('targeted-email');
      expect(await page.locator('#followup-severity').inputValue()).toBe('medium');
      expect(await page.locator('#followup-personalData').inputValue()).toBe('yes');
      expect(await page.locator('#followup-informationLeaked').isChecked()).toBe(true);
      expect(await page.locator('#followup-contactName').inputValue()).toBe('連絡 太郎');

      await page.locator('#followup-text').fill('調査の結果、個人情報の漏えいはなかった。');
      await page.locator('#followup-personalData').selectOption('no');
      await page.locator('#followup-informationLeaked').uncheck();
      await page.locator('#followup-cause').fill('不審メールの添付ファイルを開いたこと');
      await page.locator('#followup-ppc').selectOption('no');
      await page.locator('#followup-kind-final').check();
      await page.getByRole('button', { name: '確報を提出' }).click();

      // Asked first, naming what it closes; the focus is on the question.
      const confirm = page.getByRole('region', { name: '確報を提出しますか' });
      await confirm.getByText(filed.number as string, { exact: false }).waitFor();
      await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('final-confirm-heading');
      await web.shot(page, 'jp-forms-final-confirm');
      await expectAccessible(page, 'the final report confirmation');
      // Going back keeps everything and returns the focus to the button.
      await confirm.getByRole('button', { name: '戻って修正する' }).click();
      await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('followup-submit');
      await page.getByRole('button', { name: '確報を提出' }).click();
      await page.getByRole('button', { name: '確報を提出する' }).click();

      await page.getByTestId('incident-status').getByText('確報済').waitFor();
      // Where the incident stands now (the timeline keeps what the quick report said).
      const facts = page.locator('dl.incident-facts');
      await facts.getByText('個人情報なし').waitFor();
      expect(await facts.getByText('個人情報あり', { exact: false }).count()).toBe(0);
      expect(await facts.getByText('情報の漏えい', { exact: true }).count()).toBe(0);
      await page.getByText('不審メールの添付ファイルを開いたこと').first().waitFor();
      const incident = (
        await t.request(reporter, { method: 'GET', url: `/api/v1/incidents/${filed.id}` })
      ).json() as Record<string, unknown>;
      expect(incident).toMatchObject({
        status: 'final',
        category: 'targeted-email',
        severity: 'medium',
        impact: { personalData: { involved: false }, informationLeaked: false },
        cause: '不審メールの添付ファイルを開いたこと',
        contactPerson: { name: '連絡 太郎', phone: '03-1234-5678' },
        ppcReport: { reported: false },
      });
    },
  );

  itOnBrowserDialects('is complete in English and fits a 360 px phone', async () => {
    const filed = await t.fileIncident(reporter, {
      title: `English and phone (${dialect})`,
      category: 'ddos',
      nextSteps: 'Add rate limiting.',
      policeReport: { reported: true, date: '2026-11-25' },
    });
    const page = await web.openPage({ ...PHONE, lang: 'en' });
    await web.signIn(page, reporter);
    await page.getByRole('button', { name: 'English' }).click();
    await page.goto(`${web.base}/incidents/${filed.id}`);
    await page
      .locator('article.incident')
      .getByTestId('incident-number')
      .getByText(filed.number as string)
      .waitFor();
    await page.getByText('DDoS attack', { exact: true }).first().waitFor();
    await page.getByTestId('police-report').getByText('Yes (2026-11-25)').waitFor();
    await page.getByText('Next steps', { exact: true }).first().waitFor();
    await page.getByText('Fields to change (optional)', { exact: false }).click();
    await web.onPhone(page, 'jp-forms-incident-page-en-phone');
  });
});
