import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_DIALECTS } from '../support/databases.js';
import type { TestApp, TestOrg, TestUser } from '../support/harness.js';
import { startIdp, type TestIdp } from '../support/oidc.js';
import { CLIENT_SECRET } from '../support/sso.js';
import { expectAccessible, PASSWORD, sharedBrowser, startWebApp, type WebApp } from './support.js';

// Single sign-on in Chromium: an administrator sets up a body's identity provider and a mapping on the SSO
// screen; a person of the body clicks "〇〇でログイン", signs in at the provider (another site: localhost, while
// Renraku is 127.0.0.1) and comes back logged in, to the screen they started from; a person the mappings do not
// know sees a page that says why; the body's security officer turns passwords off, and the password form says so.

const browser = sharedBrowser();

describe.each(BROWSER_DIALECTS)('single sign-on in the browser on %s', (dialect) => {
  let web: WebApp;
  let t: TestApp;
  let idp: TestIdp;
  let ministry: TestOrg;
  let admin: TestUser;
  let officer: TestUser;
  let reporter: TestUser;
  const NAME_JA = `経済産業省 Entra ID（${dialect}）`;
  const NAME_EN = `METI Entra ID (${dialect})`;
  const menu = (page: Page) => page.getByRole('navigation', { name: /メインメニュー|Main menu/ });

  /** The provider's own sign-in page: the account, and the box saying a security key was used. */
  async function signInAtProvider(page: Page, account: string, mfa = false) {
    await page.waitForURL((url) => url.host === new URL(idp.issuer).host);
    await page.getByLabel('Account').fill(account);
    if (mfa) await page.getByLabel('I used my security key').check();
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  /** The body's security officer confirms what waits for it (through the API: its screen is another part's). */
  async function confirmAsOfficer() {
    const list = await t.request(officer, { method: 'GET', url: '/api/v1/changes?status=pending' });
    const [change] = (list.json() as { items: { id: string }[] }).items;
    const res = await t.request(officer, { method: 'POST', url: `/api/v1/changes/${change?.id}/confirm` });
    expect(res.statusCode, res.body).toBe(200);
  }

  beforeAll(async () => {
    web = await startWebApp(browser(), dialect, { config: { ssoAllowHttpLoopback: true } });
    t = web.t;
    t.config.publicUrl = web.base;
    const center = await t.org('center');
    ministry = await t.org('ministry');
    admin = await t.user(center, 'admin', PASSWORD);
    officer = await t.user(ministry, 'security-officer', PASSWORD);
    reporter = await t.user(ministry, 'reporter', PASSWORD);
    idp = await startIdp({
      host: 'localhost',
      accounts: [
        { sub: 'tanaka', email: `tanaka-${dialect}@meti.example`, name: '田中 花子', groups: ['meti-csirt'] },
        { sub: 'sato', email: `sato-${dialect}@meti.example`, groups: ['someone-elses-group'] },
        { sub: 'kato', email: `kato-${dialect}@idp.meti.example`, groups: ['meti-csirt'] },
      ],
      clients: [
        {
          client_id: 'renraku',
          client_secret: CLIENT_SECRET,
          redirect_uris: [`${web.base}/api/v1/sso/meti-entra/callback`],
        },
      ],
    });
  }, 120_000);

  afterAll(async () => {
    await idp?.close();
    await web?.close();
  });

  let adminPage: Page;
  const card = () => adminPage.getByRole('article', { name: new RegExp(NAME_JA.replace(/[()（）]/g, '.')) });

  it('an administrator adds the body’s identity provider; it waits for the body’s security officer', async () => {
    // Kept open: the next test goes on on this page.
    adminPage = await web.openPage({ keep: true });
    const page = adminPage;
    await web.signIn(page, admin);
    await menu(page).getByRole('link', { name: 'シングルサインオン', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'シングルサインオン（SSO）' }).waitFor();
    await page.getByRole('button', { name: 'IDプロバイダーを追加' }).click();
    const form = page.locator('#sso-form');
    await form.getByLabel('機関').selectOption({ label: `${ministry.slug} 日本語` });
    await form.getByLabel('識別子').fill('meti-entra');
    await form.getByLabel('表示名（日本語）').fill(NAME_JA);
    await form.getByLabel('表示名（英語）').fill(NAME_EN);
    await form.getByLabel('発行者（Issuer）のURL').fill(idp.issuer);
    await form.getByLabel('クライアントID').fill('renraku');
    await form.getByLabel('クライアントシークレット').fill(CLIENT_SECRET);
    await form.getByLabel('スコープ').fill('openid email profile groups');
    await form.getByRole('button', { name: '追加', exact: true }).click();
    // A provider for a body that has people waits for the body's security officer.
    await page
      .getByRole('status')
      .getByText('対象機関のセキュリティ責任者の確認を待っています', { exact: false })
      .waitFor();
    expect(await page.getByRole('article').count()).toBe(0);
    await confirmAsOfficer();
    await page.reload();
    await expect.poll(() => card().getByText(`${web.base}/api/v1/sso/meti-entra/callback`).count()).toBe(1);
    await expectAccessible(page, 'the SSO screen');
  });

  it('the administrator maps the CSIRT group to security officers, once the body confirms', async () => {
    const page = adminPage;
    await card().getByLabel('グループ（クレームの値）').fill('meti-csirt');
    await card().getByLabel('ロール').selectOption({ label: 'セキュリティ責任者' });
    await card().getByLabel('初めてのログインで利用者を作成する').check();
    await card().getByRole('button', { name: '割り当てる' }).click();
    await page
      .getByRole('status')
      .getByText('対象機関のセキュリティ責任者の確認を待っています', { exact: false })
      .waitFor();
    await confirmAsOfficer();
    await page.reload();
    await card()
      .getByRole('row', { name: /meti-csirt/ })
      .waitFor();
    await web.onPhone(page, 'sso-admin');
    // Nothing of the secret comes back to the page.
    expect(await page.content()).not.toContain(CLIENT_SECRET);
    await page.context().close();
  });

  it('a person of the body logs in with the provider and comes back to the screen they started from', async () => {
    const page = await web.openPage();
    await page.goto(`${web.base}/report`);
    const button = page.getByRole('link', { name: `${NAME_JA}でログイン` });
    await button.waitFor();
    await expectAccessible(page, 'the log-in screen with an identity provider');
    await web.onPhone(page, 'login-sso');
    await button.click();
    await signInAtProvider(page, 'tanaka', true);
    await page.getByRole('button', { name: 'ログアウト' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/report');
    await page.getByText('田中 花子').first().waitFor();
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    await page.context().close();
  });

  it('a person the mappings do not know sees a page that says why, and finds the way back', async () => {
    const page = await web.openPage();
    await page.goto(web.base);
    await page.getByRole('link', { name: `${NAME_JA}でログイン` }).click();
    await signInAtProvider(page, 'sato');
    await page.getByRole('heading', { level: 1, name: /ログインできませんでした/ }).waitFor();
    expect(await page.locator('#problem-code').textContent()).toBe('sso.no_mapping');
    await expectAccessible(page, 'the refusal page');
    await web.onPhone(page, 'sso-refused');
    await page.getByRole('link', { name: /ログイン画面に戻る/ }).click();
    await page.getByRole('heading', { level: 1, name: 'ログイン' }).waitFor();
    await page.context().close();
  });

  it('offers the provider in English too', async () => {
    const page = await web.openPage({ lang: 'en' });
    await page.goto(web.base);
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('link', { name: `Log in with ${NAME_EN}` }).waitFor();
    await page.getByRole('heading', { level: 2, name: "Log in with your body's account" }).waitFor();
    await page.context().close();
  });

  it('a person with a local account links it to the provider, then logs in with it', async () => {
    const page = await web.openPage();
    await web.logIn(page, officer);
    await menu(page).getByRole('link', { name: 'APIトークン', exact: true }).click();
    await page.getByRole('heading', { level: 2, name: 'IDプロバイダーとの連携' }).waitFor();
    await expectAccessible(page, 'linking an identity provider');
    await page.getByRole('button', { name: `${NAME_JA}と連携する` }).click();
    await signInAtProvider(page, 'kato');
    await page.getByText(`${NAME_JA}と連携済み`, { exact: false }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/admin/tokens');
    await page.context().close();

    const fresh = await web.openPage();
    await fresh.goto(web.base);
    await fresh.getByRole('link', { name: `${NAME_JA}でログイン` }).click();
    await signInAtProvider(fresh, 'kato');
    // The provider did no second factor, and a security officer's role needs one: Renraku asks for its own.
    const code = fresh.getByLabel('認証アプリの6桁のコード');
    await code.fill(await web.t.totpCodeFor(officer));
    await fresh.getByRole('button', { name: '確認する' }).click();
    await fresh.getByRole('button', { name: 'ログアウト' }).waitFor();
    await fresh.getByText(officer.email, { exact: false }).first().waitFor();
    await fresh.context().close();
  });

  it('the body’s security officer turns passwords off; the password form then says to use the provider', async () => {
    const page = await web.openPage();
    await web.signIn(page, officer);
    await menu(page).getByRole('link', { name: 'シングルサインオン', exact: true }).click();
    await page.getByRole('heading', { level: 2, name: 'パスワードでのログイン' }).waitFor();
    await page.getByLabel(`${ministry.slug} 日本語の人のパスワードでのログインを無効にする`).check();
    await page
      .getByRole('group', { name: /非常用アカウント/ })
      .getByLabel(new RegExp(officer.email))
      .check();
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByRole('status').getByText('パスワードでのログインの設定を保存しました。').waitFor();
    await expectAccessible(page, 'the login policy');
    await page.context().close();

    const other = await web.openPage();
    await other.goto(web.base);
    await other.getByLabel('メールアドレス').fill(reporter.email);
    await other.getByLabel('パスワード').fill(PASSWORD);
    await other.getByRole('button', { name: 'ログイン', exact: true }).click();
    await other.getByText('所属機関ではパスワードでのログインが無効にされています。').waitFor();
    await other.context().close();
    expect(web.problems).toEqual([]);
  });
});
