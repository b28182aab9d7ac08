import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_DIALECTS } from '../support/databases.js';
import type { TestApp, TestUser } from '../support/harness.js';
import { expectAccessible, PASSWORD, sharedBrowser, startWebApp, type WebApp } from './support.js';

// Imports in the web app (issue 14, points 7 and 9): the center drafts a share from a STIX file and sees what
// was not imported, or every offender of a file that breaks STIX; a reporter fills the report form's
// indicators from a bundle and confirms them; a published share offers its MISP download.

const browser = sharedBrowser();
const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const at = '2026-12-01T00:00:00.000Z';
const indicator = (n: number, pattern: string) => ({
  type: 'indicator',
  spec_version: '2.1',
  id: `indicator--${uuid(n)}`,
  created: at,
  modified: at,
  pattern,
  pattern_type: 'stix',
  valid_from: at,
});
const file = (name: string, value: unknown) => ({
  name,
  mimeType: 'application/json',
  buffer: Buffer.from(JSON.stringify(value)),
});

describe.each(BROWSER_DIALECTS)('imports in the web app on %s', (dialect) => {
  let web: WebApp;
  let t: TestApp;
  let analyst: TestUser;
  let reporter: TestUser;
  beforeAll(async () => {
    web = await startWebApp(browser(), dialect);
    t = web.t;
    const center = await t.org('center');
    analyst = await t.user(center, 'center-analyst', PASSWORD);
    const ministry = await t.org('ministry');
    reporter = await t.user(await t.org('agency', { parent: ministry }), 'reporter', PASSWORD);
  });
  afterAll(async () => web?.close());

  it('drafts a share from a STIX bundle, lists what it left out, and names the offenders of a bad one', async () => {
    const page = await web.openPage();
    await web.signIn(page, analyst, { path: '/shares' });
    const form = page.getByRole('region', { name: 'ファイルから下書きを作成' });
    await form.getByLabel('ファイル（JSON）').setInputFiles(
      file('campaign.stix.json', {
        type: 'bundle',
        id: `bundle--${uuid(1)}`,
        objects: [
          {
            type: 'report',
            spec_version: '2.1',
            id: `report--${uuid(2)}`,
            created: at,
            modified: at,
            name: '取り込んだ注意喚起',
            description: '外部の分析です。',
            published: at,
            object_refs: [`indicator--${uuid(3)}`],
          },
          indicator(3, "[domain-name:value = 'imported.example']"),
          indicator(4, "[process:name = 'evil.exe']"),
        ],
      }),
    );
    await form.getByRole('button', { name: '取り込む' }).click();
    await form.getByRole('status').filter({ hasText: '下書きを作成しました。' }).waitFor();
    await form.getByText('取り込まなかったもの（1件）').waitFor();
    expect(await form.getByText(`indicator--${uuid(4)}`).count()).toBe(1);
    await form.getByText('TLP:AMBER としました').waitFor();
    await expectAccessible(page, 'the shares page after an import');
    await web.onPhone(page, 'share-import-done');

    await form.getByLabel('ファイル（JSON）').setInputFiles(
      file('bad.json', {
        type: 'bundle',
        id: `bundle--${uuid(5)}`,
        objects: [{ ...indicator(6, 'x'), valid_from: 'soon' }],
      }),
    );
    await form.getByRole('button', { name: '取り込む' }).click();
    const alert = form.getByRole('alert');
    await alert.getByText('何も取り込みませんでした（不備 1件）').waitFor();
    expect(await alert.getByText('valid_from: missing or not a STIX timestamp').count()).toBe(1);
    await expectAccessible(page, 'the shares page with a refused import');

    await form.getByLabel('ファイル（JSON）').setInputFiles(
      file('campaign.stix.json', {
        type: 'bundle',
        id: `bundle--${uuid(1)}`,
        objects: [indicator(3, "[domain-name:value = 'imported.example']")],
      }),
    );
    await form.getByRole('button', { name: '取り込む' }).click();
    await form.getByRole('link', { name: /下書き「STIX bundle/ }).click();
    await page.getByRole('heading', { level: 1, name: /STIX bundle/ }).waitFor();
    await page.getByText('下書き（未送信）').first().waitFor();
    expect(web.problems).toEqual([]);
  });

  it('fills the report form’s indicators from a STIX bundle, for the reporter to confirm', async () => {
    const page = await web.openPage();
    await web.signIn(page, reporter, { path: '/report' });
    await page.locator('summary').filter({ hasText: '指標（IoC）' }).click();
    await page.getByLabel('STIX バンドルから読み取る').setInputFiles(
      file('iocs.json', {
        type: 'bundle',
        id: `bundle--${uuid(7)}`,
        objects: [
          indicator(8, "[ipv4-addr:value = '198.51.100.7' OR url:value = 'https://例え.jp/パス']"),
          indicator(9, "[file:name = 'a'] FOLLOWEDBY [file:name = 'b']"),
        ],
      }),
    );
    await page.getByRole('status').filter({ hasText: '2件の指標が見つかりました' }).waitFor();
    await page.getByText(`indicator--${uuid(9)}`).waitFor();
    await expectAccessible(page, 'the report form with indicators read from a STIX bundle');
    await page.getByRole('checkbox', { name: /198\.51\.100\.7/ }).uncheck();
    await page.getByRole('button', { name: '選んだ指標を追加' }).click();
    expect(await page.getByLabel('値 1行目').inputValue()).toBe('https://例え.jp/パス');
    expect(await page.getByLabel('種類 1行目').inputValue()).toBe('url');
    expect(await t.count('incidents')).toBe(0);
    expect(web.problems).toEqual([]);
  });
});
