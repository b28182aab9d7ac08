import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TLP_MARKING_IDS } from '../../src/features/sharing/sharing.stix.js';
import type { Tlp } from '../../src/features/sharing/sharing.terms.js';
import { BROWSER_DIALECTS } from '../support/databases.js';
import type { TestApp, TestOrg, TestUser } from '../support/harness.js';
import {
  expectAccessible,
  LIVE_WITHIN_MS,
  markNoReload,
  PASSWORD,
  sharedBrowser,
  startWebApp,
  stillSamePage,
  type WebApp,
} from './support.js';

// Sharing at its edges, as people meet them: a TLP:RED share reaches the one person named and nobody beside
// them; a request changed or expired while its page is open is refused in plain words; the inbox keeps its
// filters in the address; a published share downloads as STIX 2.1 with its TLP marking. Each test builds the
// bodies it needs, so that no inbox holds another test's shares.

const browser = sharedBrowser();

describe.each(BROWSER_DIALECTS)('sharing, more, on %s', (dialect) => {
  let web: WebApp;
  let t: TestApp;
  let center: TestOrg;
  let analyst: TestUser;
  let coordinator: TestUser;

  beforeAll(async () => {
    web = await startWebApp(browser(), dialect);
    t = web.t;
    center = await t.org('center');
    analyst = await t.user(center, 'center-analyst', PASSWORD);
    coordinator = await t.user(center, 'center-coordinator', PASSWORD);
  }, 60_000);

  afterAll(async () => {
    await web?.close();
  });

  const nameJa = (org: TestOrg) => `${org.slug} 日本語`;
  const menu = (page: Page) => page.getByRole('navigation', { name: /メインメニュー|Main menu/ });
  const go = async (page: Page, link: string, heading: string) => {
    await menu(page).getByRole('link', { name: link, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  };
  /**
   * A share created by the analyst through the API; without a source it goes out at once, under TLP:GREEN
   * or CLEAR once a coordinator publishes it (four eyes).
   */
  async function share(payload: Record<string, unknown>): Promise<string> {
    const res = await t.request(analyst, { method: 'POST', url: '/api/v1/shares', payload });
    expect(res.statusCode, res.body).toBe(201);
    const drafted = res.json() as { id: string; status: string; revision: number };
    if (drafted.status === 'awaiting-publication') {
      const published = await t.request(coordinator, {
        method: 'POST',
        url: `/api/v1/shares/${drafted.id}/publish`,
        payload: { revision: drafted.revision },
      });
      expect(published.statusCode, published.body).toBe(200);
    }
    return drafted.id;
  }
  const advisory = (title: string, audience: unknown, tlp: Tlp, extra: Record<string, unknown> = {}) =>
    share({
      sourceIncidentIds: [],
      content: { title, body: `${title}について、各組織で確認してください。` },
      audience,
      tlp,
      ...extra,
    });
  /** A body and one person in it who reads shares. */
  async function bodyWithReader(kind: 'ministry' | 'agency' = 'ministry', parent?: TestOrg) {
    const org = await t.org(kind, parent ? { parent } : {});
    return { org, reader: await t.user(org, 'reporter', PASSWORD) };
  }
  /** A reporting ministry, its officer, and a share of its incident awaiting the officer's consent. */
  async function askedConsent(title: string, audience: unknown, extra: Record<string, unknown> = {}) {
    const source = await t.org('ministry');
    const officer = await t.user(source, 'security-officer', PASSWORD);
    const reporter = await t.user(source, 'reporter', PASSWORD);
    const incident = await t.fileIncident(reporter, { title });
    const id = await share({
      sourceIncidentIds: [incident.id],
      content: { title, body: '添付ファイルを開いた端末でマルウェアを検知した。' },
      audience,
      tlp: 'TLP:AMBER',
      ...extra,
    });
    return { officer, id };
  }
  /** The officer's page on the pending request for this share. */
  async function openRequest(officer: TestUser, title: string): Promise<Page> {
    const page = await web.openPage();
    await web.signIn(page, officer);
    await go(page, '同意依頼', '同意依頼');
    await page
      .getByRole('region', { name: /回答待ち/ })
      .getByRole('link', { name: title })
      .click();
    await page.getByRole('heading', { level: 1, name: '同意依頼の内容' }).waitFor();
    return page;
  }

  it('a TLP:RED share reaches the one person named, live; a colleague of the same body never sees it', async () => {
    const { org, reader: named } = await bodyWithReader();
    const colleague = await t.user(org, 'reporter', PASSWORD);

    const namedPage = await web.openPage();
    await web.signIn(namedPage, named);
    await go(namedPage, '共有', '共有');
    await namedPage.getByText('受け取った共有はまだありません。').waitFor();
    await markNoReload(namedPage);
    const colleaguePage = await web.openPage();
    await web.signIn(colleaguePage, colleague);
    await go(colleaguePage, '共有', '共有');
    await colleaguePage.getByText('受け取った共有はまだありません。').waitFor();
    await markNoReload(colleaguePage);

    const title = '特定職員を狙った標的型攻撃';
    const id = await advisory(title, { kind: 'users', users: [named.email] }, 'TLP:RED');

    const item = namedPage.locator('.share-item').filter({ hasText: title });
    await item.waitFor({ timeout: LIVE_WITHIN_MS });
    expect(await stillSamePage(namedPage)).toBe(true);
    await item.getByText('TLP:RED').waitFor();
    await expectAccessible(namedPage, 'the inbox with a TLP:RED share');
    await web.shot(namedPage, 'shares-inbox-red');
    await item.getByRole('link', { name: title }).click();
    await namedPage.getByRole('heading', { level: 1, name: title }).waitFor();
    await expectAccessible(namedPage, 'a TLP:RED share for its named reader');

    // The colleague's open inbox stayed empty, stays empty on a reload, and the address is not found.
    expect(await stillSamePage(colleaguePage)).toBe(true);
    await colleaguePage.getByText('受け取った共有はまだありません。').waitFor();
    await colleaguePage.reload();
    await colleaguePage.getByText('受け取った共有はまだありません。').waitFor();
    expect(await colleaguePage.getByText(title).count()).toBe(0);
    await colleaguePage.goto(`${web.base}/shares/${id}`);
    await colleaguePage.getByText('このページは見つかりません。').waitFor();
    expect(await colleaguePage.getByText(title).count()).toBe(0);
    await expectAccessible(colleaguePage, 'a TLP:RED share for a colleague not named');
    expect(web.problems).toEqual([]);
  }, 120_000);

  it('an agency kept as a client under TLP:AMBER is explained; a request changed meanwhile is refused and the new one linked', async () => {
    const recipient = await t.org('ministry');
    const agency = await t.org('agency', { parent: recipient });
    const title = 'マルウェア感染の疑い';
    const { officer, id } = await askedConsent(title, { kind: 'orgs', orgs: [recipient.slug] });
    const page = await openRequest(officer, title);

    // Unticking the agency while its ministry stays ticked: it would still receive it, and the form says so.
    await page.getByRole('button', { name: '条件を厳しくして同意' }).click();
    const agencyBox = page.getByRole('checkbox', { name: nameJa(agency), exact: true });
    await agencyBox.uncheck();
    const note = page.getByText(`${nameJa(agency)}のチェックを外しても、TLP:AMBER では`, { exact: false });
    await note.waitFor();
    expect(await note.textContent()).toContain(`${nameJa(recipient)}の所管先として受け取ります`);
    expect(await agencyBox.getAttribute('aria-describedby')).toBe(await note.getAttribute('id'));
    await expectAccessible(page, 'the note on an agency kept as a client');
    await web.shot(page, 'consent-stricter-client-note');
    await web.onPhone(page, 'consent-stricter-client-note');
    await page.getByRole('radio', { name: /^TLP:AMBER\+STRICT/ }).check();
    await expect.poll(() => note.count()).toBe(0);

    // Meanwhile the center changes the share: a new consent round.
    const changed = await t.request(analyst, {
      method: 'PATCH',
      url: `/api/v1/shares/${id}`,
      payload: {
        content: { title, body: '添付ファイルを開いた端末でマルウェアを検知した。感染経路は調査中。' },
      },
    });
    expect(changed.statusCode, changed.body).toBe(200);

    // The open page learns of it live: the request reads as replaced, and its answer buttons are gone.
    await page.getByText('再依頼により終了').first().waitFor();
    await expect.poll(() => page.getByRole('button', { name: '同意する', exact: true }).count()).toBe(0);
    await expectAccessible(page, 'a consent request replaced while open');
    await web.shot(page, 'consent-replaced');

    await page.getByRole('link', { name: '新しい同意依頼を開く' }).click();
    await page.getByRole('heading', { level: 1, name: '同意依頼の内容' }).waitFor();
    await page.locator('.consent-preview').getByText('感染経路は調査中。', { exact: false }).waitFor();
    await page.getByRole('button', { name: '同意する', exact: true }).waitFor();
    await expectAccessible(page, 'the consent request that replaced it');
    expect(web.problems).toEqual([]);
  }, 120_000);

  it('an inbox keeps its filters and search in the address across a reload, and shows more on request', async () => {
    const { org, reader } = await bodyWithReader();
    const to = { kind: 'orgs', orgs: [org.slug] };
    for (let n = 1; n <= 21; n++) await advisory(`定例の注意喚起 第${n}号`, to, 'TLP:GREEN');
    await advisory('ランサムウェアの被害情報（第1報）', to, 'TLP:AMBER', { kind: 'share' });
    await advisory('ランサムウェアの被害情報（第2報）', to, 'TLP:AMBER', { kind: 'share' });
    await advisory('ランサムウェア対策のお願い', to, 'TLP:GREEN');
    const withdrawn = await advisory('ランサムウェアの誤報', to, 'TLP:GREEN', { kind: 'share' });
    const res = await t.request(analyst, {
      method: 'POST',
      url: `/api/v1/shares/${withdrawn}/withdraw`,
      payload: {},
    });
    expect(res.statusCode, res.body).toBe(200);

    const page = await web.openPage();
    await web.signIn(page, reader);
    await go(page, '共有', '共有');
    const main = page.getByRole('main');
    await main.getByText('20 件', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'さらに表示' }).click();
    await main.getByText('25 件', { exact: true }).waitFor();
    expect(await page.getByRole('button', { name: 'さらに表示' }).count()).toBe(0);
    // Reading goes on at the first share of the new page.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.classList.contains('share-item-title')))
      .toBe(true);

    // Shares (not advisories): the two reports and the notice of the withdrawn one; then only those published;
    // then a search in Japanese.
    await page.getByRole('combobox', { name: '種類' }).selectOption({ label: '情報共有' });
    await main.getByText('3 件', { exact: true }).waitFor();
    await page.getByText('この共有は撤回されました（内容は表示されません）').waitFor();
    await page.getByRole('combobox', { name: '状態' }).selectOption({ label: '共有中' });
    await main.getByText('2 件', { exact: true }).waitFor();
    await page.getByRole('searchbox', { name: '共有を検索' }).fill('第1報');
    await page.getByRole('button', { name: '検索', exact: true }).click();
    await main.getByText('1 件', { exact: true }).waitFor();
    const query = new URL(page.url()).searchParams;
    expect(Object.fromEntries(query)).toEqual({ status: 'published', kind: 'share', q: '第1報' });
    await expectAccessible(page, 'the inbox filtered and searched');
    await web.shot(page, 'shares-inbox-filtered');
    await web.onPhone(page, 'shares-inbox-filtered');

    await page.reload();
    await main.getByText('1 件', { exact: true }).waitFor();
    expect(await page.getByRole('searchbox', { name: '共有を検索' }).inputValue()).toBe('第1報');
    expect(await page.getByRole('combobox', { name: '種類' }).inputValue()).toBe('share');
    expect(await page.getByRole('combobox', { name: '状態' }).inputValue()).toBe('published');
    await page.getByRole('link', { name: 'ランサムウェアの被害情報（第1報）' }).waitFor();
    expect(await page.getByText('ランサムウェアの被害情報（第2報）').count()).toBe(0);

    await page.getByRole('searchbox', { name: '共有を検索' }).fill('存在しない語句');
    await page.getByRole('searchbox', { name: '共有を検索' }).press('Enter');
    await page.getByText('条件に合う共有はありません。').waitFor();
    await expectAccessible(page, 'the inbox with nothing matching');
    await page.getByRole('button', { name: '条件をクリア' }).click();
    await main.getByText('20 件', { exact: true }).waitFor();
    expect(new URL(page.url()).search).toBe('');
    expect(web.problems).toEqual([]);
  }, 180_000);

  it('a published share downloads as STIX 2.1 bundle marked with its TLP, with the session cookie', async () => {
    const { org, reader } = await bodyWithReader();
    const title = 'VPN装置の脆弱性を悪用した攻撃';
    const id = await advisory(title, { kind: 'orgs', orgs: [org.slug] }, 'TLP:AMBER+STRICT', {
      content: {
        title,
        body: '脆弱性を悪用した不正アクセスを確認した。',
        indicators: [{ type: 'ipv4-addr', value: '203.0.113.77' }],
      },
    });
    const page = await web.openPage();
    await web.signIn(page, reader, { path: `/shares/${id}` });
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    const link = page.getByRole('link', { name: 'STIX 2.1 でダウンロード' });
    expect(await link.getAttribute('download')).toBe(`renraku-share-${id}.stix.json`);
    await expectAccessible(page, 'a share with its STIX download');

    const href = (await link.getAttribute('href')) ?? '';
    const fetched = await page.evaluate(async (url) => {
      const res = await fetch(url);
      return { status: res.status, type: res.headers.get('content-type'), bundle: await res.json() };
    }, href);
    expect(fetched.status).toBe(200);
    expect(fetched.type).toContain('application/stix+json');
    const bundle = fetched.bundle as {
      type: string;
      objects: { type: string; id: string; object_marking_refs?: string[] }[];
    };
    expect(bundle.type).toBe('bundle');
    const marking = TLP_MARKING_IDS['TLP:AMBER+STRICT'];
    expect(bundle.objects.filter((o) => o.type === 'marking-definition').map((o) => o.id)).toEqual([marking]);
    const marked = bundle.objects.filter((o) => o.object_marking_refs);
    expect(marked.length).toBeGreaterThan(0);
    for (const o of marked) expect(o.object_marking_refs).toEqual([marking]);
    expect(JSON.stringify(bundle)).toContain('203.0.113.77');

    // Clicking it saves the file (the browser sends the cookie; nothing is shown in place of the page).
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toBe(`renraku-share-${id}.stix.json`);
    const saved = JSON.parse(readFileSync(await download.path(), 'utf8')) as { type: string };
    expect(saved.type).toBe('bundle');
    expect(web.problems).toEqual([]);
  }, 120_000);

  // Last: it moves the server's clock on.
  it('an answer after the deadline is refused as expired, and nothing is shared', async () => {
    const title = '不正ログインの試行';
    const dueAt = new Date(t.clock.now().getTime() + 5 * 60_000).toISOString();
    const { officer, id } = await askedConsent(title, { kind: 'ministries' }, { consentDueAt: dueAt });
    const page = await openRequest(officer, title);
    await page.getByRole('timer').first().waitFor();

    t.clock.advance(10 * 60_000);
    await page.getByRole('button', { name: '同意する', exact: true }).click();
    await page.getByText('回答期限を過ぎました。この依頼による共有は行われません。').waitFor();
    expect(await page.getByRole('button', { name: '同意する', exact: true }).count()).toBe(0);
    await page.getByRole('region', { name: '回答' }).getByText('期限切れ').waitFor();
    expect(await page.getByRole('timer').count()).toBe(0);
    await expectAccessible(page, 'a consent request answered too late');
    await web.shot(page, 'consent-expired');
    const after = await t.request(analyst, { method: 'GET', url: `/api/v1/shares/${id}` });
    expect((after.json() as { status: string }).status).not.toBe('published');
    expect(web.problems).toEqual([]);
  }, 120_000);
});
