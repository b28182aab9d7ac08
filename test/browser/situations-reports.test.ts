import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_DIALECTS } from '../support/databases.js';
import type { TestApp, TestOrg, TestUser } from '../support/harness.js';
import { expectAccessible, PASSWORD, PHONE, sharedBrowser, startWebApp, type WebApp } from './support.js';

// Situation reports (状況報告) in the built app on Debian's Chromium: the center's coordinator drafts a report
// with the counts by answer, previews it, saves it and issues it as 第1報; an agency in scope reads it on a
// 360 px phone (with the counts table, no page-wide scrolling); a body out of scope cannot open it.

const browser = sharedBrowser();
const NAME = '政府機関への大規模DDoS攻撃';

describe.each(BROWSER_DIALECTS)('situation reports on %s', { timeout: 180_000 }, (dialect) => {
  let web: WebApp;
  let t: TestApp;
  let coordinator: TestUser;
  let duty: TestUser;
  let ministry: TestOrg;
  let situationId = '';

  beforeAll(async () => {
    web = await startWebApp(browser(), dialect);
    t = web.t;
    const center = await t.org('center');
    ministry = await t.org('ministry');
    const agency = await t.org('agency', { parent: ministry });
    coordinator = await t.user(center, 'center-coordinator', PASSWORD);
    duty = await t.user(agency, 'reporter', PASSWORD);
    const res = await t.request(coordinator, {
      method: 'POST',
      url: '/api/v1/situations',
      payload: {
        name: NAME,
        description: '複数府省庁のウェブサイトが応答しない。',
        level: 'alert',
        tlp: 'TLP:AMBER',
        scope: { kind: 'bodies', bodies: [{ orgId: ministry.id, withAgencies: true }] },
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    situationId = (res.json() as { id: string }).id;
    await t.request(duty, {
      method: 'POST',
      url: `/api/v1/situations/${situationId}/answers`,
      payload: { status: 'affected' },
    });
  }, 60_000);

  afterAll(async () => {
    await web?.close();
  });

  it('the coordinator drafts, previews and issues 第1報 with the counts by answer', async () => {
    const page = await web.openPage();
    await web.signIn(page, coordinator);
    await page.goto(`${web.base}/situations/${situationId}`);
    await page.getByRole('heading', { level: 1, name: NAME }).waitFor();
    const section = page.getByRole('region', { name: '状況報告' });
    await section.getByText('まだ状況報告はありません。').waitFor();
    const form = section.getByRole('form', { name: '状況報告を起案する' });
    await form.getByLabel('表題').fill('被害は1機関で確認');
    await form.getByLabel('本文').fill('A庁でサービス停止を確認。\n復旧作業中。');
    await form.getByLabel('回答別の件数').check();
    await form.getByRole('button', { name: 'プレビュー' }).click();
    await form.getByRole('region', { name: 'プレビュー' }).getByText('被害は1機関で確認').waitFor();
    await expectAccessible(page, 'drafting a situation report');
    await form.getByRole('button', { name: '下書きを保存' }).click();
    const drafts = section.getByRole('region', { name: '下書き（センターのみ）' });
    await drafts.getByRole('heading', { name: /下書き 被害は1機関で確認/ }).waitFor();
    page.once('dialog', (d) => d.accept());
    await drafts.getByRole('button', { name: '発出する' }).click();
    await section.getByText('第1報を発出しました。').waitFor();
    await section.getByRole('heading', { name: /第1報 被害は1機関で確認/ }).waitFor();
    await section.getByRole('table').getByRole('row', { name: /^合計/ }).waitFor();
    expect(await drafts.count()).toBe(0);
    await expectAccessible(page, 'an issued situation report');
    await web.shot(page, 'situation-report-issued');
  });

  it('an agency in scope reads it on a phone, counts included, without page-wide scrolling', async () => {
    const page = await web.openPage(PHONE);
    await web.signIn(page, duty);
    await page.goto(`${web.base}/situations/${situationId}`);
    const section = page.getByRole('region', { name: '状況報告' });
    await section.getByRole('heading', { name: /第1報 被害は1機関で確認/ }).waitFor();
    await section.getByText('A庁でサービス停止を確認。').waitFor();
    const total = section.getByRole('row', { name: /^合計/ });
    await expect(total.textContent()).resolves.toContain('1');
    // A body reads; it drafts nothing.
    expect(await section.getByRole('form').count()).toBe(0);
    await web.onPhone(page, 'situation-report-phone');
  });
});
