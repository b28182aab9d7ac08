import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_DIALECTS } from '../support/databases.js';
import type { TestApp, TestOrg, TestUser } from '../support/harness.js';
import { readXlsx } from '../support/xlsx.js';
import { expectAccessible, PASSWORD, sharedBrowser, startWebApp, type WebApp } from './support.js';

// Printing and exporting what a duty officer takes to a meeting (an incident, the contact structure), and the
// audit log naming what was done, in Japanese and English: a real server, the built app, Debian's Chromium.

const browser = sharedBrowser();

describe.each(BROWSER_DIALECTS)('printing, exports and audit labels on %s', (dialect) => {
  let web: WebApp;
  let t: TestApp;
  let agency: TestOrg;
  let officer: TestUser;
  let auditor: TestUser;
  let incidentId: string;
  let recipient: TestUser;
  let shareId: string;

  beforeAll(async () => {
    web = await startWebApp(browser(), dialect);
    t = web.t;
    const center = await t.org('center');
    const ministry = await t.org('ministry');
    agency = await t.org('agency', { parent: ministry });
    officer = await t.user(agency, 'security-officer', PASSWORD);
    auditor = await t.user(center, 'auditor', PASSWORD);
    await t.contact(agency, {
      name: '当番 花子',
      role: 'duty-officer',
      email: 'duty@agency.example',
      availability: '24/7',
    });
    recipient = await t.user(ministry, 'reporter', PASSWORD);
    const analyst = await t.user(center, 'center-analyst');
    const share = await t.request(analyst, {
      method: 'POST',
      url: '/api/v1/shares',
      payload: {
        sourceIncidentIds: [],
        content: {
          title: '注意喚起：VPN装置の脆弱性',
          body: '修正版を適用してください。',
          mitigations: ['修正版を適用'],
        },
        audience: { kind: 'orgs', orgs: [ministry.slug] },
        tlp: 'TLP:AMBER',
      },
    });
    expect(share.json()).toMatchObject({ status: 'published' });
    shareId = share.json().id;
    incidentId = (
      await t.fileIncident(officer, {
        title: 'ランサムウェア感染（印刷）',
        tlp: 'TLP:AMBER+STRICT',
        severity: 'high',
      })
    ).id;
  }, 60_000);

  afterAll(async () => {
    await web?.close();
  });

  /** What print shows: whether the header, menu, live panel and buttons are laid out, and the label. */
  const printed = (page: Page) =>
    page.evaluate(() => {
      const shown = (selector: string) =>
        [...document.querySelectorAll(selector)].some(
          (e) =>
            (e as HTMLElement).offsetParent !== null ||
            (getComputedStyle(e).position === 'fixed' && getComputedStyle(e).display !== 'none'),
        );
      const label = document.querySelector('.print-label');
      return {
        header: shown('header.top'),
        menu: shown('nav.nav'),
        feed: shown('aside.feed'),
        buttons: shown('main button'),
        label:
          label && getComputedStyle(label).display !== 'none'
            ? getComputedStyle(label, '::before').content.replace(/^"|"$/g, '')
            : null,
        labelPosition: label ? getComputedStyle(label).position : null,
      };
    });

  const download = async (page: Page, name: string) => {
    const [file] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name }).click(),
    ]);
    return { name: file.suggestedFilename(), body: readFileSync((await file.path()) as string) };
  };

  it('an incident prints with its TLP on every page and no navigation, and downloads as XLSX and CSV', async () => {
    const page = await web.openPage();
    await web.signIn(page, officer);
    await page.goto(`${web.base}/incidents/${incidentId}`);
    await page.getByRole('heading', { level: 1, name: 'ランサムウェア感染（印刷）' }).waitFor();
    // On screen: the actions, and no label.
    expect(await printed(page)).toMatchObject({ header: true, menu: true, buttons: true, label: null });
    await expectAccessible(page, 'the incident page with its print and export actions');

    const xlsx = await download(page, 'Excel（XLSX）で書き出す');
    expect(xlsx.name).toBe(`renraku-incident-${incidentId}.xlsx`);
    const [facts] = readXlsx(xlsx.body);
    expect(facts?.rows.find((r) => r[0] === '件名')?.[1]).toBe('ランサムウェア感染（印刷）');
    // The browser's zone (Tokyo) for the times.
    expect(facts?.rows.find((r) => r[0] === '報告日時')?.[1]).toMatch(/\+09:00$/);
    const csv = await download(page, 'CSVで書き出す');
    expect(csv.name).toBe(`renraku-incident-${incidentId}.csv`);
    expect(csv.body.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));

    await page.emulateMedia({ media: 'print' });
    expect(await printed(page)).toEqual({
      header: false,
      menu: false,
      feed: false,
      buttons: false,
      // The TLP, and the incident's number, on every page.
      label: expect.stringMatching(/^TLP:AMBER\+STRICT\s+事案番号 \d{4}-\d{6}$/),
      labelPosition: 'fixed',
    });
    await web.shot(page, 'incident-print');
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await page.emulateMedia({ media: 'screen' });

    // In English, and on a phone.
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('link', { name: 'Export as Excel (XLSX)' }).waitFor();
    await expectAccessible(page, 'the incident page in English');
    await page.getByRole('button', { name: '日本語' }).click();
    await web.onPhone(page, 'incident-print-actions');
    expect(web.problems).toEqual([]);
  }, 120_000);

  it('the contact structure (連絡体制表) prints as TLP:AMBER without navigation and exports', async () => {
    const page = await web.openPage();
    await web.signIn(page, officer);
    await page.goto(`${web.base}/contacts`);
    await page.getByRole('heading', { level: 1, name: `連絡体制：${agency.slug} 日本語` }).waitFor();
    await page.getByText('当番 花子').first().waitFor();
    const xlsx = await download(page, 'Excel（XLSX）で書き出す');
    expect(xlsx.name).toBe(`renraku-contacts-${agency.slug}.xlsx`);
    expect(readXlsx(xlsx.body)[0]?.rows[1]?.[2]).toBe('当番 花子');
    await page.emulateMedia({ media: 'print' });
    expect(await printed(page)).toMatchObject({
      header: false,
      menu: false,
      buttons: false,
      label: 'TLP:AMBER',
    });
    await web.shot(page, 'contacts-print');
    await page.emulateMedia({ media: 'screen' });
    await expectAccessible(page, 'the contact structure with its print and export actions');
    expect(web.problems).toEqual([]);
  }, 120_000);

  it('a share prints with its TLP label and no navigation, and exports as its recipient reads it', async () => {
    const page = await web.openPage();
    await web.signIn(page, recipient);
    await page.goto(`${web.base}/shares/${shareId}`);
    await page.getByRole('heading', { level: 1, name: '注意喚起：VPN装置の脆弱性' }).waitFor();
    const csv = await download(page, 'CSVで書き出す');
    expect(csv.name).toBe(`renraku-share-${shareId}.csv`);
    expect(csv.body.toString('utf8')).toContain('修正版を適用');
    await page.emulateMedia({ media: 'print' });
    expect(await printed(page)).toMatchObject({
      header: false,
      menu: false,
      buttons: false,
      label: 'TLP:AMBER',
    });
    await web.shot(page, 'share-print');
    await page.emulateMedia({ media: 'screen' });
    await expectAccessible(page, 'a share with its print and export actions');
    expect(web.problems).toEqual([]);
  }, 120_000);

  it('the audit log names the exports and every other action, in Japanese and in English', async () => {
    const page = await web.openPage();
    await web.signIn(page, auditor);
    await page.getByRole('heading', { level: 1, name: '監査ログ' }).waitFor();
    // Every category is a filter; the exports of the tests above are named, not shown as codes.
    await page.getByLabel('操作の種類').selectOption({ label: '事案（incident.）' });
    await page.getByRole('button', { name: '絞り込む' }).click();
    const exported = page.locator('table.audit-table tbody tr[data-action="incident.export"]');
    await exported.first().waitFor();
    expect(await exported.first().textContent()).toContain('事案の書き出し');
    for (const category of [
      '情報共有（share.）',
      '連絡体制（contact.）',
      '多要素認証（mfa.）',
      '通知（notification.）',
    ])
      expect(
        await page.getByLabel('操作の種類').locator('option', { hasText: category }).count(),
        category,
      ).toBe(1);
    await page.getByLabel('操作の種類').selectOption({ label: '連絡体制（contact.）' });
    await page.getByRole('button', { name: '絞り込む' }).click();
    await page
      .locator('table.audit-table tbody tr[data-action="contact.export"]')
      .first()
      .getByText('連絡体制表の書き出し')
      .waitFor();
    await expectAccessible(page, 'the audit log with labels');
    await web.shot(page, 'audit-labels');
    await page.getByRole('button', { name: 'English' }).click();
    await page
      .locator('table.audit-table tbody tr[data-action="contact.export"]')
      .first()
      .getByText('Contact structure exported')
      .waitFor();
    await expectAccessible(page, 'the audit log with labels in English');
    await web.shot(page, 'audit-labels-en');
    await page.getByRole('button', { name: '日本語' }).click();
    await web.onPhone(page, 'audit-labels');
    expect(web.problems).toEqual([]);
  }, 120_000);
});
