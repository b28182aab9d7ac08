import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, onBrowserDialects } from '../support/databases.js';
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

// The conversation on an incident, sending a report back and the forward note, as people use them: a real
// server on loopback, the built app, Debian's Chromium.

const browser = sharedBrowser();

describe.each(DIALECTS)('conversation, send-back and share reminders in the web app on %s', (dialect) => {
  // What the database changes is shown by the cases run with `it`; the others run where browser tests run.
  const itOnBrowserDialects = onBrowserDialects(dialect);
  let web: WebApp;
  let t: TestApp;
  let center: TestOrg;

  beforeAll(async () => {
    web = await startWebApp(browser(), dialect);
    t = web.t;
    center = await t.org('center');
  });
  afterAll(async () => {
    await web?.close();
  });

  const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');
  const focusedText = (page: Page) => page.evaluate(() => document.activeElement?.textContent ?? '');

  async function chain(reviewMode: boolean) {
    const ministry = await t.org('ministry', { reviewMode });
    const agency = await t.org('agency', { parent: ministry });
    return {
      officer: await t.user(ministry, 'security-officer', PASSWORD),
      reporter: await t.user(agency, 'reporter', PASSWORD),
      analyst: await t.user(center, 'center-analyst', PASSWORD),
    };
  }

  async function openIncident(user: TestUser, id: string, title: string) {
    const page = await web.openPage(DESKTOP);
    await web.signIn(page, user, { path: `/incidents/${id}` });
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    await page.getByRole('complementary').getByText('受信中').waitFor();
    return page;
  }

  itOnBrowserDialects(
    'the center asks, the agency answers in English, each sees the other live; axe; phone',
    async () => {
      const { reporter, analyst } = await chain(false);
      const title = `質問のある事案（${dialect}）`;
      t.clock.set(new Date());
      const incident = await t.fileIncident(reporter, { title });
      const centerPage = await openIncident(analyst, incident.id, title);
      const agencyPage = await openIncident(reporter, incident.id, title);
      await agencyPage.getByRole('button', { name: 'English' }).click();
      await agencyPage.getByRole('heading', { level: 2, name: 'Questions and answers' }).waitFor();
      await markNoReload(agencyPage);
      await markNoReload(centerPage);

      // An empty message is refused in place, and the focus stays on the field.
      await centerPage.getByRole('button', { name: '送信' }).click();
      await centerPage.getByRole('alert').getByText('メッセージを入力してください。').waitFor();
      expect(await focusedId(centerPage)).toBe(`conversation-${incident.id}-text`);

      await centerPage.getByLabel('メッセージ', { exact: true }).fill('侵入経路は判明していますか？');
      await centerPage.getByRole('button', { name: '送信' }).click();
      await centerPage.getByText('メッセージを送信しました。').waitFor();
      expect(await focusedText(centerPage)).toBe('メッセージを送信しました。');

      const question = agencyPage
        .locator('.conversation-message')
        .filter({ hasText: '侵入経路は判明していますか？' });
      await question.waitFor({ timeout: LIVE_WITHIN_MS });
      await question.getByRole('button', { name: 'Reply' }).click();
      expect(await focusedId(agencyPage)).toBe(`conversation-${incident.id}-text`);
      await agencyPage.getByText(/^Reply to /).waitFor();
      await agencyPage.getByLabel('Message', { exact: true }).fill('VPN 機器の脆弱性です。');
      await agencyPage.getByRole('button', { name: 'Send', exact: true }).click();
      await agencyPage.getByText('Message sent.').waitFor();

      const answer = centerPage
        .locator('.conversation-message')
        .filter({ hasText: 'VPN 機器の脆弱性です。' });
      await answer.waitFor({ timeout: LIVE_WITHIN_MS });
      await answer.getByText(/への返信$/).waitFor();
      expect(await stillSamePage(centerPage)).toBe(true);
      expect(await stillSamePage(agencyPage)).toBe(true);
      await expectAccessible(centerPage, 'the conversation');
      await expectAccessible(agencyPage, 'the conversation in English');
      await web.shot(centerPage, 'conversation');
      await web.onPhone(agencyPage, 'conversation');
      expect(web.problems).toEqual([]);
    },
  );

  it('the ministry sends a report back from its queue; the agency sees the request and answers by an update; the note reaches the center', async () => {
    const { officer, reporter, analyst } = await chain(true);
    const title = `差し戻す事案（${dialect}）`;
    t.clock.set(new Date());
    const incident = await t.fileIncident(reporter, { title });
    const agencyPage = await openIncident(reporter, incident.id, title);
    await markNoReload(agencyPage);

    const queue = await web.openPage(DESKTOP);
    await web.signIn(queue, officer, { path: '/review' });
    const item = queue.locator('.review-item').filter({ has: queue.getByRole('heading', { name: title }) });
    await item.waitFor();
    await item.getByText('差し戻す', { exact: true }).first().click();
    await item.getByRole('button', { name: '差し戻す' }).click();
    await item.getByRole('alert').getByText('求める内容を入力してください。').waitFor();
    expect(await focusedId(queue)).toBe(`review-${incident.id}-send-back`);
    await item.getByLabel('報告元に求める内容（必須）').fill('被害端末の台数を追記してください。');
    await item.getByRole('button', { name: '差し戻す' }).click();
    await item.getByText('差し戻し中（報告元の続報待ち）').waitFor();
    expect(await focusedText(queue)).toContain('差し戻し中（報告元の続報待ち）');
    await expectAccessible(queue, 'the review queue after sending back');
    await web.shot(queue, 'review-sent-back');

    await agencyPage.getByText('所管府省庁から差し戻されました').waitFor({ timeout: LIVE_WITHIN_MS });
    await agencyPage.getByText('被害端末の台数を追記してください。').waitFor();
    // …and in its list.
    const list = await web.openPage(DESKTOP);
    await web.signIn(list, reporter);
    await list
      .locator('table.incidents tbody tr')
      .filter({ has: list.getByRole('link', { name: title, exact: true }) })
      .getByText('差し戻し中', { exact: true })
      .waitFor();
    expect(await stillSamePage(agencyPage)).toBe(true);
    await expectAccessible(agencyPage, 'a sent-back incident');
    await web.onPhone(agencyPage, 'incident-sent-back');

    const update = await t.request(reporter, {
      method: 'POST',
      url: `/api/v1/incidents/${incident.id}/reports`,
      payload: { kind: 'update', text: '被害端末は 3 台。' },
    });
    expect(update.statusCode).toBe(201);
    await agencyPage.getByText('続報 第2報で回答済み').waitFor({ timeout: LIVE_WITHIN_MS });
    expect(await agencyPage.getByText('所管府省庁から差し戻されました').count()).toBe(0);

    await queue.reload();
    await item.waitFor();
    await item.getByText('転送にメモを添える').click();
    await item.getByLabel('センターへのメモ（任意）').fill('被害拡大の恐れあり、至急確認を。');
    await item.getByRole('button', { name: 'センターへ転送' }).click();
    await item.waitFor({ state: 'detached' });

    const centerPage = await openIncident(analyst, incident.id, title);
    await centerPage.getByRole('heading', { name: '所管府省庁からセンターへのメモ' }).waitFor();
    await centerPage.getByText('被害拡大の恐れあり、至急確認を。').waitFor();
    await expectAccessible(centerPage, 'the forward note at the center');
    await web.shot(centerPage, 'forward-note');
    // The agency does not read the note written for the center.
    await agencyPage.reload();
    await agencyPage.getByRole('heading', { level: 1, name: title }).waitFor();
    expect(await agencyPage.getByText('被害拡大の恐れあり、至急確認を。').count()).toBe(0);
    expect(web.problems).toEqual([]);
  });

  itOnBrowserDialects(
    'the center reminds the bodies that have not read a share, once in ten minutes; axe; phone',
    async () => {
      const ministries = [await t.org('ministry'), await t.org('ministry'), await t.org('ministry')];
      const reader = await t.user(ministries[0] as TestOrg, 'security-officer', PASSWORD);
      const analyst = await t.user(center, 'center-analyst', PASSWORD);
      t.clock.set(new Date());
      const created = await t.request(analyst, {
        method: 'POST',
        url: '/api/v1/shares',
        payload: {
          sourceIncidentIds: [],
          content: { title: `確認依頼の共有（${dialect}）`, body: '203.0.113.9 への通信を確認してください' },
          audience: { kind: 'orgs', orgs: ministries.map((o) => o.slug) },
          tlp: 'TLP:AMBER',
        },
      });
      expect(created.statusCode, created.body).toBe(201);
      const id = created.json().id as string;
      const read = await t.request(reader, {
        method: 'POST',
        url: `/api/v1/shares/${id}/acknowledge`,
        payload: { kind: 'read' },
      });
      expect(read.statusCode).toBe(200);
      const page = await web.openPage(DESKTOP);
      await web.signIn(page, analyst, { path: `/shares/${id}` });
      const remind = page.getByRole('button', { name: '未確認の2機関に確認を依頼する' });
      await remind.click();
      await page.getByText('2機関に確認を依頼しました。').waitFor();
      expect(await focusedText(page)).toBe('2機関に確認を依頼しました。');
      await page.getByText('前回の依頼（2機関）：').waitFor();
      await expectAccessible(page, 'a share after a reminder');
      await web.shot(page, 'share-reminded');
      await remind.click();
      await page.getByText('少し前に依頼したばかりです。10分おいてからもう一度依頼できます。').waitFor();
      expect(await focusedText(page)).toContain('少し前に依頼したばかりです。');
      await web.onPhone(page, 'share-reminded');
      expect(web.problems).toEqual([]);
    },
  );
});
