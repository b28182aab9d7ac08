import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

// Consent-gated sharing as the center, a reporting ministry and the receiving bodies use it: a real server on
// loopback, the built app, Debian's Chromium. An analyst composes a redacted share from a ministry's incident,
// the ministry's security officer approves it on a stricter TLP after reading exactly what recipients will read,
// a recipient sees it arrive live and acknowledges it while the center watches, then the source withdraws it.

const browser = sharedBrowser();
const VICTIM = '山田太郎';

describe.each(BROWSER_DIALECTS)('sharing on %s', (dialect) => {
  let web: WebApp;
  let t: TestApp;
  let source: TestOrg;
  let receiver: TestOrg;
  let bystander: TestOrg;
  let analyst: TestUser;
  let officer: TestUser;
  let reporter: TestUser;
  let recipient: TestUser;
  let outsider: TestUser;
  let quietOfficer: TestUser;

  beforeAll(async () => {
    web = await startWebApp(browser(), dialect);
    t = web.t;
    const center = await t.org('center');
    source = await t.org('ministry');
    receiver = await t.org('ministry');
    bystander = await t.org('ministry');
    analyst = await t.user(center, 'center-analyst', PASSWORD);
    officer = await t.user(source, 'security-officer', PASSWORD);
    reporter = await t.user(source, 'reporter', PASSWORD);
    recipient = await t.user(receiver, 'reporter', PASSWORD);
    outsider = await t.user(bystander, 'reporter', PASSWORD);
    quietOfficer = await t.user(bystander, 'security-officer', PASSWORD);
  }, 60_000);

  afterAll(async () => {
    await web?.close();
  });

  const nameJa = (org: TestOrg) => `${org.slug} 日本語`;
  const menu = (page: Page) => page.getByRole('navigation', { name: /メインメニュー|Main menu/ });
  const main = (page: Page) => page.getByRole('main');
  const go = async (page: Page, link: string, heading: string) => {
    await menu(page).getByRole('link', { name: link, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  };
  const inEnglish = async (page: Page, name: string, heading: string) => {
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
    await expectAccessible(page, `${name} in English`);
    await web.shot(page, `${name}-en`);
    await page.getByRole('button', { name: '日本語' }).click();
  };
  const contentText = (page: Page, within: string) =>
    page
      .locator(`${within} .share-content`)
      .first()
      .evaluate((e) => e.textContent ?? '');
  const fileIncident = (title: string) =>
    t.fileIncident(reporter, {
      title,
      summary: `${nameJa(source)}の職員${VICTIM}の端末が、内部サーバー 10.20.30.40 から不審な通信を行った。連絡先 yamada@example.go.jp。`,
    });

  it('an analyst composes a redacted share from an incident, the source approves it stricter, a recipient acknowledges it live, the source withdraws it', async () => {
    const incident = await fileIncident('不審な通信を検知');

    // The analyst starts from the incident: title and summary come with it, the incident is the source.
    const center = await web.openPage();
    await web.signIn(center, analyst, { path: `/incidents/${incident.id}` });
    await center.getByRole('heading', { level: 1, name: '不審な通信を検知' }).waitFor();
    await main(center).getByRole('link', { name: '共有を作成' }).click();
    await center.getByRole('heading', { level: 1, name: '共有を作成' }).waitFor();
    await expect
      .poll(() => center.getByRole('textbox', { name: /^件名/ }).inputValue())
      .toBe('不審な通信を検知');
    await center
      .getByRole('region', { name: '元の事案' })
      .getByText('不審な通信を検知', { exact: true })
      .waitFor();

    await center.getByRole('radio', { name: '注意喚起' }).check();
    await center.getByRole('button', { name: '指標を追加' }).click();
    const indicator = center.getByRole('group', { name: '指標 1' });
    await indicator.getByLabel('種類').selectOption({ label: 'IPv4アドレス' });
    await indicator.getByLabel('値').fill('203.0.113.10');
    await indicator.getByLabel('説明').fill('C2サーバー');
    // A CVE id is a structured indicator too (issue 14), written in its stored form in the preview.
    await center.getByRole('button', { name: '指標を追加' }).click();
    const cve = center.getByRole('group', { name: '指標 2' });
    await cve.getByLabel('種類').selectOption({ label: '脆弱性（CVE番号）' });
    await cve.getByLabel('値').fill('cve-2026-1234');
    await center.getByRole('button', { name: '対策を追加' }).click();
    await center.getByLabel('対策 1').fill('203.0.113.10 との通信を遮断する。');

    // TLP:RED brings named recipients; leaving it gives the chosen bodies back.
    await center.getByRole('radio', { name: /^TLP:RED/ }).check();
    await expect
      .poll(() => center.getByRole('radio', { name: '指名した受領者（TLP:RED）' }).isChecked())
      .toBe(true);
    await center.getByText('共有先を「指名した受領者」に切り替えました', { exact: false }).waitFor();
    await center.getByRole('radio', { name: /^TLP:AMBER 受領組織とその所管先内に限る/ }).check();
    await center.getByRole('radio', { name: '指定した組織' }).check();
    await center.getByRole('checkbox', { name: nameJa(receiver), exact: true }).check();

    // The preview is the stored text: the victim's name blacked out, the source named neutrally.
    await center.getByLabel('黒塗りにする語句').fill(VICTIM);
    const preview = center.getByRole('region', { name: 'プレビュー（受領者に表示される内容）' });
    await preview.getByText('ある府省庁の職員■■■の端末が', { exact: false }).waitFor();
    await preview.getByText('CVE-2026-1234', { exact: true }).waitFor();
    const previewed = await contentText(center, '.preview');
    expect(previewed).not.toContain(VICTIM);
    expect(previewed).not.toContain(nameJa(source));
    expect(previewed).not.toContain('10.20.30.40');
    expect(previewed).not.toContain('yamada@example.go.jp');
    await preview.getByText('報告元の匿名化 1件').waitFor();
    await preview.getByText('指定語句の黒塗り 1件').waitFor();
    await web.shot(center, 'share-composer');
    await expectAccessible(center, 'the composer');
    await web.onPhone(center, 'share-composer');
    await inEnglish(center, 'share-composer', 'New share');

    await center.getByRole('button', { name: '同意を依頼する' }).click();
    await center.getByText('報告元に同意を依頼しました。').waitFor();
    await center.getByText('同意待ち', { exact: true }).first().waitFor();
    const shareId = decodeURIComponent(new URL(center.url()).pathname.split('/').at(-1) ?? '');
    await web.shot(center, 'share-manage-awaiting');
    await expectAccessible(center, 'the share awaiting consent');

    // The receiving body's user waits on its inbox: nothing yet.
    const receiving = await web.openPage();
    await web.signIn(receiving, recipient);
    await go(receiving, '共有', '共有');
    await receiving.getByText('受け取った共有はまだありません。').waitFor();
    await expectAccessible(receiving, 'the empty inbox');
    await markNoReload(receiving);

    // The source's security officer reads exactly what recipients would get, and tightens the TLP.
    const sourcePage = await web.openPage();
    await web.signIn(sourcePage, officer);
    await go(sourcePage, '同意依頼', '同意依頼');
    const pending = sourcePage.getByRole('region', { name: '回答待ち（1）' });
    await pending.getByRole('timer').waitFor();
    await web.shot(sourcePage, 'consent-inbox');
    await expectAccessible(sourcePage, 'the consent inbox');
    await pending.getByRole('link', { name: '不審な通信を検知' }).click();
    await sourcePage.getByRole('heading', { level: 1, name: '同意依頼の内容' }).waitFor();
    const asked = await contentText(sourcePage, '.consent-preview');
    expect(asked).toBe(previewed);
    await sourcePage.getByRole('region', { name: '共有先' }).getByText(nameJa(receiver)).waitFor();
    await web.shot(sourcePage, 'consent-detail');
    await expectAccessible(sourcePage, 'the consent request');
    await web.onPhone(sourcePage, 'consent-detail');
    await inEnglish(sourcePage, 'consent-detail', 'Consent request');

    await sourcePage.getByRole('button', { name: '条件を厳しくして同意' }).click();
    const stricter = sourcePage.getByRole('group', { name: /TLP（依頼と同じか、より厳しいもの）/ });
    // Only as strict or stricter: no TLP:CLEAR or TLP:GREEN, and no TLP:RED (it names people).
    expect(await stricter.getByRole('radio').count()).toBe(2);
    await stricter.getByRole('radio', { name: /^TLP:AMBER\+STRICT/ }).check();
    await expectAccessible(sourcePage, 'the stricter terms');
    await web.shot(sourcePage, 'consent-stricter');
    await sourcePage.getByRole('button', { name: 'この条件で同意する' }).click();
    await sourcePage.getByText('同意しました。').waitFor();
    await sourcePage.getByRole('region', { name: '回答' }).getByText('同意', { exact: true }).waitFor();

    // It arrives in the recipient's inbox without a reload.
    const item = receiving.locator('.share-item').filter({ hasText: '不審な通信を検知' });
    await item.waitFor({ timeout: LIVE_WITHIN_MS });
    expect(await stillSamePage(receiving)).toBe(true);
    await item.getByText('未読', { exact: true }).first().waitFor();
    await item.getByText('TLP:AMBER+STRICT').waitFor();
    await web.shot(receiving, 'shares-inbox');
    await expectAccessible(receiving, 'the inbox with a share');
    await web.onPhone(receiving, 'shares-inbox');
    await inEnglish(receiving, 'shares-inbox', 'Shares');

    // The center watches the acknowledgments on the share's page.
    await center.goto(`${web.base}/shares/${shareId}`);
    const board = center.getByRole('region', { name: '確認状況（受領組織ごと）' });
    await board.getByText('既読 0 / 1').waitFor();
    await markNoReload(center);

    // The recipient reads exactly what the source approved, under the stricter TLP, and acknowledges it.
    await item.getByRole('link', { name: '不審な通信を検知' }).click();
    await receiving.getByRole('heading', { level: 1, name: '不審な通信を検知' }).waitFor();
    expect(await contentText(receiving, '.share-page')).toBe(asked);
    await receiving.getByText('受領組織内に限る').waitFor();
    await web.shot(receiving, 'share-recipient');
    await expectAccessible(receiving, 'the share for a recipient');
    await web.onPhone(receiving, 'share-recipient');
    await inEnglish(receiving, 'share-recipient', '不審な通信を検知');
    await receiving.getByRole('button', { name: '既読にする' }).click();
    await receiving.getByText('既読にしました。').waitFor();
    await board.getByText('既読 1 / 1').waitFor({ timeout: LIVE_WITHIN_MS });
    await receiving.getByRole('button', { name: '対策済みにする' }).click();
    await receiving.getByText('対策済みにしました。').waitFor();
    await board.getByText('対策済み 1 / 1').waitFor({ timeout: LIVE_WITHIN_MS });
    await board.getByText(recipient.email, { exact: false }).first().waitFor();
    expect(await stillSamePage(center)).toBe(true);
    await web.shot(center, 'share-acknowledgments');
    await expectAccessible(center, 'the acknowledgment dashboard');
    await web.onPhone(center, 'share-acknowledgments');

    // A body that is not a recipient never sees it: not in its inbox, and its address is not found.
    const other = await web.openPage();
    await web.signIn(other, outsider);
    await go(other, '共有', '共有');
    await other.getByText('受け取った共有はまだありません。').waitFor();
    await other.goto(`${web.base}/shares/${shareId}`);
    await other.getByText('このページは見つかりません。').waitFor();
    await expectAccessible(other, 'a share that is not ours');

    // The source withdraws it; the recipient's open page turns into the retraction notice, live.
    await markNoReload(receiving);
    await sourcePage.getByRole('link', { name: '共有を表示' }).click();
    await sourcePage.getByRole('heading', { level: 1, name: '不審な通信を検知' }).waitFor();
    await sourcePage.getByRole('button', { name: '撤回' }).click();
    const dialog = sourcePage.getByRole('dialog', { name: '共有を撤回' });
    await dialog.getByLabel('撤回の理由（任意）').fill('被害者が特定されるおそれがあるため。');
    await expectAccessible(sourcePage, 'the withdraw dialog');
    await web.shot(sourcePage, 'share-withdraw-dialog');
    await dialog.getByRole('button', { name: '撤回する' }).click();
    await sourcePage.getByText('共有を撤回しました。').waitFor();

    await receiving
      .getByRole('heading', { level: 1, name: '撤回された注意喚起' })
      .waitFor({ timeout: LIVE_WITHIN_MS });
    expect(await stillSamePage(receiving)).toBe(true);
    expect(await receiving.locator('.share-content').count()).toBe(0);
    await web.shot(receiving, 'share-retracted');
    await expectAccessible(receiving, 'the retraction notice');
    await web.onPhone(receiving, 'share-retracted');
    await go(receiving, '共有', '共有');
    await receiving.getByText('この共有は撤回されました（内容は表示されません）').waitFor();
    await expectAccessible(receiving, 'the inbox with a retraction notice');
    expect(await receiving.getByText('不審な通信を検知').count()).toBe(0);

    // The center's managed tab lists it as withdrawn.
    await go(center, '共有', '共有');
    await center.getByRole('button', { name: '管理' }).click();
    await center
      .locator('.share-item')
      .filter({ hasText: '不審な通信を検知' })
      .getByText('撤回済み')
      .waitFor();
    await expectAccessible(center, 'the managed shares');
    expect(web.problems).toEqual([]);
  }, 240_000);

  it('a security officer blacks out text, then rejects with a reason; standing consents are added and revoked', async () => {
    const incident = await fileIncident('標的型メールの受信');
    const created = await t.request(analyst, {
      method: 'POST',
      url: '/api/v1/shares',
      payload: {
        sourceIncidentIds: [incident.id],
        content: { title: '標的型メールの受信', body: '添付ファイルを開いた端末でマルウェアを検知した。' },
        audience: { kind: 'ministries' },
        tlp: 'TLP:GREEN',
      },
    });
    expect(created.statusCode, created.body).toBe(201);

    // An officer with nothing to answer sees the empty inbox.
    const quiet = await web.openPage();
    await web.signIn(quiet, quietOfficer);
    await go(quiet, '同意依頼', '同意依頼');
    await quiet.getByText('回答待ちの同意依頼はありません。').waitFor();
    await quiet.getByText('包括同意はありません。').waitFor();
    await expectAccessible(quiet, 'the empty consent inbox');
    await web.shot(quiet, 'consent-inbox-empty');
    await web.onPhone(quiet, 'consent-inbox-empty');
    await inEnglish(quiet, 'consent-inbox-empty', 'Consent requests');

    const page = await web.openPage();
    await web.signIn(page, officer);
    await go(page, '同意依頼', '同意依頼');
    await page
      .getByRole('region', { name: /回答待ち/ })
      .getByRole('link', { name: '標的型メールの受信' })
      .click();
    await page.getByRole('heading', { level: 1, name: '同意依頼の内容' }).waitFor();

    // Blacking out a selection shows in the revised preview; undo gives the text back.
    await page.getByRole('button', { name: '条件を厳しくして同意' }).click();
    const body = page.getByLabel('本文', { exact: true });
    await body.evaluate((e: HTMLTextAreaElement) => e.setSelectionRange(0, 4));
    await page.getByRole('button', { name: '選択部分を黒塗り（本文）' }).click();
    await expect.poll(() => body.inputValue()).toBe('■■■イルを開いた端末でマルウェアを検知した。');
    await page
      .locator('.stricter-panel .share-content')
      .getByText('■■■イルを開いた', { exact: false })
      .waitFor();
    await expectAccessible(page, 'the stricter terms with a black-out');
    await page.getByRole('button', { name: '元に戻す（本文）' }).click();
    await expect.poll(() => body.inputValue()).toBe('添付ファイルを開いた端末でマルウェアを検知した。');

    // Rejecting needs a reason.
    await page.getByRole('button', { name: '同意しない', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: '同意しない' });
    await dialog.getByRole('button', { name: '同意しないと回答する' }).click();
    await dialog.getByText('同意しない理由を入力してください。').waitFor();
    await expectAccessible(page, 'the reject dialog with an error');
    await web.shot(page, 'consent-reject-dialog');
    await dialog.getByLabel(/理由/).fill('調査中のため、現時点では共有できない。');
    await dialog.getByRole('button', { name: '同意しないと回答する' }).click();
    await page.getByText('同意しないと回答しました。').waitFor();
    await page.getByText('理由：調査中のため、現時点では共有できない。').waitFor();

    // The center sees the refusal and its reason on the share.
    const shareId = (created.json() as { id: string }).id;
    const center = await web.openPage();
    await web.signIn(center, analyst, { path: `/shares/${shareId}` });
    await center.getByRole('heading', { level: 1, name: '標的型メールの受信' }).waitFor();
    const consents = center.getByRole('region', { name: '同意の状況' });
    await consents.getByText('調査中のため、現時点では共有できない。').waitFor();
    await consents.getByText('不同意').waitFor();
    await expectAccessible(center, 'a rejected share');

    // The analyst changes it and asks again: a new consent round.
    await main(center).getByRole('link', { name: '編集' }).click();
    await center.getByRole('heading', { level: 1, name: '共有を編集' }).waitFor();
    const edited = center.getByRole('textbox', { name: /^本文/ });
    await expect.poll(() => edited.inputValue()).toBe('添付ファイルを開いた端末でマルウェアを検知した。');
    await edited.fill('添付ファイルを開いた端末でマルウェアを検知した。送信元の情報は調査中。');
    await center.getByRole('radio', { name: /^TLP:AMBER\+STRICT/ }).check();
    await expectAccessible(center, 'the composer editing a share');
    await center.getByRole('button', { name: '保存して同意を依頼する' }).click();
    await center.getByText('報告元に同意を依頼しました。').waitFor();
    await consents.getByText('回答待ち').waitFor();
    await center.getByText('TLP:AMBER+STRICT').first().waitFor();
    await go(page, '同意依頼', '同意依頼');
    await page
      .getByRole('region', { name: '回答待ち（1）' })
      .getByRole('link', { name: '標的型メールの受信' })
      .waitFor();

    // A standing consent: added, listed, revoked after a confirmation.
    await go(page, '同意依頼', '同意依頼');
    await page.getByRole('button', { name: '包括同意を追加' }).click();
    await page.getByRole('radio', { name: /^TLP:GREEN/ }).check();
    await page.getByRole('radio', { name: 'すべての府省庁まで' }).check();
    await expectAccessible(page, 'the standing consent form');
    await page.getByRole('button', { name: '追加', exact: true }).click();
    await page.getByText('包括同意を追加しました。').waitFor();
    const standing = page.getByRole('region', { name: '包括同意' });
    await standing.getByText('指標（IoC）のみ', { exact: false }).waitFor();
    await web.shot(page, 'consent-standing');
    await standing.getByRole('button', { name: '取り消す' }).click();
    const confirm = page.getByRole('dialog', { name: '包括同意を取り消す' });
    await expectAccessible(page, 'the revoke dialog');
    await confirm.getByRole('button', { name: '取り消す' }).click();
    await page.getByText('包括同意を取り消しました。').waitFor();
    await standing.getByText('取消日時', { exact: false }).waitFor();
    expect(web.problems).toEqual([]);
  }, 180_000);
});
