import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_DIALECTS } from '../support/databases.js';
import type { TestApp, TestUser } from '../support/harness.js';
import { expectAccessible, PASSWORD, sharedBrowser, startWebApp, type WebApp } from './support.js';

// The accountability track and a public notice in the web app (issue 15, point 3): the body's reporter opens
// the track and drafts a notice from the template; its security officer decides to publish, approves the draft
// someone else wrote and publishes it; a visitor who is not logged in reads it on the public site.

const browser = sharedBrowser();

describe.each(BROWSER_DIALECTS)('public notices in the web app on %s', (dialect) => {
  let web: WebApp;
  let t: TestApp;
  let reporter: TestUser;
  let officer: TestUser;
  beforeAll(async () => {
    web = await startWebApp(browser(), dialect);
    t = web.t;
    await t.org('center');
    const ministry = await t.org('ministry');
    reporter = await t.user(ministry, 'reporter', PASSWORD);
    officer = await t.user(ministry, 'security-officer', PASSWORD);
  });
  afterAll(async () => web?.close());

  it('takes a notice from the template to the public site, where anyone reads it', async () => {
    const incident = await t.fileIncident(reporter, { title: '内部だけの件名' });
    const page = await web.openPage();
    await web.signIn(page, reporter, { path: `/incidents/${incident.id}` });
    const panel = page.getByRole('region', { name: '国民への説明（公表）' });
    await panel.getByLabel('検討を始める理由').fill('個人情報の漏えいのおそれ');
    await panel.getByRole('button', { name: '公表の要否の検討を始める' }).click();
    await panel.getByRole('button', { name: 'お知らせを起案する' }).click();
    const title = panel.getByRole('group', { name: '日本語' }).getByLabel('表題');
    await title.fill('システムへの不正アクセスについて');
    await panel.getByRole('button', { name: '下書きを保存する' }).click();
    await panel.getByRole('heading', { name: /お知らせ：システムへの不正アクセスについて/ }).waitFor();

    const review = await web.openPage();
    await web.signIn(review, officer, { path: `/incidents/${incident.id}` });
    const its = review.getByRole('region', { name: '国民への説明（公表）' });
    await its.getByRole('radio', { name: '公表する' }).check();
    await its.getByLabel('決定の理由').fill('国民の権利利益の侵害のおそれ');
    await its.getByRole('button', { name: '決定を記録する' }).click();
    await its.getByText(/決定：公表する/).waitFor();
    await its.getByRole('button', { name: '承認する' }).click();
    await its.getByRole('button', { name: '公表する', exact: true }).click();
    await its.getByRole('link', { name: '公表サイトで見る' }).waitFor();
    await expectAccessible(review, 'the incident with its published notice');
    await web.onPhone(review, 'notices-incident');

    const visitor = await web.openPage();
    await visitor.goto(`${web.base}/public`);
    await visitor.getByRole('heading', { level: 1, name: /公表情報/ }).waitFor();
    await expectAccessible(visitor, 'the public site');
    await visitor.getByRole('link', { name: 'システムへの不正アクセスについて' }).click();
    await visitor.getByRole('heading', { level: 1, name: 'システムへの不正アクセスについて' }).waitFor();
    expect(await visitor.content()).not.toContain('内部だけの件名');
    await expectAccessible(visitor, 'a public notice');
    await web.onPhone(visitor, 'public-notice');
    expect(await visitor.context().cookies()).toEqual([]);
    expect(web.problems).toEqual([]);
  });
});
