import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_DIALECTS } from '../support/databases.js';
import type { TestApp, TestOrg, TestUser } from '../support/harness.js';
import {
  DESKTOP,
  expectAccessible,
  LIVE_WITHIN_MS,
  markNoReload,
  PASSWORD,
  sharedBrowser,
  startWebApp,
  stillSamePage,
  type WebApp,
} from './support.js';

// The app's addresses as people move between them: where `/` leads each role, the menu's badge of reports
// awaiting review, back and forward through filtered lists, and addresses the app does not know.

const browser = sharedBrowser();

describe.each(BROWSER_DIALECTS)('navigation on %s', (dialect) => {
  let web: WebApp;
  let t: TestApp;
  let center: TestOrg;
  let ministry: TestOrg;
  let agency: TestOrg;
  let ministryOfficer: TestUser;
  let reporter: TestUser;

  beforeAll(async () => {
    web = await startWebApp(browser(), dialect);
    t = web.t;
    center = await t.org('center');
    ministry = await t.org('ministry', { reviewMode: true });
    agency = await t.org('agency', { parent: ministry });
    ministryOfficer = await t.user(ministry, 'security-officer', PASSWORD);
    reporter = await t.user(agency, 'reporter', PASSWORD);
  });

  afterAll(async () => {
    await web?.close();
  });

  const current = (page: Page) => page.getByRole('navigation').locator('a[aria-current="page"]');
  const path = (page: Page) => {
    const url = new URL(page.url());
    return url.pathname + url.search;
  };

  it('`/` leads each role to where its work is, with its menu item marked and Back not bouncing', async () => {
    const roles: [string, TestUser, string, string, string][] = [
      ['a ministry reviewing its agencies', ministryOfficer, '/review', '確認待ちの報告', '確認待ち'],
      [
        'an analyst',
        await t.user(center, 'center-analyst', PASSWORD),
        '/dashboard',
        'ダッシュボード',
        'ダッシュボード',
      ],
      [
        'a coordinator',
        await t.user(center, 'center-coordinator', PASSWORD),
        '/dashboard',
        'ダッシュボード',
        'ダッシュボード',
      ],
      // A ministry that does not review (its agencies' reports go straight on) has no queue to land on.
      [
        'a ministry not in review mode',
        await t.user(await t.org('ministry'), 'security-officer', PASSWORD),
        '/',
        '事案一覧',
        '事案一覧',
      ],
      ['a reporter', reporter, '/', '事案一覧', '事案一覧'],
      ['an agency officer', await t.user(agency, 'security-officer', PASSWORD), '/', '事案一覧', '事案一覧'],
      ['an auditor', await t.user(center, 'auditor', PASSWORD), '/audit', '監査ログ', '監査ログ'],
      ['an administrator', await t.user(center, 'admin', PASSWORD), '/admin/orgs', '組織', '組織'],
    ];
    for (const [who, user, landing, title, item] of roles) {
      const page = await web.openPage(DESKTOP);
      await web.signIn(page, user);
      await page.getByRole('heading', { level: 1, name: title, exact: true }).waitFor();
      expect(path(page), who).toBe(landing);
      expect(await current(page).textContent(), who).toContain(item);
      // The landing replaced `/` in the history: the visit's one entry, Back leaves nothing of the app behind.
      expect(await page.evaluate(() => window.history.length), who).toBe(2);
      // A ministry's officers have the queue in the menu (where review mode is also seen and set), others not.
      expect(await page.getByRole('navigation').locator('a[href="/review"]').count(), who).toBe(
        who.includes('ministry') ? 1 : 0,
      );
      await page.context().close();
    }
  });

  it('the incident list stays one click away for those who land elsewhere, and a query on `/` is a list', async () => {
    const page = await web.openPage(DESKTOP);
    await web.signIn(page, ministryOfficer);
    await page.getByRole('heading', { level: 1, name: '確認待ちの報告' }).waitFor();
    await page.getByRole('navigation').getByRole('link', { name: '事案一覧' }).click();
    await page.getByRole('heading', { level: 1, name: '事案一覧' }).waitFor();
    expect(path(page)).toBe('/incidents');
    expect(await current(page).textContent()).toBe('事案一覧');
    await page.goto(`${web.base}/?status=open`);
    await page.getByRole('heading', { level: 1, name: '事案一覧' }).waitFor();
    expect(path(page)).toBe('/?status=open');
    expect(await page.getByLabel('状態').inputValue()).toBe('open');
    await page.context().close();
  });

  it('the menu counts the reports awaiting review, live, as an agency files and the ministry forwards', async () => {
    const page = await web.openPage(DESKTOP);
    await web.signIn(page, ministryOfficer);
    await page.getByRole('complementary').getByText('受信中').waitFor();
    await markNoReload(page);
    const review = page.getByRole('navigation').locator('a[href="/review"]');
    expect(await review.textContent()).toBe('確認待ち');

    const first = await t.fileIncident(reporter, { title: `審査待ち1（${dialect}）` });
    await review.getByText('1件').waitFor({ timeout: LIVE_WITHIN_MS });
    await t.fileIncident(reporter, { title: `審査待ち2（${dialect}）` });
    await review.getByText('2件').waitFor({ timeout: LIVE_WITHIN_MS });
    await expectAccessible(page, 'the menu with the review badge');

    // Forwarded (here through the API, as a colleague would): one less waits.
    const forwarded = await t.request(ministryOfficer, {
      method: 'POST',
      url: `/api/v1/incidents/${(first as { id: string }).id}/forward`,
      payload: {},
      headers: { 'idempotency-key': `forward-${dialect}-1` },
    });
    expect(forwarded.statusCode).toBe(200);
    await review.getByText('1件').waitFor({ timeout: LIVE_WITHIN_MS });
    expect(await stillSamePage(page)).toBe(true);

    // Someone without a review queue has no such item, nor a count.
    const agencyPage = await web.openPage(DESKTOP);
    await web.signIn(agencyPage, reporter);
    await agencyPage.getByRole('heading', { level: 1, name: '事案一覧' }).waitFor();
    expect(
      await agencyPage
        .getByRole('navigation')
        .getByRole('link', { name: /^確認待ち/ })
        .count(),
    ).toBe(0);
    await page.context().close();
    await agencyPage.context().close();
  });

  it('back and forward walk through filtered views; typing does not fill the history', async () => {
    const page = await web.openPage(DESKTOP);
    await web.signIn(page, reporter);
    await page.getByRole('heading', { level: 1, name: '事案一覧' }).waitFor();
    await page.getByLabel('状態').selectOption('open');
    await expect.poll(() => path(page)).toBe('/?status=open');
    await page.getByLabel('深刻度', { exact: true }).selectOption('high');
    await expect.poll(() => path(page)).toBe('/?status=open&severity=high');
    const before = await page.evaluate(() => window.history.length);
    await page.getByLabel('検索').fill('不審');
    await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe('不審');
    expect(await page.evaluate(() => window.history.length)).toBe(before);

    await page.goBack();
    await expect.poll(() => path(page)).toBe('/?status=open');
    await expect.poll(() => page.getByLabel('深刻度', { exact: true }).inputValue()).toBe('');
    expect(await page.getByLabel('状態').inputValue()).toBe('open');
    await page.goBack();
    await expect.poll(() => path(page)).toBe('/');
    await expect.poll(() => page.getByLabel('状態').inputValue()).toBe('');
    await page.goForward();
    await expect.poll(() => page.getByLabel('状態').inputValue()).toBe('open');

    // To another screen through the menu and back: the filters come back with the list.
    await page.getByRole('navigation').getByRole('link', { name: '速報を提出' }).click();
    await expect.poll(() => path(page)).toBe('/report');
    await page.goBack();
    await expect.poll(() => path(page)).toBe('/?status=open');
    await expect.poll(() => page.getByLabel('状態').inputValue()).toBe('open');
    await page.context().close();
  });

  it('an unknown address, a malformed or unknown id, and a screen of another role say so in the shell', async () => {
    const page = await web.openPage(DESKTOP);
    await web.signIn(page, reporter);
    await page.getByRole('heading', { level: 1, name: '事案一覧' }).waitFor();
    const notFound = async (address: string) => {
      await page.getByText('このページは見つかりません。').waitFor();
      await page.getByRole('navigation').waitFor();
      expect(await current(page).count(), address).toBe(0);
      expect(path(page)).toBe(address);
    };
    for (const address of ['/no-such-screen', '/shares/a/b/c', '/admin']) {
      await page.goto(`${web.base}${address}`);
      await notFound(address);
    }
    // A malformed id cannot come from the server (it refuses such an address), only from within the page.
    await page.goto(`${web.base}/`);
    await page.getByRole('heading', { level: 1, name: '事案一覧' }).waitFor();
    await page.evaluate(() => {
      window.history.pushState(null, '', '/incidents/%E0%A4%A');
      window.dispatchEvent(new PopStateEvent('popstate'));
    });
    await notFound('/incidents/%E0%A4%A');
    // A forged id is the server's to refuse: the incident page says so, the address kept as typed.
    await page.goto(`${web.base}/incidents/${encodeURIComponent('../../admin/orgs')}`);
    await page.locator('p.error').first().waitFor();
    expect(path(page)).toBe(`/incidents/${encodeURIComponent('../../admin/orgs')}`);
    // Screens of other roles are refused in place, the address kept.
    for (const address of ['/dashboard', '/review', '/audit', '/admin/sso', '/incidents']) {
      await page.goto(`${web.base}${address}`);
      if (address === '/incidents') await page.getByRole('heading', { level: 1, name: '事案一覧' }).waitFor();
      else await page.getByText('このロールではこの画面を利用できません。').waitFor();
      expect(path(page)).toBe(address);
    }
    expect(web.problems).toEqual([]);
    await page.context().close();
  });
});
