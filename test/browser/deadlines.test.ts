import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_DIALECTS } from '../support/databases.js';
import { DESKTOP, expectAccessible, PASSWORD, sharedBrowser, startWebApp, type WebApp } from './support.js';

// The reporting clocks and the impact assessment on the incident page, as people use them: the agency records
// an assessment of a leak and sees APPI's clocks start, with the call for a public-explanation decision; its
// ministry reads the same and has no form. A real server on loopback, the built app, Debian's Chromium.

const browser = sharedBrowser();

describe.each(BROWSER_DIALECTS)('deadlines and the impact assessment in the web app on %s', (dialect) => {
  let web: WebApp;

  beforeAll(async () => {
    web = await startWebApp(browser(), dialect);
  });
  afterAll(async () => {
    await web?.close();
  });

  it('the agency records an assessment, APPI clocks appear; its ministry reads them; axe; phone', async () => {
    const { t } = web;
    await t.org('center');
    const ministry = await t.org('ministry');
    const agency = await t.org('agency', { parent: ministry });
    const reporter = await t.user(agency, 'reporter', PASSWORD);
    const officer = await t.user(ministry, 'security-officer', PASSWORD);
    const incident = await t.fileIncident(reporter, { title: '個人情報を含むファイルの流出' });

    const page = await web.openPage(DESKTOP);
    await web.signIn(page, reporter, { path: `/incidents/${incident.id}` });
    const section = page.getByRole('region', { name: '報告期限' });
    await section.getByText('期限内に報告（第1報）').waitFor();
    await section.getByText('まだ影響評価はありません。').waitFor();
    await expectAccessible(page, 'incident clocks before an assessment');

    await section.getByLabel('個人情報の対象人数').fill('150');
    await section.getByLabel('個人情報の種類（読点区切り）').fill('氏名、住所');
    await section.getByLabel('不正の目的によるもの').check();
    await section.getByLabel('判断の理由').fill('外部からの不正アクセスにより名簿が持ち出された。');
    await section.getByRole('button', { name: '影響評価を記録' }).click();
    await section.getByRole('status').getByText('影響評価を記録しました（第1版）。').waitFor();
    await section.getByRole('heading', { name: '個人情報保護法(行政機関等の漏えい等報告)' }).waitFor();
    await section
      .getByText('この影響評価では、国民への説明（公表）の要否を判断する必要があります。')
      .waitFor();
    const appi = section.locator('[data-clock^="appi/"]');
    expect(await appi.count()).toBe(2);
    expect(await appi.allTextContents()).toEqual([
      expect.stringContaining('未了'),
      expect.stringContaining('未了'),
    ]);
    await expectAccessible(page, 'incident clocks with an assessment');
    await web.onPhone(page, 'incident-deadlines');

    const other = await web.openPage(DESKTOP);
    await web.signIn(other, officer, { path: `/incidents/${incident.id}` });
    const seen = other.getByRole('region', { name: '報告期限' });
    await seen.getByText('第1版', { exact: false }).waitFor();
    await seen.getByText('氏名、住所').waitFor();
    expect(await seen.getByRole('button', { name: '影響評価を記録' }).count()).toBe(0);
    expect(web.problems).toEqual([]);
  });
});
