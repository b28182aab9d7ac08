import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SeedBody, seedAnnualIncidents } from '../../bench/annual-seed.js';
import { BROWSER_DIALECTS } from '../support/databases.js';
import type { TestApp, TestOrg, TestUser } from '../support/harness.js';
import { expectAccessible, PASSWORD, sharedBrowser, startWebApp, type WebApp } from './support.js';

// The annual report's screens as people use them: the center drafts a fiscal year's report and reads its trends
// as charts with the same numbers in tables beside them; a ministry sees the totals and its own evaluation, each
// indicator's definition beside it, and comments; the center changes the scoring, declares the report final and
// publishes its summary, which a visitor reads logged out. Axe on each new screen state, and the phone viewport.

const browser = sharedBrowser();
const FROM = '2025-03-31T15:00:00.000Z';
const TO = '2026-03-31T15:00:00.000Z';

interface Report {
  computedAt: string | null;
  trends: { total: number; byMonth: { month: string; count: number }[] };
}

describe.each(BROWSER_DIALECTS)('the annual report in the web app on %s', (dialect) => {
  let web: WebApp;
  let t: TestApp;
  const o = {} as Record<'C' | 'M1' | 'A1' | 'M2', TestOrg>;
  let analyst: TestUser;
  let officer: TestUser;
  beforeAll(async () => {
    web = await startWebApp(browser(), dialect);
    t = web.t;
    o.C = await t.org('center');
    o.M1 = await t.org('ministry');
    o.A1 = await t.org('agency', { parent: o.M1 });
    o.M2 = await t.org('ministry');
    analyst = await t.user(o.C, 'center-analyst', PASSWORD);
    officer = await t.user(o.M1, 'security-officer', PASSWORD);
    const bodies: SeedBody[] = [
      { id: o.M1.id, parentId: null, kind: 'ministry' },
      { id: o.A1.id, parentId: o.M1.id, kind: 'agency' },
      { id: o.M2.id, parentId: null, kind: 'ministry' },
    ];
    await seedAnnualIncidents(t.handle.db, {
      seed: 21,
      count: 60,
      from: FROM,
      to: TO,
      bodies,
      centerId: o.C.id,
      createdBy: analyst.id,
    });
  });
  afterAll(async () => web?.close());

  it('drafts, reads the charts beside their tables, comments, scores, finalises and publishes the summary', async () => {
    const center = await web.openPage();
    await web.signIn(center, analyst, { path: '/annual' });
    await center.getByRole('heading', { level: 1, name: '年次報告書' }).waitFor();
    await center.getByLabel('年度').selectOption('2025');
    await center.getByRole('button', { name: '草案を作成' }).click();
    await center.getByRole('heading', { level: 1, name: '令和7年度 年次報告書' }).waitFor();
    const api = (
      await t.request(analyst, { method: 'GET', url: '/api/v1/annual-reports/2025' })
    ).json() as Report;
    await center
      .getByRole('heading', { level: 2, name: `政府全体の傾向（事案数 ${api.trends.total} 件）` })
      .waitFor();
    // When the numbers were computed, in the meta line (the kept numbers the API answers with, so the same time),
    // in Tokyo's time (UTC+9, no daylight saving): month, day, hours and minutes.
    expect(api.computedAt).not.toBeNull();
    const tokyo = new Date(Date.parse(api.computedAt as string) + 9 * 3_600_000);
    const two = (n: number) => String(n).padStart(2, '0');
    expect(await center.getByTestId('annual-meta').innerText()).toContain(
      `集計 令和${tokyo.getUTCFullYear() - 2018}年${tokyo.getUTCMonth() + 1}月${tokyo.getUTCDate()}日 ${two(tokyo.getUTCHours())}:${two(tokyo.getUTCMinutes())}`,
    );
    const months = center.getByTestId('annual-month-table');
    const rows = await months.locator('tbody tr').allTextContents();
    expect(rows).toEqual(api.trends.byMonth.map((m) => `${m.month}${m.count}`));
    // The drawing says the same numbers in words.
    const chart = center.getByTestId('annual-month').getByTestId('chart');
    expect(await chart.getAttribute('aria-label')).toContain(
      `${api.trends.byMonth[0]?.month} ${api.trends.byMonth[0]?.count}件`,
    );
    await expect.poll(() => center.getByTestId('annual-section').count()).toBe(2);
    await center
      .getByRole('table', { name: new RegExp(`${o.M1.slug}.*の指標`) })
      .getByText('事案数')
      .first()
      .waitFor();
    await expectAccessible(center, 'the center’s draft annual report');
    await web.onPhone(center, 'annual-draft');

    const ministry = await web.openPage();
    await web.signIn(ministry, officer, { path: '/annual/2025' });
    await ministry.getByText('自府省庁の評価と政府全体の集計のみを表示しています。').waitFor();
    expect(await ministry.getByTestId('annual-section').count()).toBe(1);
    expect(await ministry.content()).not.toContain(o.M2.slug);
    await ministry.getByLabel('この評価へのコメント').fill('検知から報告までの時間を短縮します。');
    await ministry.getByRole('button', { name: 'コメントする' }).click();
    await ministry.getByText('検知から報告までの時間を短縮します。').waitFor();
    await expectAccessible(ministry, 'a ministry’s section with its comment');
    await web.onPhone(ministry, 'annual-ministry');

    await center.reload();
    await center.getByText('検知から報告までの時間を短縮します。').waitFor();
    // "Saved" is said only once the screen shows the saved revision, which the next step (final) acts on: the
    // report read after saving is held back, and nothing says saved until it arrives.
    const meta = center.getByTestId('annual-meta');
    const before = Number(/改訂 (\d+)/.exec(await meta.innerText())?.[1]);
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let saving = false;
    await center.route(`**/api/v1/annual-reports/2025`, async (route) => {
      if (saving && route.request().method() === 'GET') await held;
      await route.fallback();
    });
    saving = true;
    const saved = center.waitForResponse(
      (r) => r.url().endsWith('/api/v1/annual-reports/2025') && r.request().method() === 'PATCH',
    );
    const reread = center.waitForRequest(
      (r) => r.url().endsWith('/api/v1/annual-reports/2025') && r.method() === 'GET',
    );
    await center.getByRole('button', { name: '採点を保存' }).click();
    expect((await saved).status()).toBe(200);
    await reread;
    expect(await center.getByText('保存しました。').count()).toBe(0);
    release();
    await center.getByText('保存しました。').waitFor();
    expect(await meta.innerText()).toContain(`改訂 ${before + 1}`);
    await center.unroute(`**/api/v1/annual-reports/2025`);
    center.once('dialog', (d) => void d.accept());
    await center.getByRole('button', { name: '確定する' }).click();
    await center.getByText(/SHA-256: [0-9a-f]{64}/).waitFor();
    await center.getByLabel('概要（日本語）').fill('令和7年度は政府全体で事案の報告が行われました。');
    await center.getByRole('button', { name: '公表する' }).click();
    await center
      .getByTestId('annual-summary-state')
      .getByText(/公表しました/)
      .waitFor();
    await expectAccessible(center, 'the final report with its public summary');
    await web.shot(center, 'annual-final');

    const visitor = await web.openPage();
    await visitor.goto(`${web.base}/public`);
    await visitor.getByRole('link', { name: /2025年度/ }).click();
    await visitor.getByRole('heading', { level: 1, name: /2025年度 年次報告の概要/ }).waitFor();
    await visitor.getByText(`${api.trends.total}件`, { exact: false }).first().waitFor();
    const shown = await visitor
      .getByRole('img', { name: /月別の事案数/ })
      .evaluate((i) => (i as HTMLImageElement).naturalWidth);
    expect(shown).toBeGreaterThan(0);
    expect(await visitor.content()).not.toContain(o.M1.slug);
    await expectAccessible(visitor, 'the public annual summary');
    await web.onPhone(visitor, 'public-annual');
    expect(await visitor.context().cookies()).toEqual([]);
    expect(web.problems).toEqual([]);
  });
});
