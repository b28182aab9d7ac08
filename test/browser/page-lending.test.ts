import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_DIALECTS } from '../support/databases.js';
import type { TestApp, TestUser } from '../support/harness.js';
import { PASSWORD, sharedBrowser, startWebApp, type WebApp } from './support.js';

// A test's page is lent to the file's next test (support.ts, giveBack): nothing of the first user may reach the
// second. The first test logs a user in and leaves its session, a stored language, a return address, a listener
// and the network cut; the next is lent the same page and must find it as new: blank, no cookie, nothing
// stored, online, and logged out at the app.

const browser = sharedBrowser();

describe.each(BROWSER_DIALECTS)('a page lent from one test to the next on %s', (dialect) => {
  let web: WebApp;
  let t: TestApp;
  let first: TestUser;
  let lent: Page | undefined;
  let heard = 0;
  beforeAll(async () => {
    web = await startWebApp(browser(), dialect);
    t = web.t;
    const center = await t.org('center');
    first = await t.user(center, 'center-analyst', PASSWORD);
  });
  afterAll(async () => web?.close());

  it('a user logs in, chooses English, and leaves the page offline with a listener on it', async () => {
    const page = await web.openPage();
    lent = page;
    await web.signIn(page, first);
    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => page.evaluate(() => window.localStorage.length)).toBeGreaterThan(0);
    await page.evaluate(() => window.sessionStorage.setItem('left-behind', 'yes'));
    expect(await page.context().cookies(web.base)).not.toEqual([]);
    page.on('request', () => {
      heard += 1;
    });
    await page.context().setOffline(true);
  });

  it('the next test is lent that page as new: blank, no cookie, nothing stored, online, logged out', async () => {
    const page = await web.openPage();
    // The same page (so that this test checks something), given back empty.
    expect(page).toBe(lent);
    expect(page.url()).toBe('about:blank');
    expect(await page.context().cookies()).toEqual([]);
    await page.goto(web.base);
    await page.getByRole('button', { name: 'ログイン', exact: true }).waitFor();
    expect(await page.getByRole('button', { name: /ログアウト|Log out/ }).count()).toBe(0);
    expect(await page.evaluate(() => [window.localStorage.length, window.sessionStorage.length])).toEqual([
      0, 0,
    ]);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('ja');
    // The first test's listener heard none of this test's requests.
    expect(heard).toBe(0);
    // Nor can the session of the first user be used from this page.
    const me = await page.context().request.get(`${web.base}/api/v1/me`);
    expect(me.status()).toBe(401);
    expect(web.problems).toEqual([]);
  });
});
