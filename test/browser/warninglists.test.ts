import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_DIALECTS } from '../support/databases.js';
import type { TestApp, TestOrg, TestUser } from '../support/harness.js';
import { expectAccessible, PASSWORD, sharedBrowser, startWebApp, type WebApp } from './support.js';

// Warning lists and sightings in the web app (issue 14, points 2 and 5): the center turns a list off and adds
// an entry; an incident's indicator shows its flag; a recipient reports a sighting and the center sees it counted.

const browser = sharedBrowser();

describe.each(BROWSER_DIALECTS)('warning lists and sightings in the web app on %s', (dialect) => {
  let web: WebApp;
  let t: TestApp;
  let analyst: TestUser;
  let reporter: TestUser;
  let ministry: TestOrg;
  beforeAll(async () => {
    web = await startWebApp(browser(), dialect);
    t = web.t;
    const center = await t.org('center');
    ministry = await t.org('ministry');
    analyst = await t.user(center, 'center-analyst', PASSWORD);
    reporter = await t.user(ministry, 'reporter', PASSWORD);
  });
  afterAll(async () => web?.close());

  it('lets the center turn a list off and add an entry; an incident shows the flag of a listed value', async () => {
    const page = await web.openPage();
    await web.signIn(page, analyst, { path: '/warninglists' });
    await page.getByRole('heading', { level: 1, name: '警告リスト' }).waitFor();
    await page.getByRole('button', { name: 'Public DNS resolvers を無効にする' }).click();
    await page.getByRole('button', { name: 'Public DNS resolvers を有効にする' }).waitFor();
    await page.getByRole('button', { name: 'Largest domains の項目を見る' }).click();
    await page.getByLabel('追加する値').fill('ＥＸＡＭＰＬＥ．ＯＲＧ');
    await page.getByRole('button', { name: '追加する', exact: true }).click();
    await page.getByRole('button', { name: 'example.org を削除' }).waitFor();
    await expectAccessible(page, 'the warning lists with a list open');
    await web.onPhone(page, 'warninglists');
    const lists = (await t.request(analyst, { method: 'GET', url: '/api/v1/warninglists' })).json().lists as {
      name: string;
      enabled: boolean;
    }[];
    expect(lists.find((l) => l.name === 'Public DNS resolvers')?.enabled).toBe(false);

    const incident = await t.fileIncident(reporter, {
      indicators: [
        { type: 'domain', value: 'www.example.org' },
        { type: 'ipv4', value: '8.8.8.8' },
      ],
    });
    const view = await web.openPage();
    await web.signIn(view, reporter, { path: `/incidents/${incident.id}` });
    const indicators = view.getByRole('region', { name: '指標' });
    await indicators.getByText('警告リスト該当（通常は無害）：Largest domains').waitFor();
    // The resolvers' list is off: 8.8.8.8 carries no flag.
    expect(await indicators.getByText('警告リスト該当').count()).toBe(1);
    expect(web.problems).toEqual([]);
  });

  it('lets the center make a list of its own and import a MISP file, naming the line of a refused value', async () => {
    const page = await web.openPage();
    await web.signIn(page, analyst, { path: '/warninglists' });
    const form = page.getByRole('region', { name: '新しい警告リスト' });
    await form.getByLabel('名前').fill('NCO 演習用ドメイン');
    await form.getByLabel('照合方法').selectOption({ label: 'ホスト名（サブドメインを含む）' });
    await form.getByLabel('ドメイン名').check();
    await form.getByLabel('値（1行に1つ）').fill('drill.example\nbad host.example\n');
    await form.getByRole('button', { name: '作成する' }).click();
    await form.getByRole('alert').filter({ hasText: '2行目の値を受け付けられません' }).waitFor();
    await form.getByLabel('値（1行に1つ）').fill('drill.example\nＴＲＡＩＮＩＮＧ．example\n');
    await form.getByRole('button', { name: '作成する' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: '警告リスト「NCO 演習用ドメイン」を作成しました。' })
      .waitFor();
    await page.getByRole('button', { name: 'NCO 演習用ドメイン の項目を見る' }).click();
    await page.getByRole('button', { name: 'training.example を削除' }).waitFor();

    const upload = page.getByRole('region', { name: 'MISPの警告リストを取り込む' });
    const file = (version: number, type = 'cidr') => ({
      name: 'list.json',
      mimeType: '',
      buffer: Buffer.from(
        JSON.stringify({
          name: 'MISP: 社内検査ネットワーク',
          version,
          description: '検査用',
          type,
          list: ['198.51.100.0/24', '2001:db8:1::/48'],
          matching_attributes: ['ip-dst'],
        }),
      ),
    });
    await upload.getByLabel('ファイル').setInputFiles(file(3, 'regex'));
    await upload.getByRole('button', { name: '取り込む' }).click();
    await upload.getByRole('alert').filter({ hasText: 'warninglists.regex_refused' }).waitFor();
    await upload.getByLabel('ファイル').setInputFiles(file(3));
    await upload.getByRole('button', { name: '取り込む' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: '「MISP: 社内検査ネットワーク」（版 3）を取り込みました。' })
      .waitFor();
    await page.getByRole('button', { name: 'MISP: 社内検査ネットワーク の項目を見る' }).waitFor();
    await expectAccessible(page, 'the warning lists with the new-list and import forms');
    await web.onPhone(page, 'warninglists-forms');

    const lists = (await t.request(analyst, { method: 'GET', url: '/api/v1/warninglists' })).json().lists as {
      name: string;
      origin: string;
      entryCount: number;
      appliesTo: string[];
    }[];
    expect(lists.find((l) => l.name === 'NCO 演習用ドメイン')).toMatchObject({
      origin: 'center',
      entryCount: 2,
      appliesTo: ['domain'],
    });
    expect(lists.find((l) => l.name === 'MISP: 社内検査ネットワーク')).toMatchObject({
      origin: 'imported',
      entryCount: 2,
    });
    expect(web.problems).toEqual([]);
  });

  it('lets a recipient report a sighting, and the center see it counted', async () => {
    const res = await t.request(analyst, {
      method: 'POST',
      url: '/api/v1/shares',
      payload: {
        sourceIncidentIds: [],
        content: {
          title: '注意喚起: 不審な通信先',
          body: '以下の通信先を確認してください。',
          indicators: [{ type: 'domain-name', value: 'evil.example' }],
        },
        audience: { kind: 'orgs', orgs: [ministry.slug] },
        tlp: 'TLP:AMBER+STRICT',
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const shareId = res.json().id as string;

    const page = await web.openPage();
    await web.signIn(page, reporter, { path: `/shares/${shareId}` });
    await page.getByRole('button', { name: 'evil.example を観測したと報告する' }).click();
    await page.getByLabel('回数').fill('4');
    await page.getByLabel('メモ（任意）').fill('プロキシログ');
    await page.getByRole('button', { name: '報告する' }).click();
    await page.getByRole('status').filter({ hasText: '観測を報告しました。' }).waitFor();
    await page.getByRole('table', { name: '自組織の観測報告' }).getByText('プロキシログ').waitFor();
    await expectAccessible(page, 'a received share with a sighting');
    await web.onPhone(page, 'share-sighting');

    const center = await web.openPage();
    await web.signIn(center, analyst, { path: `/shares/${shareId}` });
    const counts = center.getByRole('region', { name: '受信機関からの観測報告' });
    await counts.getByRole('cell', { name: '1機関' }).waitFor();
    expect(await counts.getByRole('cell', { name: '4', exact: true }).count()).toBe(1);
    await expectAccessible(center, 'the center’s share page with sightings counted');
    expect(web.problems).toEqual([]);
  });
});
