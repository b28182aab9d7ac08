import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_DIALECTS } from '../support/databases.js';
import type { TestApp, TestOrg, TestUser } from '../support/harness.js';
import { expectAccessible, PASSWORD, sharedBrowser, startWebApp, type WebApp } from './support.js';

// Four eyes for the center's own advisories, as the center uses them: the analyst drafts a TLP:GREEN
// advisory (the composer says a second coordinator publishes it), a coordinator who changed it cannot
// publish it, another one does, and a body receives it. An advisory that carries a body's report is refused
// with links to the incidents it comes from.

const browser = sharedBrowser();

describe.each(BROWSER_DIALECTS)('four eyes on %s', (dialect) => {
  let web: WebApp;
  let t: TestApp;
  let receiver: TestOrg;
  let analyst: TestUser;
  let editor: TestUser;
  let publisher: TestUser;
  let recipient: TestUser;
  let reporter: TestUser;

  beforeAll(async () => {
    web = await startWebApp(browser(), dialect);
    t = web.t;
    const center = await t.org('center');
    receiver = await t.org('ministry');
    const source = await t.org('ministry');
    analyst = await t.user(center, 'center-analyst', PASSWORD);
    editor = await t.user(center, 'center-coordinator', PASSWORD);
    publisher = await t.user(center, 'center-coordinator', PASSWORD);
    recipient = await t.user(receiver, 'reporter', PASSWORD);
    reporter = await t.user(source, 'reporter', PASSWORD);
  }, 60_000);

  afterAll(async () => {
    await web?.close();
  });

  const compose = async (page: Page, title: string, body: string) => {
    await page.goto(`${web.base}/shares/new`);
    await page.getByRole('heading', { level: 1, name: '共有を作成' }).waitFor();
    await page.getByRole('textbox', { name: /^件名/ }).fill(title);
    await page.getByRole('textbox', { name: /^本文/ }).fill(body);
  };
  const shareIdOf = (page: Page) => decodeURIComponent(new URL(page.url()).pathname.split('/').at(-1) ?? '');

  it('the analyst drafts, the coordinator who changed it cannot publish, a second one does, recipients see it', async () => {
    const title = '注意喚起: VPN装置の更新のお願い';
    const center = await web.openPage();
    await web.signIn(center, analyst, { path: '/shares/new' });
    await compose(center, title, 'VPN装置の修正版を速やかに適用してください。');
    await center.getByRole('radio', { name: /^TLP:GREEN/ }).check();
    await center
      .getByText('あなた以外のコーディネーターが公開するまで配信されません', { exact: false })
      .waitFor();
    await expectAccessible(center, 'the composer of an advisory needing a second coordinator');
    await center.getByRole('button', { name: '公開を依頼する' }).click();
    await center
      .getByText('別のコーディネーターが公開するまで、受領組織には届きません', { exact: false })
      .waitFor();
    const id = shareIdOf(center);
    const facts = center.locator('dl.facts');
    await facts.getByText(analyst.email).waitFor();
    await center.getByRole('heading', { level: 2, name: '公開待ち' }).waitFor();
    // Its author publishes nothing: the page says so.
    await center
      .getByText('あなたはこの注意喚起を作成または変更したため、公開できません。', { exact: false })
      .waitFor();
    expect(await center.getByRole('button', { name: '公開する' }).count()).toBe(0);
    await web.shot(center, 'share-awaiting-publication');
    await expectAccessible(center, 'a share awaiting publication');
    await web.onPhone(center, 'share-awaiting-publication');

    // Nothing has reached the receiving body.
    const inbox = await web.openPage();
    await web.signIn(inbox, recipient, { path: '/shares' });
    await inbox.getByRole('heading', { level: 1, name: '共有' }).waitFor();
    expect(await inbox.getByRole('link', { name: title }).count()).toBe(0);

    // A coordinator changes it: now one of its authors, they may not publish it either.
    const changed = await t.request(editor, {
      method: 'PATCH',
      url: `/api/v1/shares/${id}`,
      payload: {
        content: { title, body: 'VPN装置の修正版を速やかに適用し、管理画面を公開しないでください。' },
      },
    });
    expect(changed.statusCode, changed.body).toBe(200);
    const editorPage = await web.openPage();
    await web.signIn(editorPage, editor, { path: `/shares/${id}` });
    await editorPage.getByRole('heading', { level: 1, name: title }).waitFor();
    await editorPage
      .getByText('あなたはこの注意喚起を作成または変更したため、公開できません。', { exact: false })
      .waitFor();
    expect(await editorPage.getByRole('button', { name: '公開する' }).count()).toBe(0);

    // The managed box lists what awaits publication.
    const second = await web.openPage();
    await web.signIn(second, publisher, { path: '/shares?box=managed&status=awaiting-publication' });
    await second.getByRole('heading', { level: 1, name: '共有' }).waitFor();
    await second.getByRole('link', { name: title }).click();
    await second.getByRole('heading', { level: 1, name: title }).waitFor();
    await second.locator('dl.facts').getByText(editor.email).waitFor();
    await second.getByRole('button', { name: '公開する' }).click();
    await second.getByText('公開しました。受領組織に届いています。').waitFor();
    await second.locator('dl.facts').getByText(publisher.email).waitFor();
    await expect.poll(() => second.evaluate(() => document.activeElement?.id)).toBe('share-heading');
    await expectAccessible(second, 'a share just published');

    // The recipient has it.
    await inbox.reload();
    await inbox.getByRole('link', { name: title }).click();
    await inbox.getByRole('heading', { level: 1, name: title }).waitFor();
    expect(web.problems).toEqual([]);
  }, 240_000);

  it('an advisory carrying a body’s report is refused, with links to the incidents it comes from', async () => {
    const incident = await t.fileIncident(reporter, {
      title: '不正アクセスの報告',
      summary:
        '外部公開サーバに対し、攻撃者が管理者アカウントを用いて侵入し設定を改ざんした。通信先 c2.browser-test.example。',
    });
    const center = await web.openPage();
    await web.signIn(center, analyst, { path: '/shares/new' });
    await compose(
      center,
      '注意喚起',
      '攻撃者が管理者アカウントを用いて侵入し設定を改ざんした事例があります。',
    );
    await center.getByRole('button', { name: '共有する' }).click();
    const alert = center.getByRole('alert').filter({ hasText: 'この内容は組織の報告' });
    await alert.waitFor();
    await expectAccessible(center, 'an advisory refused for carrying a report');
    await alert.getByRole('link', { name: incident.id }).click();
    await center.getByRole('heading', { level: 1, name: '不正アクセスの報告' }).waitFor();
    expect(web.problems).toEqual([]);
  }, 120_000);

  it('an administrator gives a body the abbreviations that anonymised shares hide', async () => {
    const admin = await t.user(await t.org('center'), 'admin', PASSWORD);
    const page = await web.openPage();
    await web.signIn(page, admin, { path: '/admin/orgs' });
    await page.getByRole('heading', { level: 1, name: '組織' }).waitFor();
    const name = `${receiver.slug} 日本語`;
    await page.getByRole('button', { name: `${name}の略称・別名を変更` }).click();
    const field = page.getByRole('group', { name: `${name}の略称・別名` }).getByRole('textbox');
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('TEXTAREA');
    await field.fill('X');
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByText('略称・別名には、空白や見えない文字を除いて2文字以上が必要です。').waitFor();
    await field.fill('試験省\nTESTMIN');
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByText(`${name}の略称・別名を保存しました。`).waitFor();
    await page.getByText('略称・別名：試験省、TESTMIN').waitFor();
    await expectAccessible(page, 'the bodies with their aliases');
    const org = (await t.request(admin, { method: 'GET', url: '/api/v1/orgs' })).json() as {
      items: { slug: string; aliases: string[] }[];
    };
    expect(org.items.find((o) => o.slug === receiver.slug)?.aliases).toEqual(['試験省', 'TESTMIN']);
    expect(web.problems).toEqual([]);
  }, 120_000);
});
