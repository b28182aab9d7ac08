import type { CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_DIALECTS } from '../support/databases.js';
import type { TestApp, TestOrg, TestUser } from '../support/harness.js';
import { expectAccessible, PASSWORD, sharedBrowser, startWebApp, type WebApp } from './support.js';

// セキュリティ設定 and logging in with a second factor, as people use them: an authenticator app (its codes
// computed here as the app would), recovery codes, passkeys on Chromium's virtual authenticator, the enrolment
// a role that needs a second factor must make first. Served as http://localhost, a secure context whose name
// can be a WebAuthn relying party.

const browser = sharedBrowser();

describe.each(BROWSER_DIALECTS)('second factors in the browser on %s', (dialect) => {
  let web: WebApp;
  let t: TestApp;
  let center: TestOrg;
  let ministry: TestOrg;

  beforeAll(async () => {
    web = await startWebApp(browser(), dialect, { localhost: true });
    t = web.t;
    center = await t.org('center');
    ministry = await t.org('ministry');
  });
  afterAll(async () => {
    await web?.close();
  });

  const menu = (page: Page) => page.getByRole('navigation', { name: /メインメニュー|Main menu/ });
  const toSecurity = async (page: Page) => {
    await menu(page).getByRole('link', { name: 'セキュリティ設定' }).click();
    await page.getByRole('heading', { level: 1, name: 'セキュリティ設定' }).waitFor();
  };
  const passwordStep = async (page: Page, user: { email: string }) => {
    await page.goto(`${web.base}/`);
    await page.getByLabel('メールアドレス').fill(user.email);
    await page.getByLabel('パスワード').fill(PASSWORD);
    await page.getByRole('button', { name: 'ログイン', exact: true }).click();
  };
  const logOut = async (page: Page) => {
    await page.getByRole('button', { name: 'ログアウト' }).click();
    await page.getByRole('heading', { level: 1, name: 'ログイン' }).waitFor();
  };
  /** Chromium's virtual authenticator: a platform passkey that verifies its user, as Touch ID would. */
  const virtualAuthenticator = async (page: Page): Promise<CDPSession> => {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        automaticPresenceSimulation: true,
      },
    });
    return cdp;
  };

  it('a reporter sets up an authenticator app; log-in then asks its code, or a recovery code', async () => {
    const reporter = await t.user(ministry, 'reporter', PASSWORD);
    const page = await web.openPage();
    await web.logIn(page, reporter);
    await toSecurity(page);
    await page.getByText('未設定').waitFor();
    await expectAccessible(page, 'the security settings');
    await web.onPhone(page, 'security');

    await page.getByRole('button', { name: '認証アプリを設定する' }).click();
    await page.getByRole('img', { name: '認証アプリに読み込ませるQRコード' }).waitFor();
    await expectAccessible(page, 'the authenticator app set-up');
    await web.shot(page, 'security-totp-setup');
    // A wrong code is refused on the field, which takes the focus.
    await page.getByLabel('認証アプリに表示された6桁のコード').fill('000000');
    await page.getByRole('button', { name: '確認して有効にする' }).click();
    await page.getByText('コードが一致しません。').waitFor();
    await expect
      .poll(() =>
        page.getByLabel('認証アプリに表示された6桁のコード').evaluate((e) => e === document.activeElement),
      )
      .toBe(true);
    await page.getByRole('button', { name: '確認して有効にする' }).isEnabled();
    // The set-up starts again with a fresh secret, which the helper reads and answers.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'セキュリティ設定' }).waitFor();
    const { secret, recoveryCodes } = await web.enrolTotp(page);
    expect(recoveryCodes).toHaveLength(10);
    await expectAccessible(page, 'the recovery codes shown once');
    await web.shot(page, 'security-recovery-codes');
    await page.getByRole('button', { name: '保管しました' }).click();
    await page.getByText(/^設定済み/).waitFor();
    await page.getByText('未使用の回復コード: 10 個').waitFor();
    await page.getByRole('table', { name: 'ログイン中のセッション' }).getByText('このセッション').waitFor();

    const withCode = { ...reporter, totpSecret: secret } satisfies TestUser;
    await logOut(page);
    await passwordStep(page, reporter);
    await page.getByRole('heading', { level: 1, name: '二要素認証' }).waitFor();
    await expectAccessible(page, 'the second factor step');
    await web.onPhone(page, 'login-second-factor');
    await page.getByLabel('認証アプリの6桁のコード').fill('123456');
    await page.getByRole('button', { name: '確認する' }).click();
    await page.getByText('コードまたはパスキーを確認できませんでした。').waitFor();
    await page.getByLabel('認証アプリの6桁のコード').fill(await t.totpCodeFor(withCode));
    await page.getByRole('button', { name: '確認する' }).click();
    await page.getByRole('button', { name: 'ログアウト' }).waitFor();

    await logOut(page);
    await passwordStep(page, reporter);
    await page.getByRole('button', { name: '回復コードを使う' }).click();
    await page.getByLabel('回復コード').fill(recoveryCodes[0] as string);
    await page.getByRole('button', { name: '確認する' }).click();
    await page.getByRole('button', { name: 'ログアウト' }).waitFor();
    await toSecurity(page);
    await page.getByText('未使用の回復コード: 9 個').waitFor();
    expect(web.problems).toEqual([]);
  }, 180_000);

  it('an auditor without a second factor must set one up before anything else', async () => {
    const auditor = await t.user(center, 'auditor', PASSWORD, { enrol: false });
    const page = await web.openPage();
    await passwordStep(page, auditor);
    await page.getByRole('heading', { level: 1, name: '二要素認証の設定' }).waitFor();
    expect(await menu(page).count()).toBe(0);
    // A reload keeps the step: nothing else opens.
    await page.goto(`${web.base}/audit`);
    await page.getByRole('heading', { level: 1, name: '二要素認証の設定' }).waitFor();
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Set up a second factor' }).waitFor();
    await expectAccessible(page, 'the enrolment in English');
    await page.getByRole('button', { name: '日本語' }).click();
    await web.enrolTotp(page);
    await page.getByRole('button', { name: '保管しました' }).click();
    await page.getByRole('heading', { level: 1, name: '監査ログ' }).waitFor();
    expect(web.problems).toEqual([]);
  }, 180_000);

  it('a passkey registered on the security screen answers the second step, and logs in alone', async () => {
    const officer = await t.user(ministry, 'security-officer', PASSWORD);
    const page = await web.openPage();
    await virtualAuthenticator(page);
    await web.logIn(page, officer);
    await toSecurity(page);
    await page.getByLabel('名前').fill('業務用PC');
    await page.getByRole('button', { name: 'パスキーを登録する' }).click();
    await page.getByRole('status').getByText('パスキー「業務用PC」を登録しました。').waitFor();
    await page.getByText('業務用PC').first().waitFor();
    await expectAccessible(page, 'the security settings with a passkey');
    await web.shot(page, 'security-passkey');

    await logOut(page);
    await passwordStep(page, officer);
    await page.getByRole('button', { name: 'パスキーまたはセキュリティキーを使う' }).click();
    await page.getByRole('button', { name: 'ログアウト' }).waitFor();

    await logOut(page);
    await page.getByRole('button', { name: 'パスキーでログイン' }).click();
    await page.getByRole('button', { name: 'ログアウト' }).waitFor();
    const sessions = await t.handle.db
      .selectFrom('sessions')
      .select(['first_factor', 'second_factor'])
      .where('user_id', '=', officer.id)
      .execute();
    expect(sessions).toContainEqual({ first_factor: 'passkey', second_factor: 'passkey' });

    // Removed (the authenticator app remains, so it is not the last factor).
    await toSecurity(page);
    await page.getByRole('button', { name: '削除', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: '削除' });
    await dialog.getByRole('button', { name: '削除' }).click();
    await page.getByRole('status').getByText('パスキー「業務用PC」を削除しました。').waitFor();
    await page.getByText('パスキーは登録されていません。').waitFor();
    expect(web.problems).toEqual([]);
  }, 180_000);

  it('changes the password, with the feedback of a weak one said on the field', async () => {
    const reporter = await t.user(ministry, 'reporter', PASSWORD);
    const page = await web.openPage();
    await web.logIn(page, reporter);
    await toSecurity(page);
    await page.getByLabel('現在のパスワード').fill(PASSWORD);
    await page.getByLabel('新しいパスワード', { exact: true }).fill('password1234');
    await page.getByLabel('新しいパスワード（確認）').fill('password1234');
    await page.getByRole('button', { name: 'パスワードを変更' }).click();
    await page.getByText(/推測されやすいため使えません/).waitFor();
    expect(await page.getByLabel('新しいパスワード', { exact: true }).getAttribute('aria-invalid')).toBe(
      'true',
    );
    await expectAccessible(page, 'the password change refused');
    const next = 'kotatsu mikan and a quiet winter 2026';
    await page.getByLabel('新しいパスワード', { exact: true }).fill(next);
    await page.getByLabel('新しいパスワード（確認）').fill(next);
    await page.getByRole('button', { name: 'パスワードを変更' }).click();
    await page
      .getByRole('status')
      .getByText(/パスワードを変更しました/)
      .waitFor();
    const login = await fetch(`${web.base}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: reporter.email, password: next }),
    });
    expect(login.status).toBe(200);
    expect(web.problems).toEqual([]);
  }, 120_000);
});
