import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_DIALECTS } from '../support/databases.js';
import type { TestApp, TestOrg, TestUser } from '../support/harness.js';
import {
  expectAccessible,
  LIVE_WITHIN_MS,
  PASSWORD,
  sharedBrowser,
  startWebApp,
  type WebApp,
} from './support.js';

// Verification campaigns (連絡体制の確認) and communication checks (連絡訓練) as the center and the bodies use
// them: a real server on loopback, the built app, Debian's Chromium. The center's coordinator asks two agencies
// to confirm their contact structure; one agency's security officer confirms; the campaign shows one confirmed
// and one pending, and is closed. Then a communication check: the first agency's duty contact, a Renraku user,
// acknowledges the test message in the app; the other agency's (reached by e-mail only) stays unanswered.

const browser = sharedBrowser();
const CAMPAIGN = '令和7年度 連絡体制の確認';
const CHECK = '第1回 連絡訓練';

describe.each(BROWSER_DIALECTS)(
  'verification campaigns and communication checks on %s',
  { timeout: 120_000 },
  (dialect) => {
    let web: WebApp;
    let t: TestApp;
    let first: TestOrg;
    let second: TestOrg;
    let coordinator: TestUser;
    let firstOfficer: TestUser;
    let duty: TestUser;

    beforeAll(async () => {
      web = await startWebApp(browser(), dialect);
      t = web.t;
      const center = await t.org('center');
      const ministry = await t.org('ministry');
      first = await t.org('agency', { parent: ministry });
      second = await t.org('agency', { parent: ministry });
      coordinator = await t.user(center, 'center-coordinator', PASSWORD);
      firstOfficer = await t.user(first, 'security-officer', PASSWORD);
      const secondOfficer = await t.user(second, 'security-officer', PASSWORD);
      duty = await t.user(first, 'reporter', PASSWORD);
      // The duty contacts: the first agency's is a Renraku user (reached in the app), the second's e-mail only.
      for (const [officer, org, email] of [
        [firstOfficer, first, duty.email],
        [secondOfficer, second, 'duty@second.example.go.jp'],
      ] as const) {
        const added = await t.request(officer, {
          method: 'POST',
          url: `/api/v1/orgs/${org.slug}/contacts`,
          payload: { name: '当番 太郎', role: 'duty-officer', email },
        });
        expect(added.statusCode, added.body).toBe(201);
      }
    }, 60_000);

    afterAll(async () => {
      await web?.close();
    });

    const nameOf = (org: TestOrg) => `${org.slug} 日本語`;
    const menu = (page: Page) => page.getByRole('navigation', { name: /メインメニュー|Main menu/ });
    const row = (page: Page, org: TestOrg) => page.getByRole('row').filter({ hasText: nameOf(org) });
    const inEnglish = async (page: Page, name: string, heading: RegExp) => {
      await page.getByRole('button', { name: 'English' }).click();
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      await expectAccessible(page, `${name} in English`);
      await web.shot(page, `${name}-en`);
      await page.getByRole('button', { name: '日本語' }).click();
      await page.getByRole('button', { name: 'English' }).waitFor();
    };
    const chooseBodies = async (page: Page, dialogName: string) => {
      const dialog = page.getByRole('dialog', { name: dialogName });
      await dialog.getByRole('radio', { name: '機関を選ぶ' }).check();
      await dialog.getByRole('checkbox', { name: nameOf(first) }).check();
      await dialog.getByRole('checkbox', { name: nameOf(second) }).check();
      return dialog;
    };

    it('a coordinator asks two bodies to confirm; one confirms; the campaign shows one confirmed, one pending', async () => {
      const page = await web.openPage();
      await web.signIn(page, coordinator);
      await menu(page).getByRole('link', { name: '連絡体制の確認', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: '連絡体制の確認' }).waitFor();
      await page.getByText('この年度の連絡体制の確認はありません。').waitFor();
      await expectAccessible(page, 'no campaigns');
      await web.shot(page, 'campaigns-empty');

      await page.getByRole('button', { name: '確認を依頼する' }).click();
      let dialog = page.getByRole('dialog', { name: '連絡体制の確認を依頼' });
      await dialog.getByLabel('名称').fill(CAMPAIGN);
      // Choosing bodies and choosing none is said at the field, before asking the server.
      await dialog.getByRole('radio', { name: '機関を選ぶ' }).check();
      await dialog.getByRole('button', { name: '依頼する' }).click();
      await dialog.getByText('機関を一つ以上選んでください。').waitFor();
      dialog = await chooseBodies(page, '連絡体制の確認を依頼');
      await expectAccessible(page, 'the campaign form');
      await web.shot(page, 'campaign-form');
      await dialog.getByRole('button', { name: '依頼する' }).click();
      await page.getByRole('heading', { level: 1, name: CAMPAIGN }).waitFor();
      await page.getByText('連絡体制の確認を依頼しました。').waitFor();
      await page.getByText('0 / 2 機関が確認済み').first().waitFor();

      // The first agency's security officer confirms from the campaign's page.
      const officerPage = await web.openPage();
      await web.signIn(officerPage, firstOfficer);
      await menu(officerPage).getByRole('link', { name: '連絡体制の確認', exact: true }).click();
      const item = officerPage.locator('.campaign').filter({ hasText: CAMPAIGN });
      await item.getByText('自機関：未確認').waitFor();
      await expectAccessible(officerPage, 'the campaigns asking a body');
      await web.shot(officerPage, 'campaigns-body');
      await item.getByRole('link', { name: CAMPAIGN }).click();
      await officerPage.getByRole('heading', { level: 1, name: CAMPAIGN }).waitFor();
      expect(await officerPage.getByRole('link', { name: '連絡体制を開く' }).getAttribute('href')).toBe(
        '/contacts',
      );
      await expectAccessible(officerPage, 'a campaign asking the body');
      await officerPage.getByRole('button', { name: /^確認しました/ }).click();
      await officerPage.getByText('連絡体制の確認を記録しました。').waitFor();
      await row(officerPage, first).getByText('確認済み', { exact: true }).waitFor();
      expect(await officerPage.getByRole('button', { name: /^確認しました/ }).count()).toBe(0);
      await expectAccessible(officerPage, 'a confirmed campaign');
      await web.shot(officerPage, 'campaign-confirmed-by-body');
      await web.onPhone(officerPage, 'campaign-confirmed-by-body');

      // The coordinator sees one confirmed, one pending.
      await page.getByRole('button', { name: '最新の状況に更新' }).click();
      await page.getByText('1 / 2 機関が確認済み').first().waitFor();
      await row(page, first).getByText('確認済み', { exact: true }).waitFor();
      await row(page, second).getByText('未確認', { exact: true }).waitFor();
      const pending = page.getByRole('region', { name: '未確認の機関' });
      expect(await pending.getByRole('listitem').allTextContents()).toEqual([nameOf(second)]);
      expect(await page.locator('progress').getAttribute('value')).toBe('1');
      await expectAccessible(page, 'the campaign page');
      await web.shot(page, 'campaign');
      await web.onPhone(page, 'campaign');
      await inEnglish(page, 'campaign', new RegExp(CAMPAIGN));

      // Closing asks first.
      await page.getByRole('button', { name: 'この確認を終了' }).click();
      const closing = page.getByRole('dialog', { name: '連絡体制の確認を終了' });
      await expectAccessible(page, 'the close question');
      await web.shot(page, 'campaign-close');
      await closing.getByRole('button', { name: '終了する' }).click();
      await page.getByText(`「${CAMPAIGN}」を終了しました。`).waitFor();
      await page.locator('.campaign-head .status-closed').getByText('終了', { exact: true }).waitFor();
      expect(await page.getByRole('button', { name: 'この確認を終了' }).count()).toBe(0);

      await page.getByRole('link', { name: '連絡体制の確認の一覧へ' }).click();
      await page
        .locator('.campaign')
        .filter({ hasText: CAMPAIGN })
        .getByText('1 / 2 機関が確認済み')
        .waitFor();
      await expectAccessible(page, 'the campaigns of the year');
      await web.shot(page, 'campaigns');
      await web.onPhone(page, 'campaigns');

      expect(web.problems).toEqual([]);
    });

    it('a coordinator starts a check; the duty contact acknowledges in the app; the check shows the times', async () => {
      const dutyPage = await web.openPage();
      await web.signIn(dutyPage, duty);
      await menu(dutyPage).getByRole('link', { name: '連絡訓練', exact: true }).click();
      await dutyPage.getByRole('heading', { level: 1, name: '連絡訓練' }).waitFor();
      await dutyPage.getByText('この年度の連絡訓練はありません。').waitFor();
      await expectAccessible(dutyPage, 'no checks for a duty contact');

      const page = await web.openPage();
      await web.signIn(page, coordinator);
      await menu(page).getByRole('link', { name: '連絡訓練', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: '連絡訓練' }).waitFor();
      await page.getByRole('button', { name: '連絡訓練を始める' }).click();
      const dialog = await chooseBodies(page, '連絡訓練を開始');
      await dialog.getByLabel('名称').fill(CHECK);
      await expectAccessible(page, 'the check form');
      await web.shot(page, 'check-form');
      await dialog.getByRole('button', { name: 'テストメッセージを送る' }).click();
      await page.getByRole('heading', { level: 1, name: CHECK }).waitFor();
      await page.getByText('テストメッセージを送りました。').waitFor();
      await row(page, first).getByText('未応答').waitFor();
      await expectAccessible(page, 'a check just started');
      await web.shot(page, 'check-started');

      // The duty contact is told live, and acknowledges in the app.
      const waiting = dutyPage.getByRole('region', { name: '届いたテストメッセージ' });
      await waiting.waitFor({ timeout: LIVE_WITHIN_MS });
      await expectAccessible(dutyPage, 'a test message waiting');
      await web.shot(dutyPage, 'check-waiting');
      await web.onPhone(dutyPage, 'check-waiting');
      // Still waiting after a reload: the server lists it, not only the live stream that brought it.
      await dutyPage.reload();
      await waiting.waitFor();
      await waiting.getByRole('link', { name: '受領を確認する' }).click();
      const ack = dutyPage.getByRole('region', { name: 'テストメッセージの受領確認' });
      await ack.waitFor();
      await expectAccessible(dutyPage, 'the acknowledgment');
      await ack.getByRole('button', { name: '受領を確認しました' }).click();
      await ack.getByText(/^受領を確認しました（.+）。/).waitFor();
      await expectAccessible(dutyPage, 'acknowledged');
      await web.shot(dutyPage, 'check-acknowledged');
      await web.onPhone(dutyPage, 'check-acknowledged');
      await dutyPage.getByRole('link', { name: '連絡訓練の一覧へ' }).click();
      await dutyPage.getByRole('heading', { level: 1, name: '連絡訓練' }).waitFor();
      // After a reload nothing waits: the page shows none, and the server lists none (asked from the page, with
      // its session; a response caught in flight may belong to the page before the reload, whose body is gone).
      const reloadedAt = Date.now();
      const listed = dutyPage.waitForResponse(
        (r) =>
          r.url().includes('/communication-checks/received') && r.request().timing().startTime >= reloadedAt,
      );
      await dutyPage.reload();
      await dutyPage.getByRole('heading', { level: 1, name: '連絡訓練' }).waitFor();
      expect((await listed).ok()).toBe(true);
      const received = await dutyPage.evaluate(async () => {
        const res = await fetch('/api/v1/communication-checks/received');
        return { status: res.status, body: (await res.json()) as { items: unknown[] } };
      });
      expect(received).toEqual({ status: 200, body: expect.objectContaining({ items: [] }) });
      expect(await dutyPage.getByRole('region', { name: '届いたテストメッセージ' }).count()).toBe(0);

      // The coordinator's check: the first body's time to acknowledge, the second unanswered.
      await page.getByRole('button', { name: '最新の結果に更新' }).click();
      await row(page, first).getByText('（アプリ）').waitFor();
      expect(await row(page, first).locator('td').last().textContent()).toMatch(/^\d+秒$|分$/);
      await row(page, second).getByText('未応答').waitFor();
      const summary = page.getByRole('region', { name: '結果のまとめ' });
      expect(await summary.locator('dd').allTextContents()).toEqual([
        '2',
        '1',
        '1',
        expect.stringMatching(/秒|分/),
        expect.stringContaining(nameOf(first)),
      ]);
      await expectAccessible(page, 'the check page');
      await web.shot(page, 'check');
      await web.onPhone(page, 'check');
      await inEnglish(page, 'check', new RegExp(CHECK));

      await page.getByRole('link', { name: '連絡訓練の一覧へ' }).click();
      await page
        .locator('.campaign')
        .filter({ hasText: CHECK })
        .getByText('1 / 2 機関が受領を確認')
        .waitFor();
      await expectAccessible(page, 'the checks of the year');
      await web.shot(page, 'checks');

      expect(web.problems).toEqual([]);
    });
  },
);
