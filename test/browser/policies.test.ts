import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_DIALECTS } from '../support/databases.js';
import type { TestApp, TestOrg, TestUser } from '../support/harness.js';
import { TINY_PDF } from '../support/policies.js';
import { expectAccessible, PASSWORD, sharedBrowser, startWebApp, type WebApp } from './support.js';

// The policy clause register's three screens as people use them: an agency's security officer records its
// policy's clause, attaches the excerpt and confirms it; its ministry asks its agencies and follows each one's
// status; the agency answers; the center sees the government's coverage as a table and on the tree. Axe on each
// new screen, and the phone viewport.

const browser = sharedBrowser();
const DAY = 86_400_000;
const JST = 9 * 3_600_000;
const tokyoDay = (at: Date) => new Date(at.getTime() + JST).toISOString().slice(0, 10);

describe.each(BROWSER_DIALECTS)('the policy register in the web app on %s', (dialect) => {
  let web: WebApp;
  let t: TestApp;
  let agency: TestOrg;
  let sibling: TestOrg;
  let agencyOfficer: TestUser;
  let ministryOfficer: TestUser;
  let coordinator: TestUser;
  beforeAll(async () => {
    web = await startWebApp(browser(), dialect);
    t = web.t;
    const center = await t.org('center');
    const ministry = await t.org('ministry');
    agency = await t.org('agency', { parent: ministry });
    sibling = await t.org('agency', { parent: ministry });
    agencyOfficer = await t.user(agency, 'security-officer', PASSWORD);
    ministryOfficer = await t.user(ministry, 'security-officer', PASSWORD);
    coordinator = await t.user(center, 'center-coordinator', PASSWORD);
  });
  afterAll(async () => web?.close());

  it('records, confirms and answers; the ministry follows each agency; the center sees the coverage tree', async () => {
    const page = await web.openPage();
    await web.signIn(page, agencyOfficer, { path: `/policies/bodies/${agency.slug}` });
    await page.getByRole('heading', { level: 1, name: /ポリシー記載の登録簿/ }).waitFor();
    await page.getByLabel('文書名').fill('情報セキュリティポリシー');
    await page.getByLabel('版').fill('第3版');
    await page.getByLabel('施行日').fill('2026-04-01');
    await page.getByLabel('条文').fill('サイバー攻撃を受けた場合は、速やかに所管府省庁に報告する。');
    await page.getByRole('button', { name: '記録する' }).click();
    await page.getByRole('heading', { level: 2, name: /第3版 — 未確認/ }).waitFor();
    await page.getByLabel('抜粋（PDF）').setInputFiles({
      name: 'excerpt.pdf',
      mimeType: 'application/pdf',
      buffer: TINY_PDF,
    });
    await page.getByRole('button', { name: '抜粋を登録' }).click();
    await page.getByRole('link', { name: /抜粋をダウンロード/ }).waitFor();
    await page.getByRole('button', { name: '確認する' }).click();
    await page.getByRole('heading', { level: 2, name: /第3版 — 確認済み（有効）/ }).waitFor();
    await expectAccessible(page, 'a body’s policy clause register');
    await web.onPhone(page, 'policies-register');

    // The confirmed record revised in the browser: a blank field is said before anything is sent, then the
    // revision is a new record to confirm again, shown above the one it revises (which stays in force).
    const revise = page.locator('details', { hasText: 'この記録を改訂する（第3版）' });
    await revise.getByText('この記録を改訂する（第3版）').click();
    await revise.getByLabel('版').fill(' ');
    await revise.getByRole('button', { name: '改訂を記録する' }).click();
    await revise.getByText('入力してください。').waitFor();
    expect(await revise.getByLabel('版').getAttribute('aria-invalid')).toBe('true');
    await expect.poll(() => revise.getByLabel('版').evaluate((e) => e === document.activeElement)).toBe(true);
    await expectAccessible(page, 'the revision form with a field in error');
    await revise.getByLabel('版').fill('第4版');
    await revise.getByLabel('条文').fill('サイバー攻撃を受けた場合は、直ちに所管府省庁に報告する。');
    await revise.getByRole('button', { name: '改訂を記録する' }).click();
    await page.getByRole('status').getByText('改訂を記録しました。新しい記録を確認してください。').waitFor();
    await page.getByRole('heading', { level: 2, name: /第4版 — 未確認/ }).waitFor();
    await page
      .getByRole('blockquote')
      .filter({ hasText: 'サイバー攻撃を受けた場合は、直ちに所管府省庁に報告する。' })
      .waitFor();
    await page.getByRole('heading', { level: 2, name: /第3版 — 確認済み（有効）/ }).waitFor();
    const register = (
      await t.request(agencyOfficer, { method: 'GET', url: `/api/v1/orgs/${agency.slug}/policy-clauses` })
    ).json() as { items: { documentVersion: string; status: string }[] };
    expect(register.items.map((c) => `${c.documentVersion} ${c.status}`)).toEqual([
      '第4版 recorded',
      '第3版 confirmed',
    ]);
    await expectAccessible(page, 'the register after a revision');

    const ministryPage = await web.openPage();
    await web.signIn(ministryPage, ministryOfficer, { path: '/policies/requests' });
    await ministryPage.getByRole('heading', { level: 1, name: 'ポリシー記載の要請' }).waitFor();
    await ministryPage.getByLabel('期限').fill(tokyoDay(new Date(Date.now() + 10 * DAY)));
    await ministryPage.getByRole('button', { name: '所管のすべての機関に送る' }).click();
    const table = ministryPage.getByRole('table', { name: '機関ごとの状況' });
    await table.getByRole('row', { name: new RegExp(`${sibling.slug} 日本語 未回答`) }).waitFor();

    const answerPage = await web.openPage();
    await web.signIn(answerPage, agencyOfficer, { path: '/policies/requests' });
    await answerPage.getByRole('button', { name: '確認済みの記録で回答' }).click();
    await answerPage.getByRole('button', { name: '連絡体制を確認済みと回答' }).click();
    await answerPage
      .getByRole('table', { name: '機関ごとの状況' })
      .getByRole('row', { name: new RegExp(`${agency.slug} 日本語 回答済み`) })
      .waitFor();
    // The ministry's page follows the answer live.
    await table.getByRole('row', { name: new RegExp(`${agency.slug} 日本語 回答済み`) }).waitFor();
    await expectAccessible(ministryPage, 'the ministry’s policy requests');
    await web.onPhone(ministryPage, 'policies-requests');

    const centerPage = await web.openPage();
    await web.signIn(centerPage, coordinator, { path: '/policies' });
    await centerPage.getByRole('heading', { level: 1, name: 'ポリシー記載と連絡体制の状況' }).waitFor();
    const coverage = centerPage.getByRole('table', { name: '機関ごとの状況' });
    await coverage
      .getByRole('row', { name: new RegExp(`${agency.slug} 日本語 情報セキュリティポリシー 第3版`) })
      .waitFor();
    const tree = centerPage.getByRole('region', { name: '組織ツリー' });
    await tree.getByText('記載・連絡体制とも確認済み').waitFor();
    await tree.getByText('未確認').first().waitFor();
    await expectAccessible(centerPage, 'the center’s policy coverage');
    await web.onPhone(centerPage, 'policies-coverage');
  });
});
