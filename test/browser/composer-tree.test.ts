import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrg } from '../../src/features/orgs/orgs.usecases.js';
import { inTransaction } from '../../src/platform/db/transaction.js';
import { BROWSER_DIALECTS } from '../support/databases.js';
import type { TestApp, TestOrg, TestUser } from '../support/harness.js';
import { expectAccessible, PASSWORD, sharedBrowser, startWebApp, type WebApp } from './support.js';

// The share composer's recipients (issue 12, point 13): a searchable tree of the ministries and their agencies
// instead of one long list of checkboxes — search by name however it is typed, a ministry with its agencies at
// once, chips to remove, a count read out, by keyboard, on a phone, in English. What is sent stays the list of
// chosen slugs.

const browser = sharedBrowser();

describe.each(BROWSER_DIALECTS)('the share composer recipient tree on %s', (dialect) => {
  let web: WebApp;
  let t: TestApp;
  let analyst: TestUser;
  let gaimu: TestOrg;
  let gaimuAgencies: TestOrg[];
  let other: TestOrg;
  let otherAgency: TestOrg;
  let bodies: number;

  beforeAll(async () => {
    web = await startWebApp(browser(), dialect);
    t = web.t;
    const center = await t.org('center');
    analyst = await t.user(center, 'center-analyst', PASSWORD);
    const row = await inTransaction(t.handle, (unit) =>
      createOrg({
        unit,
        actor: null,
        input: { kind: 'ministry', slug: 'gaimu', nameJa: 'ガイム省', nameEn: 'Ministry of Gaimu' },
        audit: t.services.audit,
        clock: t.clock,
      }),
    );
    gaimu = { id: row.id, slug: row.slug, kind: 'ministry' };
    gaimuAgencies = [await t.org('agency', { parent: gaimu }), await t.org('agency', { parent: gaimu })];
    other = await t.org('ministry');
    otherAgency = await t.org('agency', { parent: other });
    for (let i = 0; i < 8; i++) await t.org('ministry');
    bodies = 2 + 3 + 8;
  });

  afterAll(async () => {
    await web?.close();
  });

  const nameJa = (org: TestOrg) => (org === gaimu ? 'ガイム省' : `${org.slug} 日本語`);
  const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');
  const picker = (page: Page) => page.locator('#share-orgs');
  const box = (page: Page, org: TestOrg) => page.locator(`#audience-org-${org.slug}`);
  const count = (page: Page) => page.locator('#share-orgs-count').textContent();
  const chips = (page: Page) => picker(page).getByRole('list', { name: '選択中の組織' }).getByRole('button');

  async function openComposer() {
    const page = await web.openPage();
    await web.signIn(page, analyst, { path: '/shares/new' });
    await page.getByRole('heading', { level: 1, name: '共有を作成' }).waitFor();
    await page.locator('#share-title').fill(`組織ツリーからの注意喚起（${dialect}）`);
    await page.locator('#share-body').fill('不審なメールに注意してください。');
    await page.getByRole('radio', { name: /^TLP:AMBER\+STRICT/ }).check();
    await page.getByRole('radio', { name: '指定した組織' }).check();
    await picker(page).waitFor();
    return page;
  }

  it('search narrows however the name is typed, a ministry brings its agencies, chips remove, the count follows, and the chosen slugs are sent', async () => {
    const page = await openComposer();
    expect(await count(page)).toBe('選択中：0組織');
    expect(await page.locator('#share-orgs-count').getAttribute('aria-live')).toBe('polite');
    // Folded: the agencies are not listed until their ministry is opened.
    expect(await box(page, gaimuAgencies[0] as TestOrg).count()).toBe(0);
    await expectAccessible(page, 'the recipient tree');

    // Nothing chosen: sending is refused and the focus goes to the recipients.
    await page.getByRole('button', { name: '共有する' }).click();
    await expect.poll(() => focusedId(page)).toBe('share-orgs');

    // Half-width katakana, and a zero-width space pasted inside: both find ガイム省 and only it.
    const search = page.getByLabel('組織を検索（名称・略称）');
    for (const typed of ['ｶﾞｲﾑ', 'ガ\u200Bイム', 'GAIMU']) {
      await search.fill(typed);
      await expect.poll(() => picker(page).locator('.org-tree input[type=checkbox]').count()).toBe(3);
      await box(page, gaimu).waitFor();
      expect(await box(page, other).count()).toBe(0);
    }
    // An agency found by name comes with its ministry as its place, and only it.
    await search.fill(`${otherAgency.slug.toUpperCase()}`);
    await box(page, otherAgency).waitFor();
    expect(await box(page, other).count()).toBe(1);
    expect(await picker(page).locator('.org-tree input[type=checkbox]').count()).toBe(2);
    await search.fill('存在しない組織');
    await picker(page).getByText('該当する組織はありません。').waitFor();
    // Enter in the search box does not send the share.
    await search.press('Enter');
    await page.getByRole('heading', { level: 1, name: '共有を作成' }).waitFor();
    await search.fill('');

    // The ministry with its agencies, at once.
    await picker(page)
      .getByRole('button', { name: /^ガイム省：\s?所管の2組織とまとめて選ぶ$/ })
      .click();
    expect(await count(page)).toBe('選択中：3組織');
    expect(await box(page, gaimu).isChecked()).toBe(true);
    await picker(page).getByRole('button', { name: 'ガイム省が所管する独立行政法人等（2）' }).click();
    for (const agency of gaimuAgencies) expect(await box(page, agency).isChecked()).toBe(true);
    expect(await chips(page).count()).toBe(3);

    // By keyboard: open the other ministry, tick its agency with the space bar.
    const opener = picker(page).getByRole('button', {
      name: `${nameJa(other)}が所管する独立行政法人等（1）`,
    });
    await opener.focus();
    await page.keyboard.press('Enter');
    expect(await opener.getAttribute('aria-expanded')).toBe('true');
    await page.keyboard.press('Tab');
    expect(await focusedId(page)).toBe(`audience-org-${other.slug}`);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await focusedId(page)).toBe(`audience-org-${otherAgency.slug}`);
    await page.keyboard.press('Space');
    expect(await count(page)).toBe('選択中：4組織');

    // A chip removed: unticked, counted, and the focus on the chip that took its place.
    const first = gaimuAgencies[0] as TestOrg;
    await picker(page)
      .getByRole('button', { name: `${nameJa(first)}を外す` })
      .click();
    expect(await count(page)).toBe('選択中：3組織');
    expect(await box(page, first).isChecked()).toBe(false);
    expect(await focusedId(page)).toBe(`share-orgs-chip-${(gaimuAgencies[1] as TestOrg).slug}`);
    // The last chip removed by keyboard: the focus goes back to the search.
    await page.keyboard.press('Enter');
    await picker(page)
      .getByRole('button', { name: `${nameJa(otherAgency)}を外す` })
      .click();
    await picker(page).getByRole('button', { name: 'ガイム省を外す' }).click();
    expect(await count(page)).toBe('選択中：0組織');
    expect(await focusedId(page)).toBe('share-orgs-search');

    // All, none.
    await picker(page).getByRole('button', { name: 'すべて選ぶ', exact: true }).click();
    expect(await count(page)).toBe(`選択中：${bodies}組織`);
    await picker(page).getByRole('button', { name: '選択をすべて外す' }).click();
    expect(await count(page)).toBe('選択中：0組織');

    // What is sent: exactly the chosen slugs, in the order chosen.
    await box(page, other).check();
    await picker(page)
      .getByRole('button', { name: /^ガイム省：\s?所管の2組織とまとめて選ぶ$/ })
      .click();
    await expectAccessible(page, 'the recipient tree with choices');
    await web.shot(page, 'composer-tree');
    await page.getByRole('button', { name: '共有する' }).click();
    // The composer is at /shares/new itself: wait for the share's own page.
    await page.waitForURL((url) => /^\/shares\/[^/]+$/.test(url.pathname) && url.pathname !== '/shares/new');
    const id = decodeURIComponent(new URL(page.url()).pathname.split('/').pop() ?? '');
    const share = (await t.request(analyst, { method: 'GET', url: `/api/v1/shares/${id}` })).json();
    expect(share.audience, JSON.stringify(share)).toEqual({
      kind: 'orgs',
      orgs: [other.slug, gaimu.slug, ...gaimuAgencies.map((a) => a.slug)],
    });
    expect(web.problems).toEqual([]);
  }, 90_000);

  it('works on a phone and in English', async () => {
    const page = await openComposer();
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'New share' }).waitFor();
    await page.getByLabel('Search bodies (name or short name)').fill('ｇａｉｍｕ');
    await picker(page).getByRole('button', { name: 'Ministry of Gaimu: Select with its 2 agencies' }).click();
    expect(await count(page)).toBe('Selected: 3');
    await picker(page).getByRole('button', { name: 'Remove Ministry of Gaimu' }).waitFor();
    await expectAccessible(page, 'the recipient tree in English');
    await web.onPhone(page, 'composer-tree-en');
    expect(web.problems).toEqual([]);
  }, 60_000);
});
