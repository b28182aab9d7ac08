import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_DIALECTS } from '../support/databases.js';
import type { TestApp, TestOrg, TestUser } from '../support/harness.js';
import {
  DESKTOP,
  expectAccessible,
  LIVE_WITHIN_MS,
  markNoReload,
  menuLink,
  PASSWORD,
  PHONE,
  sharedBrowser,
  startWebApp,
  stillSamePage,
  type WebApp,
} from './support.js';

// The reporting chain as people use it: a real server on loopback, the built app, Debian's Chromium.

const browser = sharedBrowser();

describe.each(BROWSER_DIALECTS)('web app on %s', (dialect) => {
  let web: WebApp;
  let t: TestApp;
  let center: TestOrg;
  let problems: string[];

  beforeAll(async () => {
    web = await startWebApp(browser(), dialect);
    t = web.t;
    problems = web.problems;
    center = await t.org('center');
  });

  afterAll(async () => {
    await web?.close();
  });

  const openPage = (options = DESKTOP) => web.openPage(options);
  const shot = (page: Page, name: string) => web.shot(page, name);

  /** Logs in and waits until the incident list shows and the live stream is open. */
  async function logIn(page: Page, user: TestUser) {
    // The list's own address: `/` leads a ministry to its review queue, the center to its dashboard.
    await web.signIn(page, user, { path: '/incidents' });
    await page.getByRole('heading', { level: 1, name: '事案一覧' }).waitFor();
    await page.getByRole('complementary').getByText('受信中').waitFor();
  }

  const incidentLink = (page: Page, title: string) =>
    page.locator('table.incidents').getByRole('link', { name: title, exact: true });

  const incidentRow = (page: Page, title: string) =>
    page
      .locator('table.incidents tbody tr')
      .filter({ has: page.getByRole('link', { name: title, exact: true }) });

  /** A ministry (in review mode or not) with one agency; its officer and a center analyst watch their lists. */
  async function watchedChain(reviewMode: boolean) {
    const ministry = await t.org('ministry', { reviewMode });
    const agency = await t.org('agency', { parent: ministry });
    const officer = await t.user(ministry, 'security-officer', PASSWORD);
    const analyst = await t.user(center, 'center-analyst', PASSWORD);
    const reporter = await t.user(agency, 'reporter', PASSWORD);
    const ministryPage = await openPage(DESKTOP);
    const centerPage = await openPage(DESKTOP);
    await logIn(ministryPage, officer);
    await logIn(centerPage, analyst);
    return { reporter, ministryPage, centerPage };
  }

  it('a quick report filed from a phone appears live at the ministry and the center', async () => {
    const { reporter, ministryPage, centerPage } = await watchedChain(false);
    await markNoReload(ministryPage);
    await markNoReload(centerPage);
    expect(await ministryPage.evaluate(() => document.documentElement.lang)).toBe('ja');

    const phone = await openPage(PHONE);
    await logIn(phone, reporter);
    await (await menuLink(phone, '速報を提出')).click();
    const title = `不審な通信を検知（${dialect}）`;
    await phone.getByLabel('件名').fill(title);
    await phone.getByLabel('概要').fill('ファイアウォールで外部の不審な宛先への通信を検知した。');
    expect(await phone.getByLabel('検知日時').inputValue()).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/);
    await shot(phone, 'phone-quick-report-form');
    await expectAccessible(phone, 'the quick report form on a phone');
    t.clock.set(new Date());
    await phone.getByRole('button', { name: '速報を提出', exact: true }).click();
    await phone.getByRole('heading', { level: 1, name: title }).waitFor();
    await phone.getByRole('status').getByText('速報を提出しました。').waitFor();
    await shot(phone, 'phone-incident-filed');

    for (const page of [ministryPage, centerPage]) {
      await incidentLink(page, title).waitFor({ timeout: LIVE_WITHIN_MS });
      await page
        .getByRole('complementary')
        .getByText('新しい速報')
        .first()
        .waitFor({ timeout: LIVE_WITHIN_MS });
      expect(await stillSamePage(page)).toBe(true);
      expect(await incidentRow(page, title).getByText('受領済').count()).toBe(2);
    }
    await shot(ministryPage, 'ministry-live');
    await expectAccessible(ministryPage, 'the incident list');
    await shot(centerPage, 'center-live');

    // The center opens it: the timeline shows every step of the chain done.
    await incidentLink(centerPage, title).click();
    await centerPage.getByRole('heading', { level: 1, name: title }).waitFor();
    const timeline = centerPage.locator('ol.timeline > li');
    expect(await timeline.count()).toBe(4);
    expect(await centerPage.locator('ol.timeline > li.done').count()).toBe(4);
    await centerPage.getByText('速報 #1').waitFor();
    // Filed minutes after detection: the reporting target is shown as met.
    expect(await centerPage.getByTestId('reporting-target').textContent()).toContain('を達成');
    expect(await stillSamePage(centerPage)).toBe(true);
    await shot(centerPage, 'center-incident');
    await expectAccessible(centerPage, 'the incident page');

    // Search narrows the list; a term in no report empties it.
    await centerPage.getByRole('navigation').getByRole('link', { name: '事案一覧' }).click();
    await centerPage.getByLabel('検索').fill('不審な通信');
    await incidentLink(centerPage, title).waitFor();
    await centerPage.getByLabel('検索').fill('存在しない語句ですよ');
    await centerPage.getByText('該当する事案はありません。').waitFor();

    // Logging out ends the session on the server, not only on screen.
    await phone.getByRole('button', { name: 'ログアウト' }).click();
    await phone.getByRole('heading', { level: 1, name: 'ログイン' }).waitFor();
    expect((await phone.request.get(`${web.base}/api/v1/me`)).status()).toBe(401);

    expect(problems).toEqual([]);
  }, 60_000);

  it('a ministry in review mode forwards an agency report, which then reaches the center live', async () => {
    const { reporter, ministryPage, centerPage } = await watchedChain(true);

    const title = `確認が必要な速報（${dialect}）`;
    t.clock.set(new Date());
    await t.fileIncident(reporter, { title });

    await incidentLink(ministryPage, title).waitFor({ timeout: LIVE_WITHIN_MS });
    await incidentRow(ministryPage, title).getByText('確認待ち').waitFor();
    await incidentLink(ministryPage, title).click();
    await ministryPage.getByRole('heading', { level: 1, name: title }).waitFor();
    await shot(ministryPage, 'ministry-review');
    await ministryPage.getByRole('button', { name: 'センターへ転送' }).click();
    await ministryPage.getByText('センターへ転送しました。').waitFor();
    await ministryPage.locator('ol.timeline > li.done').nth(3).waitFor();
    expect(await ministryPage.getByRole('button', { name: 'センターへ転送' }).count()).toBe(0);

    await incidentLink(centerPage, title).waitFor({ timeout: LIVE_WITHIN_MS });
    await shot(centerPage, 'center-after-forward');

    // A reload on the incident's own address: the server sends the app, the session and CSRF token survive.
    await ministryPage.reload();
    await ministryPage.getByRole('heading', { level: 1, name: title }).waitFor();
    expect(await ministryPage.locator('ol.timeline > li.done').count()).toBe(4);
    expect(problems).toEqual([]);
  }, 60_000);

  it('switches to English, remembers the choice, and switches back', async () => {
    const analyst = await t.user(center, 'center-analyst', PASSWORD);
    const page = await openPage(DESKTOP);
    await logIn(page, analyst);

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Incidents' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await page.getByRole('navigation').getByRole('link', { name: 'Incidents', exact: true }).waitFor();
    await page.getByRole('navigation').getByRole('link', { name: 'Dashboard', exact: true }).waitFor();
    await shot(page, 'english');

    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Incidents' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');

    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('heading', { level: 1, name: 'Log in' }).waitFor();
    await page.getByLabel('Email').fill(analyst.email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in', exact: true }).click();
    // An analyst's role needs a second factor: the step is in English too.
    await page.getByRole('heading', { level: 1, name: 'Second factor' }).waitFor();
    await page.getByLabel('Six-digit code from your authenticator app').fill(await t.totpCodeFor(analyst));
    await page.getByRole('button', { name: 'Verify' }).click();
    // Logged out on purpose, the analyst starts again where the center's work is: its dashboard.
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();

    await page.getByRole('button', { name: '日本語' }).click();
    await page.getByRole('heading', { level: 1, name: 'ダッシュボード' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('ja');
    expect(problems).toEqual([]);
  }, 60_000);
});
