import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, onBrowserDialects } from '../support/databases.js';
import type { TestApp, TestOrg } from '../support/harness.js';
import { DESKTOP, expectAccessible, PASSWORD, sharedBrowser, startWebApp, type WebApp } from './support.js';

// Attachments on the incident page: the reporting body attaches a file, every reader downloads it as a file
// to save (never shown in the page), and refusals are said where the focus goes.

const browser = sharedBrowser();

describe.each(DIALECTS)('attachments in the web app on %s', (dialect) => {
  // What the database changes is shown by the cases run with `it`; the others run where browser tests run.
  const itOnBrowserDialects = onBrowserDialects(dialect);
  let web: WebApp;
  let t: TestApp;
  let ministry: TestOrg;
  let agency: TestOrg;

  beforeAll(async () => {
    web = await startWebApp(browser(), dialect);
    t = web.t;
    await t.org('center');
    ministry = await t.org('ministry');
    agency = await t.org('agency', { parent: ministry });
  });
  afterAll(async () => web?.close());

  const focusedText = (page: Page) => page.evaluate(() => document.activeElement?.textContent ?? '');

  it('the reporting body attaches a file; its ministry downloads it as a file to save', async () => {
    const reporter = await t.user(agency, 'reporter', PASSWORD);
    const officer = await t.user(ministry, 'security-officer', PASSWORD);
    const incident = await t.fileIncident(reporter, { title: `ランサムウェア感染（${dialect}）` });
    const page = await web.openPage(DESKTOP);
    await web.signIn(page, reporter, { path: `/incidents/${incident.id}` });
    await page.getByRole('heading', { level: 2, name: '添付ファイル' }).waitFor();
    await page.getByText('添付ファイルはありません。').waitFor();

    // Nothing chosen: said, and focused.
    await page.getByRole('button', { name: '添付する', exact: true }).click();
    await page.getByText('ファイルを選んでください。').waitFor();
    expect(await focusedText(page)).toBe('ファイルを選んでください。');

    // An empty file is refused by the server, in words, focused.
    await page
      .getByLabel('添付するファイル')
      .setInputFiles({ name: 'empty.txt', mimeType: 'text/plain', buffer: Buffer.alloc(0) });
    await page.getByRole('button', { name: '添付する', exact: true }).click();
    await page.getByText('ファイルが空です。').waitFor();
    expect(await focusedText(page)).toBe('ファイルが空です。');

    const note = Buffer.from('<html><script>alert(1)</script>あなたのファイルは暗号化されました</html>');
    await page
      .getByLabel('添付するファイル')
      .setInputFiles({ name: '脅迫文.html', mimeType: 'text/html', buffer: note });
    await page.getByRole('button', { name: '添付する', exact: true }).click();
    await page.getByText('「脅迫文.html」を添付しました。').waitFor();
    expect(await focusedText(page)).toBe('「脅迫文.html」を添付しました。');
    await page.getByRole('link', { name: '脅迫文.html' }).waitFor();
    await expectAccessible(page, 'the incident page with an attachment');
    await web.shot(page, 'incident-attachments');
    await web.onPhone(page, 'incident-attachments');

    // The ministry reads the incident: it downloads the file, as it was, under its name, and the page is not
    // replaced by it.
    const ministryPage = await web.openPage(DESKTOP);
    await web.signIn(ministryPage, officer, { path: `/incidents/${incident.id}` });
    const link = ministryPage.getByRole('link', { name: '脅迫文.html' });
    await link.waitFor();
    expect(await ministryPage.getByRole('button', { name: '添付する', exact: true }).count()).toBe(0);
    const [download] = await Promise.all([ministryPage.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toBe('脅迫文.html');
    expect((await readFile(await download.path())).equals(note)).toBe(true);
    expect(new URL(ministryPage.url()).pathname).toBe(`/incidents/${incident.id}`);
    expect(web.problems).toEqual([]);
  }, 90_000);

  itOnBrowserDialects(
    'the consent request shows the files a share would carry; the recipient downloads them after approval',
    async () => {
      const center = await t.org('center');
      const analyst = await t.user(center, 'center-analyst', PASSWORD);
      const officer = await t.user(ministry, 'security-officer', PASSWORD);
      const ministryReporter = await t.user(ministry, 'reporter');
      const other = await t.org('ministry');
      const recipient = await t.user(other, 'reporter', PASSWORD);
      const incident = await t.fileIncident(ministryReporter, { title: '標的型メール' });
      const upload = (name: string) =>
        t.request(ministryReporter, {
          method: 'POST',
          url: `/api/v1/incidents/${incident.id}/attachments?name=${encodeURIComponent(name)}`,
          payload: `bytes of ${name}`,
          headers: { 'content-type': 'application/octet-stream' },
        });
      const shown = (await upload('メールヘッダ.txt')).json() as { id: string };
      await upload('内部資料.pdf');

      // Composing from the incident, the center sees the source's files, none chosen until ticked.
      const composer = await web.openPage(DESKTOP);
      await web.signIn(composer, analyst, { path: `/shares/new?from=${incident.id}` });
      const choice = composer.getByRole('group', { name: '共有する添付ファイル' });
      await choice.getByRole('checkbox', { name: /メールヘッダ\.txt/ }).waitFor();
      expect(await choice.getByRole('checkbox', { checked: true }).count()).toBe(0);
      await choice.getByRole('checkbox', { name: /内部資料\.pdf/ }).check();
      expect(await choice.getByRole('checkbox', { checked: true }).count()).toBe(1);
      await expectAccessible(composer, 'the composer with attachments to choose');
      await web.shot(composer, 'composer-attachments');
      const drafted = await t.request(analyst, {
        method: 'POST',
        url: '/api/v1/shares',
        payload: {
          sourceIncidentIds: [incident.id],
          content: { title: '標的型メールの観測', body: '添付のヘッダのメールに注意してください。' },
          audience: { kind: 'orgs', orgs: [other.slug] },
          tlp: 'TLP:AMBER',
          attachmentIds: [shown.id],
        },
      });
      expect(drafted.statusCode, drafted.body).toBe(201);
      const share = drafted.json() as { id: string; consents: { id: string }[] };

      const page = await web.openPage(DESKTOP);
      await web.signIn(page, officer, { path: `/consents/${share.consents[0]?.id}` });
      const files = page.getByRole('region', { name: '添付ファイル' });
      await files.getByRole('link', { name: 'メールヘッダ.txt' }).waitFor();
      expect(await page.getByRole('link', { name: '内部資料.pdf' }).count()).toBe(0);
      await expectAccessible(page, 'the consent request with an attachment');
      await web.shot(page, 'consent-attachments');
      await web.onPhone(page, 'consent-attachments');

      const decided = await t.request(officer, {
        method: 'POST',
        url: `/api/v1/consent-requests/${share.consents[0]?.id}/decision`,
        payload: { decision: 'approve' },
      });
      expect(decided.statusCode, decided.body).toBe(200);
      const inbox = await web.openPage(DESKTOP);
      await web.signIn(inbox, recipient, { path: `/shares/${share.id}` });
      const link = inbox.getByRole('link', { name: 'メールヘッダ.txt' });
      await link.waitFor();
      const [download] = await Promise.all([inbox.waitForEvent('download'), link.click()]);
      expect(download.suggestedFilename()).toBe('メールヘッダ.txt');
      expect(await readFile(await download.path(), 'utf8')).toBe('bytes of メールヘッダ.txt');
      await expectAccessible(inbox, 'the share with an attachment');
      expect(web.problems).toEqual([]);
    },
    120_000,
  );

  itOnBrowserDialects(
    'is complete and accessible in English',
    async () => {
      const reporter = await t.user(agency, 'reporter', PASSWORD);
      const incident = await t.fileIncident(reporter);
      const page = await web.openPage({ ...DESKTOP, lang: 'en' });
      await web.signIn(page, reporter, { path: `/incidents/${incident.id}` });
      await page.getByRole('button', { name: 'English' }).click();
      await page.getByRole('heading', { level: 2, name: 'Attachments' }).waitFor();
      await page.getByLabel('File to attach').setInputFiles({
        name: 'firewall.log',
        mimeType: 'text/plain',
        buffer: Buffer.from('DENY 203.0.113.7'),
      });
      await page.getByRole('button', { name: 'Attach', exact: true }).click();
      await page.getByText('“firewall.log” was attached.').waitFor();
      await page.getByText(/report 1 · /).waitFor();
      await expectAccessible(page, 'the incident page with an attachment in English');
      await web.shot(page, 'incident-attachments-en');
    },
    90_000,
  );

  itOnBrowserDialects(
    'a file attached by mistake is withdrawn with a reason: struck through for every reader, live, focus kept',
    async () => {
      const reporter = await t.user(agency, 'reporter', PASSWORD);
      const officer = await t.user(ministry, 'security-officer', PASSWORD);
      const incident = await t.fileIncident(reporter, { title: `誤添付（${dialect}）` });
      const upload = await t.request(reporter, {
        method: 'POST',
        url: `/api/v1/incidents/${incident.id}/attachments?name=${encodeURIComponent('顧客一覧.csv')}`,
        payload: Buffer.from('氏名,住所'),
        headers: { 'content-type': 'text/csv' },
      });
      expect(upload.statusCode).toBe(201);

      // The ministry has the incident open: it learns of the withdrawal without reloading, and has no button.
      const ministryPage = await web.openPage(DESKTOP);
      await web.signIn(ministryPage, officer, { path: `/incidents/${incident.id}` });
      await ministryPage.getByRole('link', { name: '顧客一覧.csv' }).waitFor();
      expect(await ministryPage.getByRole('button', { name: /取り下げる/ }).count()).toBe(0);

      const page = await web.openPage(DESKTOP);
      await web.signIn(page, reporter, { path: `/incidents/${incident.id}` });
      const opener = page.getByRole('button', { name: '「顧客一覧.csv」を取り下げる' });
      await opener.click();
      const dialog = page.getByRole('dialog', { name: '添付ファイルを取り下げる' });
      // Closing without withdrawing gives the focus back to the button.
      await dialog.getByRole('button', { name: 'キャンセル' }).click();
      await expect.poll(() => opener.evaluate((e) => e === document.activeElement)).toBe(true);

      await opener.click();
      // No reason: said at the field, which has the focus.
      await dialog.getByRole('button', { name: '取り下げる', exact: true }).click();
      await dialog.getByText('理由を入力してください。').waitFor();
      const reason = dialog.getByLabel(/取り下げる理由/);
      expect(await reason.evaluate((e) => e === document.activeElement)).toBe(true);
      expect(await reason.getAttribute('aria-invalid')).toBe('true');
      await expectAccessible(page, 'the withdrawal dialog with its error');
      await web.shot(page, 'attachment-withdraw-dialog');
      await reason.fill('住民の個人情報を含むため');
      await dialog.getByRole('button', { name: '取り下げる', exact: true }).click();

      // Done: said where the focus goes; the name stays, struck through, with when and why, and no link.
      await page.getByText('「顧客一覧.csv」を取り下げました。').waitFor();
      expect(await focusedText(page)).toBe('「顧客一覧.csv」を取り下げました。');
      await page.getByText(/取り下げ済み（.*）：住民の個人情報を含むため/).waitFor();
      expect(await page.getByRole('link', { name: '顧客一覧.csv' }).count()).toBe(0);
      await expectAccessible(page, 'the incident page with a withdrawn attachment');
      await web.shot(page, 'attachment-withdrawn');

      await ministryPage.getByText(/取り下げ済み（.*）：住民の個人情報を含むため/).waitFor();
      expect(await ministryPage.getByRole('link', { name: '顧客一覧.csv' }).count()).toBe(0);
      // The live panel names the event, the incident by number and title and the body by name: no id, no slug.
      const feed = ministryPage.getByRole('complementary');
      const item = feed.getByRole('listitem').filter({ hasText: '添付ファイルの取り下げ' });
      await item.getByRole('link', { name: `${incident.number} 誤添付（${dialect}）` }).waitFor();
      await expect.poll(() => item.textContent()).toContain(`${agency.slug} 日本語`);
      const feedText = (await feed.textContent()) ?? '';
      expect(feedText).not.toContain(incident.id);
      expect(feedText).not.toMatch(new RegExp(`${agency.slug}(?! 日本語)`));
      expect(web.problems).toEqual([]);
    },
    90_000,
  );
});
