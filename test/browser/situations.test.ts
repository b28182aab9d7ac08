import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { en, ja } from '../../web/src/situations/situations.messages.js';
import { DIALECTS, onBrowserDialects } from '../support/databases.js';
import type { TestApp, TestOrg, TestUser } from '../support/harness.js';
import {
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

// Large-scale situations (大規模サイバー攻撃事態) as the center and the bodies use them: a real server on
// loopback, the built app, Debian's Chromium. The center's coordinator declares a situation to a ministry with
// its agencies and to one agency of another ministry; an agency's duty officer answers the roll-call from a
// 360 px phone by keyboard; the coordinator's board shows it live; the ministry answers on behalf of its other
// agency and sees only its own subtree; a body outside the scope sees nothing of it.

const browser = sharedBrowser();
const NAME = '政府機関への大規模DDoS攻撃';
const DECISION = '外部公開サーバーの点検を各機関に要請する。';

/** The Japanese messages of this part still shown on an English page (words the same in both, like TLP, aside). */
const SAME_IN_BOTH = new Set(Object.values(en));
const japaneseLeft = (text: string) =>
  Object.values(ja).filter(
    (m) => !m.includes('{') && m.length > 1 && !SAME_IN_BOTH.has(m) && text.includes(m),
  );

describe.each(DIALECTS)('large-scale situations on %s', { timeout: 180_000 }, (dialect) => {
  // Declaring (numbering, scope resolved in SQL), answering and the board's live update are each dialect's own
  // SQL: every dialect. The rest of the screens are the same whatever the database: where browser tests run.
  const itOnBrowserDialects = onBrowserDialects(dialect);
  let web: WebApp;
  let t: TestApp;
  let ministry: TestOrg;
  let first: TestOrg;
  let second: TestOrg;
  let otherMinistry: TestOrg;
  let named: TestOrg;
  let sibling: TestOrg;
  let coordinator: TestUser;
  let ministryOfficer: TestUser;
  let duty: TestUser;
  let outsider: TestUser;
  let namedReporter: TestUser;
  let coordinatorPage: Page;
  let situationUrl = '';

  beforeAll(async () => {
    web = await startWebApp(browser(), dialect);
    t = web.t;
    const center = await t.org('center');
    ministry = await t.org('ministry');
    first = await t.org('agency', { parent: ministry });
    second = await t.org('agency', { parent: ministry });
    otherMinistry = await t.org('ministry');
    named = await t.org('agency', { parent: otherMinistry });
    sibling = await t.org('agency', { parent: otherMinistry });
    coordinator = await t.user(center, 'center-coordinator', PASSWORD);
    ministryOfficer = await t.user(ministry, 'security-officer', PASSWORD);
    duty = await t.user(first, 'reporter', PASSWORD);
    outsider = await t.user(sibling, 'security-officer', PASSWORD);
    namedReporter = await t.user(named, 'reporter', PASSWORD);
  }, 60_000);

  afterAll(async () => {
    await web?.close();
  });

  const nameOf = (org: TestOrg) => `${org.slug} 日本語`;
  const row = (page: Page, org: TestOrg) =>
    page.locator('table.board-bodies tbody tr').filter({ hasText: new RegExp(`^${org.slug} `) });

  it('a coordinator declares a situation to named bodies, confirming how many are asked', async () => {
    // Kept open: the later tests watch this page update live.
    const page = await web.openPage({ keep: true });
    coordinatorPage = page;
    await web.signIn(page, coordinator);
    await (await menuLink(page, '事態')).click();
    await page.getByRole('heading', { level: 1, name: '事態一覧' }).waitFor();
    await page.getByText('対応中の事態はありません。').waitFor();
    await expectAccessible(page, 'no situations');
    await web.shot(page, 'situations-empty');

    await page.getByRole('link', { name: '事態を宣言する' }).click();
    await page.getByRole('heading', { level: 1, name: '事態の宣言' }).waitFor();
    // Nothing typed: said at each field, before asking the server.
    await page.getByRole('button', { name: '確認へ進む' }).click();
    await page.getByText('事態名を入力してください。').waitFor();
    expect(await page.getByLabel(/^事態名/).evaluate((e) => e === document.activeElement)).toBe(true);

    await page.getByLabel(/^事態名/).fill(NAME);
    await page.getByLabel(/^概要/).fill('複数の政府機関のウェブサイトが応答しない。');
    await page.getByRole('radio', { name: /^警戒/ }).check();
    await page.getByRole('radio', { name: '組織を指定する' }).check();
    const tree = page.getByRole('group', { name: '対象にする組織' });
    await tree.getByRole('checkbox', { name: nameOf(ministry), exact: true }).check();
    await tree.getByLabel('組織を検索（名称・略称）').fill(named.slug);
    await tree.getByRole('checkbox', { name: nameOf(named), exact: true }).check();
    await expectAccessible(page, 'the declaration form');
    await web.shot(page, 'situation-new');

    await page.getByRole('button', { name: '確認へ進む' }).click();
    const confirm = page.getByRole('dialog', { name: '事態の宣言の確認' });
    // The ministry, its two agencies, and the one agency named alone.
    await confirm
      .getByText(`「${NAME}」を宣言し、4組織に被害状況の確認を求めます。よろしいですか。`)
      .waitFor();
    await expectAccessible(page, 'the declaration confirmation');
    await confirm.getByRole('button', { name: '宣言する' }).click();

    await page.getByRole('heading', { level: 1, name: NAME }).waitFor();
    await page.getByText('事態を宣言しました。').waitFor();
    situationUrl = page.url();
    await page.getByText('態勢：警戒').first().waitFor();
    await page.getByRole('timer').waitFor();
    await page.locator('.answer-counts .answer-unanswered dd').getByText('4', { exact: true }).waitFor();
    for (const org of [ministry, first, second, named]) await row(page, org).getByText('未回答').waitFor();
    expect(await row(page, sibling).count()).toBe(0);
    // The coordinator answers nothing: no answer panel at the center.
    expect(await page.getByRole('region', { name: '被害状況の確認（回答）' }).count()).toBe(0);
    await expectAccessible(page, 'a situation just declared');
    await web.shot(page, 'situation-declared');
    await web.onPhone(page, 'situation-board');
    expect(web.problems).toEqual([]);
  });

  it("an agency's duty officer answers from a phone by keyboard; the center's board updates live", async () => {
    await markNoReload(coordinatorPage);
    const page = await web.openPage(PHONE);
    await web.signIn(page, duty);
    // The menu says a situation waits for this body's answer.
    const entry = await menuLink(page, '事態 （回答待ち1件）');
    await entry.click();
    await page.getByRole('heading', { level: 1, name: '事態一覧' }).waitFor();
    await page.getByRole('row').filter({ hasText: NAME }).getByText('未回答').waitFor();
    await expectAccessible(page, 'the situations of an agency, on a phone');
    await web.shot(page, 'situations-agency-phone');
    await page.getByRole('link', { name: NAME }).click();
    await page.getByRole('heading', { level: 1, name: NAME }).waitFor();

    // The answer panel is at the top: it starts within the first screen of the phone.
    const panel = page.getByRole('region', { name: '被害状況の確認（回答）' });
    const box = await panel.boundingBox();
    expect(box?.y ?? 9999).toBeLessThan(740);
    // An agency sees no board.
    expect(await page.getByRole('region', { name: '被害状況の集計' }).count()).toBe(0);
    await expectAccessible(page, 'the roll-call answer on a phone');
    await web.shot(page, 'situation-answer-phone');

    // By keyboard: the first answer, an arrow to 調査中, a note, the button.
    await panel.getByRole('radio', { name: /^被害なし/ }).focus();
    await page.keyboard.press('ArrowDown');
    expect(await panel.getByRole('radio', { name: /^調査中/ }).isChecked()).toBe(true);
    await page.keyboard.press('Tab');
    await page.keyboard.type('サーバーのログを確認中');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await panel.getByText(/の回答を記録しました（第1版）。/).waitFor();
    await panel.getByText('現在の回答：').waitFor();
    await panel.locator('.answer-now').getByText('調査中').waitFor();
    await expectAccessible(page, 'an answer recorded, on a phone');
    await web.shot(page, 'situation-answered-phone');

    // The center's board shows it, live, without a reload.
    await row(coordinatorPage, first).getByText('調査中').waitFor({ timeout: LIVE_WITHIN_MS });
    await coordinatorPage
      .locator('.answer-counts .answer-investigating dd')
      .getByText('1', { exact: true })
      .waitFor({ timeout: LIVE_WITHIN_MS });
    expect(await stillSamePage(coordinatorPage)).toBe(true);
    await coordinatorPage
      .locator('.timeline-list .entry-answered')
      .first()
      .waitFor({ timeout: LIVE_WITHIN_MS });

    // English is complete: no Japanese message of this part is left on the page.
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 2, name: 'Roll-call: your answer' }).waitFor();
    const text = (await page.locator('main').textContent()) ?? '';
    expect(japaneseLeft(text)).toEqual([]);
    await expectAccessible(page, 'the roll-call answer in English');
    await web.shot(page, 'situation-answer-phone-en');
    expect(web.problems).toEqual([]);
  });

  itOnBrowserDialects(
    'a ministry answers on behalf of its agency and sees only its own subtree on the board',
    async () => {
      const page = await web.openPage();
      await web.signIn(page, ministryOfficer, { path: situationUrl.replace(web.base, '') });
      await page.getByRole('heading', { level: 1, name: NAME }).waitFor();
      const panel = page.getByRole('region', { name: '被害状況の確認（回答）' });
      const body = panel.getByLabel('回答する組織');
      const option = body.locator('option').filter({ hasText: second.slug });
      await body.selectOption({ value: (await option.getAttribute('value')) ?? '' });
      await panel.getByText(/に代わって回答します（代理回答として記録されます）。/).waitFor();
      await panel.getByText('まだ回答していません。').waitFor();
      await panel.getByRole('radio', { name: /^被害なし/ }).check();
      await panel.getByRole('button', { name: '回答する' }).click();
      await panel.getByText(/の回答を記録しました（第1版）。/).waitFor();

      // Its board: itself and its two agencies; not the other ministry's agency.
      await row(page, second).getByText('被害なし').waitFor();
      await row(page, second).getByText('（代理回答）').waitFor();
      await row(page, first).getByText('調査中').waitFor();
      await row(page, ministry).getByText('未回答').waitFor();
      expect(await row(page, named).count()).toBe(0);
      expect(await page.locator('table.board-bodies tbody tr').count()).toBe(3);
      expect(await page.getByText(nameOf(named)).count()).toBe(0);
      await expectAccessible(page, "a ministry's board");
      await web.shot(page, 'situation-ministry');

      // The CSV has the same rows: only its own subtree.
      const href = (await page.getByRole('link', { name: 'CSVをダウンロード' }).getAttribute('href')) ?? '';
      const csv = await page.request.get(`${web.base}${href}`);
      expect(csv.status()).toBe(200);
      const sheet = await csv.text();
      expect(sheet).toContain(second.slug);
      expect(sheet).not.toContain(named.slug);

      // The filter lives in the address.
      await page.getByLabel('回答で絞り込む').selectOption('unanswered');
      await page.waitForURL(/answer=unanswered/);
      // The rows shown stay until the filtered answer comes (in place), then only the one not answered.
      await expect.poll(() => page.locator('table.board-bodies tbody tr').count()).toBe(1);
      await row(page, ministry).getByText('未回答').waitFor();
      expect(web.problems).toEqual([]);
    },
  );

  itOnBrowserDialects(
    '被害あり: a quick report filed from the answer comes back to answer with its incident',
    async () => {
      const page = await web.openPage();
      await web.signIn(page, namedReporter, { path: situationUrl.replace(web.base, '') });
      await page.getByRole('heading', { level: 1, name: NAME }).waitFor();
      const panel = page.getByRole('region', { name: '被害状況の確認（回答）' });
      await panel.getByRole('radio', { name: /^被害あり/ }).check();
      await panel.getByLabel('被害の事案').waitFor();
      await expectAccessible(page, 'an affected answer');
      await panel.getByRole('link', { name: '速報を提出' }).click();

      await page.getByLabel('件名').fill('ウェブサーバーへの大量アクセス');
      await page.getByLabel('概要').fill('公開ウェブサーバーが応答しない。');
      await page.getByRole('button', { name: '速報を提出', exact: true }).click();

      // Back on the situation, the answer ready with the incident just filed.
      await page.getByRole('heading', { level: 1, name: NAME }).waitFor();
      expect(await panel.getByRole('radio', { name: /^被害あり/ }).isChecked()).toBe(true);
      const chosen = panel.getByLabel('被害の事案');
      await expect.poll(() => chosen.inputValue()).not.toBe('');
      const label = (await chosen.locator('option:checked').textContent()) ?? '';
      expect(label).toContain('ウェブサーバーへの大量アクセス');
      await panel.getByRole('button', { name: '回答する' }).click();
      await panel.getByText(/の回答を記録しました（第1版）。/).waitFor();
      const number = label.split(' ')[0] ?? '';
      await panel.locator('.answer-now').getByText(`事案 ${number}`).waitFor();
      await panel.locator('.answer-now').getByText('被害あり').waitFor();
      expect(new URL(page.url()).searchParams.get('incident')).toBeNull();
      expect(web.problems).toEqual([]);
    },
  );

  itOnBrowserDialects('a body outside the scope sees no situation, even at its address', async () => {
    const page = await web.openPage();
    await web.signIn(page, outsider);
    await (await menuLink(page, '事態')).click();
    await page.getByText('対応中の事態はありません。').waitFor();
    expect(await page.getByText(NAME).count()).toBe(0);
    await page.goto(situationUrl);
    await page.getByText('この事態は見つかりません。').waitFor();
    expect(await page.getByText(NAME).count()).toBe(0);
    await expectAccessible(page, 'a situation out of scope');
    expect(web.problems).toEqual([]);
  });

  itOnBrowserDialects(
    'the coordinator records a decision, raises the level and stands down, each asked first',
    async () => {
      const page = coordinatorPage;
      await page.getByRole('radio', { name: '決定事項' }).check();
      await page.getByLabel('内容').fill(DECISION);
      await page.getByRole('button', { name: '時系列に記録する' }).click();
      await page.locator('.timeline-list .entry-decision').getByText(DECISION).waitFor();

      const raise = page.getByRole('button', { name: '態勢を変更する' });
      await raise.click();
      const dialog = page.getByRole('dialog', { name: '態勢の変更' });
      await expectAccessible(page, 'the level change question');
      await web.shot(page, 'situation-level');
      // Escape cancels and gives the focus back to the button.
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
      expect(await raise.evaluate((e) => e === document.activeElement)).toBe(true);
      await raise.click();
      await dialog.getByLabel('新しい態勢').selectOption('emergency');
      await dialog.getByRole('button', { name: '態勢を変更する' }).click();
      await page.getByText('態勢を変更しました。').waitFor();
      await page.locator('.situation-head').getByText('態勢：非常').waitFor();

      await page.getByRole('button', { name: '事態を終結する' }).click();
      const standDown = page.getByRole('dialog', { name: '事態の終結' });
      await standDown.getByRole('button', { name: '終結する' }).click();
      await page.getByText('事態を終結しました。').waitFor();
      await page.locator('.situation-head').getByText('終結', { exact: true }).waitFor();
      expect(await page.getByRole('button', { name: '事態を終結する' }).count()).toBe(0);
      await expectAccessible(page, 'a situation stood down');
      await web.shot(page, 'situation-stood-down');

      await page.getByRole('button', { name: 'English' }).click();
      await page.getByRole('heading', { level: 2, name: 'Roll-call board' }).waitFor();
      // What people typed stays as typed (the decision says 要請, also a word of the screen's own).
      const text = ((await page.locator('main').textContent()) ?? '').replaceAll(DECISION, '');
      expect(japaneseLeft(text)).toEqual([]);
      await expectAccessible(page, 'the board in English');
      await web.shot(page, 'situation-en');
      await page.getByRole('button', { name: '日本語' }).click();
      expect(web.problems).toEqual([]);
    },
  );
});
