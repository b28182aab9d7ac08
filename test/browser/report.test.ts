import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_DIALECTS } from '../support/databases.js';
import type { TestApp, TestOrg, TestUser } from '../support/harness.js';
import {
  DESKTOP,
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

// The quick report (速報) and the incident page as a stressed official uses them: from a phone, by keyboard,
// with a connection that drops, a tab that closes, a session that ends — and with hostile text in reports.

const browser = sharedBrowser();

const DRAFT_PREFIX = 'renraku.quickReportDraft';
const PENDING = '送信待ち — 接続が戻り次第自動で再送します';

describe.each(BROWSER_DIALECTS)('quick report and incident page on %s', (dialect) => {
  let web: WebApp;
  let t: TestApp;
  let center: TestOrg;
  let problems: string[];

  beforeAll(async () => {
    web = await startWebApp(browser(), dialect);
    t = web.t;
    problems = web.problems;
    center = await t.org('center');
  });

  afterAll(async () => {
    await web?.close();
  });

  /** A ministry with one agency, its officer, a center analyst and an agency reporter. */
  async function chain(reviewMode: boolean) {
    const ministry = await t.org('ministry', { reviewMode });
    const agency = await t.org('agency', { parent: ministry });
    return {
      ministry,
      agency,
      officer: await t.user(ministry, 'security-officer', PASSWORD),
      analyst: await t.user(center, 'center-analyst', PASSWORD),
      reporter: await t.user(agency, 'reporter', PASSWORD),
    };
  }

  /** Logs in and waits for the incident list with the live stream open. */
  async function watching(user: TestUser, options = DESKTOP) {
    const page = await web.openPage(options);
    // The list's own address: `/` leads a ministry to its review queue, the center to its dashboard.
    await web.signIn(page, user, { path: '/incidents' });
    await page.getByRole('heading', { level: 1, name: '事案一覧' }).waitFor();
    await page.getByRole('complementary').getByText('受信中').waitFor();
    return page;
  }

  async function openForm(page: Page) {
    await (await menuLink(page, '速報を提出')).click();
    await page.getByRole('heading', { level: 1, name: '速報の提出' }).waitFor();
  }

  const incidentLink = (page: Page, title: string) =>
    page.locator('table.incidents').getByRole('link', { name: title, exact: true });
  const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');
  /** The text of whatever describes the focused control (its error, its hint). */
  const focusedDescription = (page: Page) =>
    page.evaluate(() =>
      (document.activeElement?.getAttribute('aria-describedby') ?? '')
        .split(' ')
        .map((id) => document.getElementById(id)?.textContent ?? '')
        .join(' '),
    );
  const draftKeys = (page: Page) =>
    page.evaluate((prefix) => Object.keys(localStorage).filter((k) => k.startsWith(prefix)), DRAFT_PREFIX);
  const incidentIdOf = (page: Page) =>
    decodeURIComponent(new URL(page.url()).pathname.split('/').pop() ?? '');
  const detailOf = async (user: TestUser, id: string) =>
    (await t.request(user, { method: 'GET', url: `/api/v1/incidents/${id}` })).json() as {
      chain: { ministryReceivedAt: string; centerReceivedAt: string | null };
    };

  it('a reporter files from a phone by keyboard alone, sees the receipt, and it moves live up the chain', async () => {
    const { officer, analyst, reporter } = await chain(true);
    const ministryPage = await watching(officer);
    const centerPage = await watching(analyst);
    const phone = await web.openPage(PHONE);
    await web.signIn(phone, reporter);
    await openForm(phone);
    await expectAccessible(phone, 'the empty quick report form on a phone');

    // Keyboard only from here: the form opens with the focus in its title. Enter on an empty form: the first
    // invalid field gets the focus and its error.
    await expect.poll(() => focusedId(phone)).toBe('report-title');
    await phone.keyboard.press('Enter');
    await phone.getByText('件名を入力してください。').waitFor();
    await expect.poll(() => focusedId(phone)).toBe('report-title');
    await expect.poll(() => focusedDescription(phone)).toContain('件名を入力してください。');
    expect(await phone.locator('#report-title').getAttribute('aria-invalid')).toBe('true');
    expect(await phone.locator('#report-summary').getAttribute('aria-invalid')).toBe('true');
    await web.shot(phone, 'report-form-errors-phone');
    await expectAccessible(phone, 'the quick report form with errors');

    const title = `ランサムウェアによるファイル暗号化（${dialect}）`;
    await phone.keyboard.type(title);
    await phone.keyboard.press('Tab');
    await expect.poll(() => focusedId(phone)).toBe('report-summary');
    await phone.keyboard.type('ファイルサーバーのファイルが暗号化され、脅迫文が表示された。');
    await phone.keyboard.press('Tab');
    await expect.poll(() => focusedId(phone)).toBe('report-detectedAt');
    expect(await phone.locator('#report-detectedAt').inputValue()).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/);
    await web.shot(phone, 'report-form-phone');
    // Back to the title, and Enter files it.
    await phone.keyboard.press('Shift+Tab');
    await phone.keyboard.press('Shift+Tab');
    await expect.poll(() => focusedId(phone)).toBe('report-title');
    t.clock.set(new Date());
    await phone.keyboard.press('Enter');

    // The receipt: the ministry received it (with its time), the center waits for the ministry's review.
    await phone.getByRole('heading', { level: 1, name: title }).waitFor();
    await phone.getByRole('status').getByText('速報を提出しました。').waitFor();
    const id = incidentIdOf(phone);
    const detail = await detailOf(reporter, id);
    const receipt = phone.getByTestId('receipt');
    await receipt.getByRole('heading', { name: '受領状況' }).waitFor();
    expect(await receipt.getByText('所管府省庁（').textContent()).toContain('日本語');
    const ministryReceipt = phone.getByTestId('receipt-ministry');
    expect(await ministryReceipt.textContent()).toContain('受領');
    expect(await ministryReceipt.locator(`time[datetime="${detail.chain.ministryReceivedAt}"]`).count()).toBe(
      1,
    );
    expect(await phone.getByTestId('receipt-center').textContent()).toContain('確認待ち（期限');
    expect(await phone.getByTestId('reporting-target').textContent()).toContain('を達成');
    expect(await phone.getByTestId('center-target').textContent()).toContain('残り');
    expect(await draftKeys(phone)).toEqual([]);
    await markNoReload(phone);
    await web.shot(phone, 'report-receipt-phone');
    await expectAccessible(phone, 'the receipt on a phone');

    // The ministry sees it live, reviews and forwards it; the reporter's receipt follows live.
    await incidentLink(ministryPage, title).waitFor({ timeout: LIVE_WITHIN_MS });
    await incidentLink(ministryPage, title).click();
    await ministryPage.getByRole('heading', { level: 1, name: title }).waitFor();
    t.clock.set(new Date());
    await ministryPage.getByRole('button', { name: 'センターへ転送' }).click();
    await ministryPage.getByText('センターへ転送しました。').waitFor();
    await phone.getByTestId('receipt-center').locator('time').waitFor({ timeout: LIVE_WITHIN_MS });
    expect(await phone.getByTestId('receipt-center').textContent()).toContain('受領');
    expect(await phone.getByTestId('center-target').textContent()).toContain('目標内');
    expect(await stillSamePage(phone)).toBe(true);

    // The center sees it arrive live, and its page shows the same chain.
    await incidentLink(centerPage, title).waitFor({ timeout: LIVE_WITHIN_MS });
    await centerPage.getByRole('complementary').getByText('受領').first().waitFor();
    await incidentLink(centerPage, title).click();
    await centerPage.getByRole('heading', { level: 1, name: title }).waitFor();
    expect(await centerPage.locator('ol.timeline > li.done').count()).toBe(4);
    await centerPage.getByText('所管府省庁が確認して転送').waitFor();
    expect(problems).toEqual([]);
  }, 90_000);

  it('keeps the draft through a reload, a closed tab and a lost session, per user, until the server confirms', async () => {
    const { agency, reporter } = await chain(false);
    const colleague = await t.user(agency, 'reporter', PASSWORD);
    const page = await watching(reporter);
    await openForm(page);
    const title = `下書きの保持（${dialect}）`;
    await page.getByLabel('件名').fill(title);
    await page.getByLabel('概要').fill('途中まで書いた概要。');
    await page.getByText('任意の項目').click();
    await page.getByLabel('深刻度').selectOption('high');
    await page.getByLabel('影響を受けたシステム').fill('fs01\nweb01');
    await expectAccessible(page, 'the quick report form with its optional part open');

    // A reload brings everything back, with a notice.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: '速報の提出' }).waitFor();
    await page.getByText('保存されていた下書きを復元しました').waitFor();
    expect(await page.getByLabel('件名').inputValue()).toBe(title);
    expect(await page.getByLabel('深刻度').inputValue()).toBe('high');
    expect(await page.getByLabel('影響を受けたシステム').inputValue()).toBe('fs01\nweb01');

    // So does a new tab after this one was closed.
    const context = page.context();
    await page.close();
    const tab = await context.newPage();
    tab.on('pageerror', (error) => problems.push(error.message));
    await tab.goto(`${web.base}/report`);
    await tab.getByText('保存されていた下書きを復元しました').waitFor();
    expect(await tab.getByLabel('概要').inputValue()).toBe('途中まで書いた概要。');

    // Someone else on the same browser does not see it.
    await tab.getByRole('button', { name: 'ログアウト' }).click();
    await web.logIn(tab, colleague, { path: '/report' });
    await tab.getByRole('heading', { level: 1, name: '速報の提出' }).waitFor();
    expect(await tab.getByLabel('件名').inputValue()).toBe('');
    expect(await tab.getByText('保存されていた下書き').count()).toBe(0);
    await tab.getByLabel('件名').fill('同僚の下書き');
    await tab.getByRole('button', { name: 'ログアウト' }).click();
    await web.logIn(tab, reporter, { path: '/report' });
    await tab.getByText('保存されていた下書きを復元しました').waitFor();
    expect(await tab.getByLabel('件名').inputValue()).toBe(title);
    expect(await draftKeys(tab)).toHaveLength(2);

    // The session ends while sending: the log-in shows, the draft waits, and goes once logged in again.
    const before = await t.count('incidents');
    // Once the live stream has opened (the screen loads its data again then, with the session it still has).
    await tab.getByRole('complementary').getByText('受信中').waitFor();
    await context.clearCookies();
    t.clock.set(new Date());
    await tab.getByRole('button', { name: '速報を提出', exact: true }).click();
    await tab.getByText('セッションが終了しました。もう一度ログインしてください。').waitFor();
    expect(await t.count('incidents')).toBe(before);
    await tab.getByLabel('メールアドレス').fill(reporter.email);
    await tab.getByLabel('パスワード').fill(PASSWORD);
    await tab.getByRole('button', { name: 'ログイン', exact: true }).click();
    await tab.getByRole('heading', { level: 1, name: title }).waitFor();
    expect(await t.count('incidents')).toBe(before + 1);
    expect(await tab.getByTestId('incident-status').textContent()).toBe('対応中');
    await tab.getByText('高', { exact: true }).first().waitFor();

    // Filed: this user's draft is gone, the colleague's stays; the form starts blank.
    expect(await draftKeys(tab)).toHaveLength(1);
    await openForm(tab);
    expect(await tab.getByLabel('件名').inputValue()).toBe('');

    // Discarding a draft throws it away at once.
    await tab.getByLabel('件名').fill('捨てる下書き');
    await tab.reload();
    await tab.getByRole('button', { name: '下書きを破棄' }).click();
    await tab.getByText('下書きを破棄しました。').waitFor();
    expect(await tab.getByLabel('件名').inputValue()).toBe('');
    await expect.poll(() => focusedId(tab)).toBe('report-title');
    expect(await draftKeys(tab)).toHaveLength(1);
    expect(problems).toEqual([]);
  }, 90_000);

  it('sends a report written offline once the connection is back, and once only when an answer is lost', async () => {
    const { reporter } = await chain(false);
    const page = await watching(reporter, PHONE);
    await openForm(page);
    const title = `オフラインで作成した速報（${dialect}）`;
    await page.getByLabel('件名').fill(title);
    await page.getByLabel('概要').fill('庁舎のネットワークが遮断されている。');
    const before = await t.count('incidents');

    // The server refuses (its clock says the detection lies ahead): shown on the field, never retried.
    t.clock.set(new Date(Date.now() - 60 * 60_000));
    await page.getByRole('button', { name: '速報を提出', exact: true }).click();
    await page.getByText('サーバーが受け付けませんでした（incidents.detected_in_future）').waitFor();
    await page.getByText('検知日時が未来の時刻になっています。').waitFor();
    await expect.poll(() => focusedId(page)).toBe('report-detectedAt');
    await page.waitForTimeout(2_500);
    expect(await t.count('incidents')).toBe(before);

    await page.context().setOffline(true);
    t.clock.set(new Date());
    await page.getByRole('button', { name: '速報を提出', exact: true }).click();
    await page.getByText(PENDING).waitFor();
    // The form is locked while it waits: the focus is on what it says.
    await expect.poll(() => page.evaluate(() => document.activeElement?.className)).toContain('send-status');
    await page.getByRole('button', { name: '今すぐ再送' }).waitFor();
    await web.shot(page, 'report-offline-phone');
    await expectAccessible(page, 'the quick report waiting for the connection');
    await page.getByRole('button', { name: '今すぐ再送' }).click();
    await page.getByText(PENDING).waitFor();
    await page.waitForTimeout(1_500);
    expect(await t.count('incidents')).toBe(before);

    await page.context().setOffline(false);
    await page.getByRole('heading', { level: 1, name: title }).waitFor({ timeout: 10_000 });
    expect(await t.count('incidents')).toBe(before + 1);

    // The server files it but its answer never arrives: the client sends again with the same key.
    await openForm(page);
    const second = `応答が失われた速報（${dialect}）`;
    await page.getByLabel('件名').fill(second);
    await page.getByLabel('概要').fill('送信直後に回線が切れた。');
    const keys: string[] = [];
    await page.route('**/api/v1/incidents', async (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      keys.push(route.request().headers()['idempotency-key'] ?? '');
      if (keys.length === 1) {
        await route.fetch();
        return route.abort('connectionreset');
      }
      return route.continue();
    });
    t.clock.set(new Date());
    await page.getByRole('button', { name: '速報を提出', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: second }).waitFor({ timeout: 10_000 });
    expect(keys.length).toBeGreaterThanOrEqual(2);
    expect(new Set(keys).size).toBe(1);
    expect(await t.count('incidents')).toBe(before + 2);
    await page.unroute('**/api/v1/incidents');
    expect(await draftKeys(page)).toEqual([]);
    expect(problems).toEqual([]);
  }, 90_000);

  it('adds an update and the final report; the timeline and status change live at the center', async () => {
    const { reporter, analyst } = await chain(false);
    const title = `続報と確報（${dialect}）`;
    // The analyst logs in now (the browser holds its cookies by the real clock); the report was filed 30
    // minutes ago.
    const centerPage = await watching(analyst);
    t.clock.set(new Date(Date.now() - 30 * 60_000));
    const { id } = await t.fileIncident(reporter, { title, severity: 'medium', tlp: 'TLP:AMBER' });
    await centerPage.goto(`${web.base}/incidents/${id}`);
    await centerPage.getByRole('heading', { level: 1, name: title }).waitFor();
    await centerPage.getByText('受領組織とその所管先内に限る').first().waitFor();
    expect(await centerPage.getByRole('heading', { name: '続報・確報の追加' }).count()).toBe(0);
    await markNoReload(centerPage);

    const page = await watching(reporter);
    await page.goto(`${web.base}/incidents/${id}`);
    const form = page.locator('section.follow-up');
    await form.getByRole('heading', { name: '続報・確報の追加' }).waitFor();

    // An empty update is refused on the spot, with the focus on the field.
    await form.getByRole('button', { name: '続報を追加' }).click();
    await form.getByText('内容を入力してください。').waitFor();
    await expect.poll(() => focusedId(page)).toBe('followup-text');

    t.clock.set(new Date(Date.now() - 20 * 60_000));
    await form.getByLabel('内容').fill('被害範囲はファイルサーバー2台。バックアップからの復旧を開始。');
    await form.getByText('変更する項目').click();
    await form.getByLabel('深刻度').selectOption('critical');
    await form.getByLabel('分類', { exact: true }).selectOption('malware-infection');
    await form.getByLabel('影響を受けたシステム').fill('fs01\nfs02');
    await form.getByLabel('個人情報の関係').selectOption('yes');
    await form.getByLabel('対象者数（概数）').fill('１,２００');
    await form.getByRole('button', { name: '続報を追加' }).click();
    await page.getByText('続報を追加しました。').waitFor();
    await page.getByRole('heading', { name: '続報 #2' }).waitFor();
    await page.getByText('個人情報あり（約1,200人）').first().waitFor();
    expect(await form.getByLabel('内容').inputValue()).toBe('');

    // The center's open page follows, in place.
    await centerPage.getByRole('heading', { name: '続報 #2' }).waitFor({ timeout: LIVE_WITHIN_MS });
    await centerPage.getByText('マルウェア感染').first().waitFor();
    await centerPage.locator('.incident-facts .sev-critical').waitFor();

    t.clock.set(new Date(Date.now() - 10 * 60_000));
    await form.getByLabel('確報').check();
    await form.getByLabel('内容').fill('復旧完了。侵入経路はVPN装置の脆弱性と判明。');
    await form.getByRole('button', { name: '確報を提出', exact: true }).click();
    // A final report is confirmed first (jp-forms.test.ts tests the question itself).
    await form.getByRole('button', { name: '確報を提出する' }).click();
    await page.getByText('確報を提出しました。この事案は確報済です。').waitFor();
    await page.getByTestId('incident-status').getByText('確報済').waitFor();
    expect(await page.getByRole('heading', { name: '続報・確報の追加' }).count()).toBe(0);

    await centerPage.getByRole('heading', { name: '確報 #3' }).waitFor({ timeout: LIVE_WITHIN_MS });
    expect(await centerPage.getByTestId('incident-status').textContent()).toBe('確報済');
    // Every report and delivery, in time order.
    const steps = await centerPage.locator('ol.timeline > li').allTextContents();
    const expected = ['検知', '速報 #1', '府省庁が受領', 'センターが受領', '続報 #2', '確報 #3'];
    expect(steps.map((step, i) => step.startsWith(expected[i] ?? '?'))).toEqual(expected.map(() => true));
    expect(await stillSamePage(centerPage)).toBe(true);
    await web.shot(centerPage, 'incident-final');
    await expectAccessible(centerPage, 'the incident page after the final report');
    await web.shot(page, 'incident-reporter');
    await expectAccessible(page, 'the incident page of its reporter');
    expect(problems).toEqual([]);
  }, 90_000);

  it('shows hostile report text as text everywhere: list, live feed, incident page', async () => {
    const { reporter, analyst } = await chain(false);
    // Now, before the log-in: the browser keeps cookies by the real clock.
    t.clock.set(new Date());
    const centerPage = await watching(analyst);
    const title = '<img src=x onerror="window.__xss=1">';
    const summary = '<script>window.__xss=1</script> [link](javascript:window.__xss=1) ';
    const { id } = await t.fileIncident(reporter, {
      title,
      summary,
      affectedSystems: ['<svg onload="window.__xss=1">'],
    });
    const update = await t.request(reporter, {
      method: 'POST',
      url: `/api/v1/incidents/${id}/reports`,
      payload: {
        kind: 'update',
        text: '<img src=x onerror=window.__xss=1><b>太字</b>',
        affectedSystems: ['<script>window.__xss=1</script>', '"><img src=x onerror=window.__xss=1>'],
      },
    });
    expect(update.statusCode).toBe(201);

    const unharmed = async (page: Page, where: string) => {
      const found = await page.evaluate(() => ({
        xss: (window as unknown as { __xss?: unknown }).__xss,
        images: document.querySelectorAll('img').length,
        scripts: [...document.scripts].filter((s) => s.textContent?.includes('__xss')).length,
        svgs: document.querySelectorAll('svg[onload]').length,
        bold: document.querySelectorAll('b').length,
        jsLinks: document.querySelectorAll('a[href^="javascript"]').length,
      }));
      expect(found, where).toEqual({ xss: undefined, images: 0, scripts: 0, svgs: 0, bold: 0, jsLinks: 0 });
    };

    // The list and the live feed, as it arrived.
    await incidentLink(centerPage, title).waitFor({ timeout: LIVE_WITHIN_MS });
    const feed = centerPage.getByRole('complementary');
    await feed.getByText('報告の追加').first().waitFor({ timeout: LIVE_WITHIN_MS });
    // Named by its number and title (the list loaded it), never by its id.
    await feed.getByRole('link').filter({ hasText: title }).first().waitFor();
    expect(await feed.textContent()).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    await unharmed(centerPage, 'the list and the live feed');

    // The incident page: every field of both reports shown as the characters typed.
    await incidentLink(centerPage, title).click();
    await centerPage.getByRole('heading', { level: 1, name: title, exact: true }).waitFor();
    await centerPage.getByText(summary.trim(), { exact: true }).first().waitFor();
    await centerPage.getByText('<img src=x onerror=window.__xss=1><b>太字</b>', { exact: true }).waitFor();
    await centerPage.locator('.incident-facts').getByText('<script>window.__xss=1</script>').waitFor();
    await centerPage.getByText('<svg onload="window.__xss=1">', { exact: true }).first().waitFor();
    await unharmed(centerPage, 'the incident page');
    await web.shot(centerPage, 'incident-hostile-text');

    // The reporter's own page (with the follow-up form) and its live feed too.
    const page = await watching(reporter, PHONE);
    await page.goto(`${web.base}/incidents/${id}`);
    await page.getByRole('heading', { level: 1, name: title, exact: true }).waitFor();
    await unharmed(page, 'the reporter’s incident page');
    expect(problems).toEqual([]);
  }, 90_000);

  it('is accessible and complete in English', async () => {
    const { reporter } = await chain(true);
    const page = await web.openPage({ ...DESKTOP, lang: 'en' });
    await web.signIn(page, reporter);
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('navigation').getByRole('link', { name: 'File a quick report' }).click();
    await page.getByRole('heading', { level: 1, name: 'File a quick report' }).waitFor();
    await expectAccessible(page, 'the empty form in English');

    await page.getByRole('button', { name: 'Submit quick report' }).click();
    await page.getByText('Title is required.').waitFor();
    await page.getByText('Summary is required.').waitFor();
    await expectAccessible(page, 'the form with errors in English');

    await page.getByText('Optional (severity').click();
    await page.getByLabel('TLP (sharing)').selectOption('TLP:AMBER+STRICT');
    await page.getByLabel('Personal data').selectOption('yes');
    await page.getByLabel('Persons affected (approx.)').fill('many');
    await page.getByLabel('Information leaked').check();
    await page.getByLabel('Title').fill('Ransomware on the file server');
    await page.getByLabel('Summary').fill('Files encrypted; ransom note shown.');
    await page.getByRole('button', { name: 'Submit quick report' }).click();
    await page.getByText('Persons affected (approx.) must be a whole number, 0 or more.').waitFor();
    await expect.poll(() => focusedId(page)).toBe('report-approxPersons');
    await web.shot(page, 'report-form-optional-en');
    await expectAccessible(page, 'the form with its optional part open in English');

    await page.getByLabel('Persons affected (approx.)').fill('120');
    t.clock.set(new Date());
    await page.getByRole('button', { name: 'Submit quick report' }).click();
    await page.getByRole('heading', { level: 1, name: 'Ransomware on the file server' }).waitFor();
    await page.getByText('The receiving body only').first().waitFor();
    await page.getByText('Personal data involved (about 120 persons)').first().waitFor();
    expect(await page.getByTestId('receipt-center').textContent()).toContain('Awaiting review (due');
    expect(await page.getByTestId('reporting-target').textContent()).toContain('Reporting target met');
    await web.shot(page, 'report-receipt-en');
    await expectAccessible(page, 'the receipt and incident page in English');
    await page.getByRole('button', { name: '日本語' }).click();
    expect(problems).toEqual([]);
  }, 90_000);
});
