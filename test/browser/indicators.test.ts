import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_DIALECTS } from '../support/databases.js';
import type { TestApp, TestUser } from '../support/harness.js';
import { expectAccessible, PASSWORD, sharedBrowser, startWebApp, type WebApp } from './support.js';

// Indicators on the quick report form and the incident page (issue 14): paste, confirm, correct what the
// server refuses, and read them back in the form people read.

const browser = sharedBrowser();

describe.each(BROWSER_DIALECTS)('indicators in the web app on %s', (dialect) => {
  let web: WebApp;
  let t: TestApp;
  let reporter: TestUser;
  beforeAll(async () => {
    web = await startWebApp(browser(), dialect);
    t = web.t;
    await t.org('center');
    const ministry = await t.org('ministry');
    reporter = await t.user(await t.org('agency', { parent: ministry }), 'reporter', PASSWORD);
  });
  afterAll(async () => web?.close());

  it('extracts indicators from pasted text, names the refused row, and lists them on the incident', async () => {
    const page = await web.openPage();
    await web.signIn(page, reporter, { path: '/report' });
    await page.getByLabel('件名').fill('不審なメールの受信');
    await page.getByLabel('概要').fill('職員が不審なメールを受信し、添付ファイルを開いた。');
    await page.locator('summary').filter({ hasText: '指標（IoC）' }).click();

    await page
      .getByLabel('文章から抽出')
      .fill(
        '送信元 attacker[@]evil[.]example、通信先 hxxps://例え.jp/パス と １９８．５１．１００．７。誤り 300.1.1.1',
      );
    await page.getByRole('button', { name: '抽出する' }).click();
    await page.getByRole('status').filter({ hasText: '3件の指標が見つかりました' }).waitFor();
    await expect.poll(() => page.getByText('指標として認識できなかったもの').isVisible()).toBe(true);
    await expectAccessible(page, 'the report form with extracted indicators');
    await web.onPhone(page, 'report-indicators-extracted');
    // The reporter leaves out the address, and adds the other two.
    await page.getByRole('checkbox', { name: /198\.51\.100\.7/ }).uncheck();
    await page.getByRole('button', { name: '選んだ指標を追加' }).click();
    await page.getByRole('status').filter({ hasText: '2件を追加しました' }).waitFor();
    expect(await page.getByLabel('値 1行目').inputValue()).toBe('https://例え.jp/パス');
    expect(await page.getByLabel('種類 2行目').inputValue()).toBe('email');

    // A row the server refuses: the row says so, and the keyboard is on its value.
    await page.getByRole('button', { name: '行を追加' }).click();
    await page.getByLabel('値 3行目').fill('10.0.0.5/24');
    await page.getByLabel('種類 3行目').selectOption('cidr');
    await page.getByRole('button', { name: '速報を提出' }).click();
    await page
      .getByText('3行目の指標は受け付けられません（indicators.cidr_host_bits）：ホスト部が0ではありません')
      .waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('report-indicator-2-value');
    expect(await t.count('incidents')).toBe(0);
    await page.getByLabel('値 3行目').fill('10.0.0.0/24');
    await page.getByRole('button', { name: '速報を提出' }).click();

    await page.waitForURL(/\/incidents\/[^/]+$/);
    const list = page.getByRole('region', { name: '指標' });
    await list.getByRole('cell', { name: 'https://例え.jp/パス' }).waitFor();
    expect(await list.getByRole('row').allInnerTexts()).toHaveLength(4);
    expect(await list.getByRole('cell', { name: '10.0.0.0/24' }).count()).toBe(1);
    await expectAccessible(page, 'the incident page with indicators');
    await web.onPhone(page, 'incident-indicators');

    // An update adds its own indicator after the quick report's.
    const followUp = page.getByRole('region', { name: '続報・確報の追加' });
    await followUp.getByLabel('内容').fill('同じ攻撃者の別ドメインを確認した。');
    await followUp.locator('summary').filter({ hasText: '指標（IoC）' }).click();
    await followUp.getByRole('button', { name: '行を追加' }).click();
    await followUp.getByLabel('種類 1行目').selectOption('domain');
    await followUp.getByLabel('値 1行目').fill('ＥＶＩＬ２．ＥＸＡＭＰＬＥ');
    await followUp.getByRole('button', { name: '続報を追加' }).click();
    await list.getByRole('cell', { name: 'evil2.example' }).waitFor();
    expect(await list.getByRole('cell', { name: '第2報' }).count()).toBe(1);
    expect(web.problems).toEqual([]);
  });

  it('pages through an incident with hundreds of indicators and filters them by type and text', async () => {
    const indicators = Array.from({ length: 450 }, (_, i) =>
      i % 3 === 0
        ? { type: 'domain', value: `host-${i}.campaign.example` }
        : { type: 'sha256', value: `${i.toString(16).padStart(4, '0')}${'b'.repeat(60)}` },
    );
    const incident = await t.fileIncident(reporter, { indicators });
    const page = await web.openPage();
    await web.signIn(page, reporter, { path: `/incidents/${incident.id}` });
    const list = page.getByRole('region', { name: '指標' });
    await list.getByRole('cell', { name: 'host-0.campaign.example' }).waitFor();
    // The incident's own answer: the first 200 (and a header row), then the next page from the server.
    expect(await list.getByRole('row').count()).toBe(201);
    const pager = list.getByRole('navigation', { name: 'ページ送り' });
    await pager.getByText('1–200 件目（全 450 件）').waitFor();
    await pager.getByRole('button', { name: '次のページ' }).click();
    await pager.getByText('201–400 件目（全 450 件）').waitFor();
    await list.getByRole('cell', { name: 'host-201.campaign.example' }).waitFor();
    expect(await list.getByRole('cell', { name: 'host-0.campaign.example' }).count()).toBe(0);
    await expectAccessible(page, 'the second page of an incident’s indicators');

    // Of one type, holding a text typed full-width (ＨＯＳＴ－４ is host-4): one page.
    await list.getByLabel('種類').selectOption('domain');
    await list.getByLabel('値に含む文字').fill('ＨＯＳＴ－４');
    await list.getByRole('button', { name: '絞り込む' }).click();
    await list.getByRole('cell', { name: 'host-42.campaign.example' }).waitFor();
    const shown = await list.getByRole('cell', { name: /campaign\.example$/ }).allInnerTexts();
    expect(shown).toEqual(
      indicators.filter((i) => i.type === 'domain' && i.value.startsWith('host-4')).map((i) => i.value),
    );
    expect(await list.getByRole('navigation', { name: 'ページ送り' }).count()).toBe(0);
    await list.getByLabel('値に含む文字').fill('no-such-value');
    await list.getByRole('button', { name: '絞り込む' }).click();
    await list.getByText('条件に合う指標はありません。').waitFor();
    await web.onPhone(page, 'incident-indicators-filtered');
    expect(web.problems).toEqual([]);
  });
});
