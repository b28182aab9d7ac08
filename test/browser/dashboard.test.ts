import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_DIALECTS } from '../support/databases.js';
import type { TestApp, TestOrg, TestUser } from '../support/harness.js';
import {
  DESKTOP,
  expectAccessible,
  LIVE_WITHIN_MS,
  markNoReload,
  PASSWORD,
  PHONE,
  sharedBrowser,
  startWebApp,
  stillSamePage,
  type WebApp,
} from './support.js';

// The center dashboard as a center analyst uses it: a real server on loopback (its periods counted in
// Asia/Tokyo), the built app, Debian's Chromium. Incidents are filed at chosen moments (the server's clock is
// moved for each) so that today, the last 7 days and the fiscal year hold different numbers; the numbers are
// read from the accessible tables that stand beside every chart.

const JST = 9 * 3_600_000; // Asia/Tokyo keeps no daylight saving time.
const DAY = 86_400_000;
const startOfDay = (at: Date) => new Date(Math.floor((at.getTime() + JST) / DAY) * DAY - JST);
function startOfFiscalYear(at: Date): Date {
  const local = new Date(at.getTime() + JST);
  const year = local.getUTCMonth() >= 3 ? local.getUTCFullYear() : local.getUTCFullYear() - 1;
  return new Date(Date.UTC(year, 3, 1) - JST);
}

type Period = 'today' | '7d' | 'fy';
const PERIOD_LABEL: Record<Period, string> = { today: '今日', '7d': '7日間', fy: '今年度' };

interface Seed {
  body: 'a' | 'a1' | 'a2' | 'b' | 'b1';
  severity: 'low' | 'medium' | 'high' | 'critical';
  category?: string;
  when: 'today' | 'week' | 'month' | 'lastYear';
  final?: boolean;
}

// Bodies: ministry A with agencies A1 and A2, ministry B with agency B1, ministry C with agency C1 (quiet).
// Open now: A, A1, B (one of them from last fiscal year), B1. A2 has only a closed incident; C and C1 none.
const SEEDS: Seed[] = [
  { body: 'a', severity: 'critical', category: 'intrusions/system-compromise', when: 'today' },
  { body: 'a1', severity: 'high', category: 'malicious-code/infected-system', when: 'today' },
  { body: 'b1', severity: 'low', category: 'availability/ddos', when: 'today', final: true },
  { body: 'a1', severity: 'medium', category: 'malicious-code/c2-server', when: 'week', final: true },
  { body: 'b', severity: 'high', category: 'fraud/phishing', when: 'week' },
  { body: 'a2', severity: 'low', category: 'other/other', when: 'week', final: true },
  { body: 'a1', severity: 'critical', category: 'intrusions/system-compromise', when: 'month', final: true },
  { body: 'b1', severity: 'medium', when: 'month' },
  { body: 'b', severity: 'low', category: 'availability/dos', when: 'lastYear' },
];

const browser = sharedBrowser();

describe.each(BROWSER_DIALECTS)('center dashboard on %s', (dialect) => {
  let web: WebApp;
  let t: TestApp;
  let problems: string[];
  let center: TestOrg;
  let orgs: Record<Seed['body'] | 'c' | 'c1', TestOrg>;
  let reporters: Record<Seed['body'], TestUser>;
  let analyst: TestUser;
  /** When each seed was reported. */
  let filed: { seed: Seed; at: Date }[];
  let now: Date;

  beforeAll(async () => {
    web = await startWebApp(browser(), dialect);
    t = web.t;
    problems = web.problems;
    center = await t.org('center');
    const a = await t.org('ministry');
    const b = await t.org('ministry');
    const c = await t.org('ministry');
    orgs = {
      a,
      b,
      c,
      a1: await t.org('agency', { parent: a }),
      a2: await t.org('agency', { parent: a }),
      b1: await t.org('agency', { parent: b }),
      c1: await t.org('agency', { parent: c }),
    };
    reporters = {
      a: await t.user(a, 'reporter', PASSWORD),
      b: await t.user(b, 'reporter', PASSWORD),
      a1: await t.user(orgs.a1, 'reporter', PASSWORD),
      a2: await t.user(orgs.a2, 'reporter', PASSWORD),
      b1: await t.user(orgs.b1, 'reporter', PASSWORD),
    };
    analyst = await t.user(center, 'center-analyst', PASSWORD);

    now = new Date();
    const today = startOfDay(now);
    // Halfway through today (however early it is), three days back, thirty days back, and before this fiscal
    // year began; each seed a few seconds apart.
    const base = {
      today: new Date(today.getTime() + (now.getTime() - today.getTime()) / 2),
      week: new Date(today.getTime() - 3 * DAY + 12 * 3_600_000),
      month: new Date(today.getTime() - 30 * DAY + 12 * 3_600_000),
      lastYear: new Date(startOfFiscalYear(now).getTime() - 10 * DAY),
    };
    filed = [];
    for (const [i, seed] of SEEDS.entries()) {
      const at = new Date(base[seed.when].getTime() + i * 1_000);
      t.clock.set(at);
      const reporter = reporters[seed.body];
      const incident = await t.fileIncident(reporter, {
        title: `${seed.when} ${seed.body} ${seed.severity} ${i}`,
        severity: seed.severity,
        detectedAt: new Date(at.getTime() - 1_000).toISOString(),
        ...(seed.category ? { category: seed.category } : {}),
      });
      if (seed.final) {
        t.clock.set(new Date(at.getTime() + 500));
        const res = await t.request(reporter, {
          method: 'POST',
          url: `/api/v1/incidents/${incident.id}/reports`,
          payload: { kind: 'final', text: '対応を完了した。' },
        });
        expect(res.statusCode, res.body).toBe(201);
      }
      filed.push({ seed, at });
    }
    // Back to the present: sessions are timed by the server's clock and the browser's real one alike.
    t.clock.set(new Date());
  }, 120_000);

  afterAll(async () => {
    await web?.close();
  });

  /** The seeds reported in a period as the server counts it (Asia/Tokyo days; April to March). */
  function seededIn(period: Period) {
    const from =
      period === 'today'
        ? startOfDay(now)
        : period === '7d'
          ? new Date(startOfDay(now).getTime() - 6 * DAY)
          : startOfFiscalYear(now);
    return filed.filter((f) => f.at >= from).map((f) => f.seed);
  }

  const tally = <K extends string>(seeds: Seed[], key: (s: Seed) => K) => {
    const counts: Partial<Record<K, number>> = {};
    for (const s of seeds) counts[key(s)] = (counts[key(s)] ?? 0) + 1;
    return counts;
  };

  /** The first number written in a headline figure ("3件" → 3). */
  async function figure(page: Page, name: 'total' | 'open' | 'final' | 'severe') {
    const text = (await page.getByTestId(`headline-${name}`).locator('dd').textContent()) ?? '';
    return Number(/\d+/.exec(text)?.[0]);
  }

  /** The rows of a chart's table by key (agencies under a ministry prefixed "member:"), with their numbers. */
  function tableOf(page: Page, testId: string) {
    return page
      .getByTestId(testId)
      .locator('tbody tr')
      .evaluateAll((rows) =>
        Object.fromEntries(
          rows.map((row) => [
            `${row.classList.contains('member') ? 'member:' : ''}${row.getAttribute('data-key')}`,
            [...row.querySelectorAll('td')].map((cell) => Number(cell.textContent)),
          ]),
        ),
      );
  }

  async function openDashboard(page: Page, user: TestUser = analyst) {
    await web.signIn(page, user, { path: '/dashboard' });
    await page.getByRole('heading', { level: 1, name: 'ダッシュボード' }).waitFor();
    await page.getByTestId('headline-total').waitFor();
  }

  async function choosePeriod(page: Page, period: Period) {
    // The label is what a person sees and clicks (the radio lies unseen under it; a focused label rises above it).
    await page.locator(`label[for="period-${period}"]`).click();
    await expect.poll(() => page.getByLabel(PERIOD_LABEL[period], { exact: true }).isChecked()).toBe(true);
    await expect
      .poll(() => page.getByTestId('period-dates').textContent())
      .toContain(`${PERIOD_LABEL[period]}の集計`);
  }

  /** Everything the dashboard shows for a period agrees with what was seeded in it. */
  async function expectCountsOf(page: Page, period: Period) {
    const seeds = seededIn(period);
    const open = seeds.filter((s) => !s.final);
    expect(await figure(page, 'total'), `total ${period}`).toBe(seeds.length);
    expect(await figure(page, 'open'), `open ${period}`).toBe(open.length);
    expect(await figure(page, 'final'), `final ${period}`).toBe(seeds.length - open.length);
    const severe = open.filter((s) => s.severity === 'critical' || s.severity === 'high').length;
    expect(await figure(page, 'severe'), `open critical/high ${period}`).toBe(severe);

    const severity = tally(seeds, (s) => s.severity);
    expect(await tableOf(page, 'by-severity-table')).toEqual({
      critical: [severity.critical ?? 0],
      high: [severity.high ?? 0],
      medium: [severity.medium ?? 0],
      low: [severity.low ?? 0],
    });
    const categories = tally(seeds, (s) => s.category?.split('/')[0] ?? 'none');
    expect(await tableOf(page, 'by-category-table')).toEqual(
      Object.fromEntries(Object.entries(categories).map(([k, n]) => [k, [n]])),
    );

    // Bodies: each ministry's total (with its agencies); each agency's own count, under its ministry.
    const bodies = await tableOf(page, 'by-org-table');
    for (const ministry of ['a', 'b'] as const) {
      const own = seeds.filter((s) => s.body.startsWith(ministry)).length;
      if (own > 0) expect(bodies[orgs[ministry].slug]?.[0], `ministry ${ministry} ${period}`).toBe(own);
    }
    for (const agency of ['a1', 'a2', 'b1'] as const) {
      const own = seeds.filter((s) => s.body === agency).length;
      expect(bodies[`member:${orgs[agency].slug}`]?.[0] ?? 0, `agency ${agency} ${period}`).toBe(own);
    }
    expect(bodies[orgs.c.slug]).toBeUndefined();

    const trend = Object.values(await tableOf(page, 'trend-table')).reduce((n, [v]) => n + (v ?? 0), 0);
    expect(trend, `trend ${period}`).toBe(seeds.length);
  }

  it('shows for each period the counts that were seeded, the fiscal year by its name', async () => {
    const page = await web.openPage(DESKTOP);
    await openDashboard(page);
    await page.getByRole('navigation').getByRole('link', { name: 'ダッシュボード' }).waitFor();
    expect(
      await page
        .getByRole('navigation')
        .getByRole('link', { name: 'ダッシュボード' })
        .getAttribute('aria-current'),
    ).toBe('page');
    // The periods differ, or this test would prove nothing.
    expect(seededIn('today').length).toBeLessThan(seededIn('7d').length);

    for (const period of ['today', '7d', 'fy'] as const) {
      await choosePeriod(page, period);
      await expectCountsOf(page, period);
      // The default period (today) keeps the address bare.
      expect(new URL(page.url()).searchParams.get('period') ?? 'today').toBe(period);
      await expectAccessible(page, `the dashboard (${period})`);
    }

    // The fiscal year by its era name, and its dates.
    const fyStart = new Date(startOfFiscalYear(now).getTime() + JST).getUTCFullYear();
    const dates = await page.getByTestId('period-dates').textContent();
    expect(dates).toContain(`令和${fyStart - 2018}年度`);
    expect(dates).toContain(`令和${fyStart - 2018}年4月1日`);

    // Every chart is drawn as SVG, described for screen readers, and its table holds the same numbers.
    const charts = page.locator('[data-testid="chart"]');
    expect(await charts.count()).toBe(4);
    for (const chart of await charts.all()) {
      if (!(await chart.isVisible())) continue;
      expect(await chart.getAttribute('role')).toBe('img');
      expect(await chart.getAttribute('aria-label')).toMatch(/のグラフ。/);
      expect(await chart.locator('svg').count()).toBe(1);
    }
    expect(await page.getByTestId('by-severity').getByTestId('chart').getAttribute('aria-label')).toContain(
      `緊急 ${tally(seededIn('fy'), (s) => s.severity).critical ?? 0}件`,
    );
    for (const summary of await page.getByText('数値を表で見る').all()) await summary.click();
    await page.getByTestId('by-org-table').waitFor();
    await expectAccessible(page, 'the dashboard with its tables open');
    await web.shot(page, 'dashboard-desktop');

    // The charts follow their box when the window changes.
    const trendSvg = page.getByTestId('trend').locator('svg');
    const wide = Number(await trendSvg.getAttribute('width'));
    await page.setViewportSize({ width: 700, height: 800 });
    // One column now: the panel, and its drawing, take the whole width.
    await expect.poll(async () => Number(await trendSvg.getAttribute('width'))).not.toBe(wide);
    const box = await page
      .getByTestId('trend')
      .getByTestId('chart')
      .evaluate((el) => el.clientWidth);
    expect(Number(await trendSvg.getAttribute('width'))).toBe(box);
    await page.setViewportSize(DESKTOP.viewport ?? { width: 1280, height: 800 });

    // A reload keeps the period (it lives in the address).
    await page.reload();
    await page.getByTestId('headline-total').waitFor();
    await expect.poll(() => page.getByTestId('period-dates').textContent()).toContain('今年度の集計');
    expect(await page.getByLabel('今年度', { exact: true }).isChecked()).toBe(true);
    expect(problems).toEqual([]);
  }, 120_000);

  it('marks exactly the bodies with open incidents, filters them, and leads to their incidents', async () => {
    const page = await web.openPage(DESKTOP);
    await openDashboard(page);
    const tree = page.getByTestId('org-tree');
    await tree.locator('.org-row').first().waitFor();
    const marked = await tree
      .locator('.org-row.has-open')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-slug')).sort());
    expect(marked).toEqual([orgs.a.slug, orgs.a1.slug, orgs.b.slug, orgs.b1.slug].sort());
    // The mark is words, not a colour: B holds one open incident of this year and one of last year.
    const bRow = tree.locator(`.org-row[data-slug="${orgs.b.slug}"]`);
    expect(await bRow.locator('.open-mark').textContent()).toBe('対応中 2件');
    expect(await tree.locator(`.org-row[data-slug="${orgs.a2.slug}"] .open-mark`).count()).toBe(0);

    // Agencies fold under their ministry; the ministry says its agencies have open incidents meanwhile.
    const aRow = tree.locator(`.org-row[data-slug="${orgs.a.slug}"]`);
    await aRow.getByText('所管法人で対応中 1件').waitFor();
    const toggle = aRow.getByRole('button');
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await tree.getByRole('link', { name: `${orgs.a1.slug} 日本語`, exact: true }).isVisible()).toBe(
      false,
    );
    await toggle.focus();
    await page.keyboard.press('Enter');
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    await tree.getByRole('link', { name: `${orgs.a1.slug} 日本語`, exact: true }).waitFor();

    // Only bodies with open incidents: the quiet ministry C and the closed-only agency A2 go.
    await page.getByLabel('対応中の事案がある組織のみ表示').check();
    await tree.getByRole('link', { name: `${orgs.b1.slug} 日本語`, exact: true }).waitFor();
    const shown = await tree
      .locator('.org-row:visible')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-slug')).sort());
    expect(shown).toEqual([center.slug, orgs.a.slug, orgs.a1.slug, orgs.b.slug, orgs.b1.slug].sort());
    await expectAccessible(page, 'the dashboard with the tree filtered');

    // A ministry leads to its incidents with its agencies'; an agency to its own.
    await tree.getByRole('link', { name: `${orgs.a.slug} 日本語`, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: '事案一覧' }).waitFor();
    const ministryUrl = new URL(page.url());
    expect(ministryUrl.pathname).toBe('/');
    expect(Object.fromEntries(ministryUrl.searchParams)).toEqual({
      org: orgs.a.slug,
      includeAgencies: 'true',
    });
    await page.goBack();
    await page.getByRole('heading', { level: 1, name: 'ダッシュボード' }).waitFor();
    await page.getByTestId('org-tree').locator('.org-row').first().waitFor();
    const agencyRow = page.getByTestId('org-tree').locator(`.org-row[data-slug="${orgs.b1.slug}"]`);
    await page
      .getByTestId('org-tree')
      .locator(`.org-row[data-slug="${orgs.b.slug}"]`)
      .getByRole('button')
      .click();
    await agencyRow.getByRole('link').click();
    await page.getByRole('heading', { level: 1, name: '事案一覧' }).waitFor();
    expect(Object.fromEntries(new URL(page.url()).searchParams)).toEqual({ org: orgs.b1.slug });
    expect(problems).toEqual([]);
  }, 90_000);

  it('in English, and on a phone', async () => {
    const page = await web.openPage(DESKTOP);
    await openDashboard(page);
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    // The period's radio is hidden under its label, which is what one sees and clicks.
    await page.locator('label[for="period-fy"]').click();
    expect(await page.getByLabel('This fiscal year', { exact: true }).isChecked()).toBe(true);
    await expect.poll(() => page.getByTestId('period-dates').textContent()).toContain('This fiscal year: FY');
    await page.getByTestId('headline-total').getByText('Incidents').waitFor();
    expect(await figure(page, 'total')).toBe(seededIn('fy').length);
    expect(await page.getByTestId('by-severity').getByTestId('chart').getAttribute('aria-label')).toMatch(
      /^Chart: By severity\. Critical: \d+/,
    );
    await expectAccessible(page, 'the dashboard in English');
    await web.shot(page, 'dashboard-english');
    await page.getByRole('button', { name: '日本語' }).click();
    await page.getByRole('heading', { level: 1, name: 'ダッシュボード' }).waitFor();

    const phone = await web.openPage(PHONE);
    await openDashboard(phone);
    await choosePeriod(phone, '7d');
    await expectCountsOf(phone, '7d');
    // Stacked: nothing wider than the screen.
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    const [first, second] = await phone.locator('.panels > .panel').all();
    expect((await second?.boundingBox())?.y).toBeGreaterThan(((await first?.boundingBox())?.y ?? 0) + 50);
    await expectAccessible(phone, 'the dashboard on a phone');
    await web.shot(phone, 'dashboard-phone');
    expect(problems).toEqual([]);
  }, 90_000);

  it('follows a report filed elsewhere live: counts, tree mark and latest reports, without a reload', async () => {
    const page = await web.openPage(DESKTOP);
    await openDashboard(page);
    await page.getByRole('complementary').getByText('受信中').waitFor();
    const tree = page.getByTestId('org-tree');
    const a2Row = tree.locator(`.org-row[data-slug="${orgs.a2.slug}"]`);
    // The figures to compare with are the loaded ones, never what shows before the first answer arrives.
    await expect.poll(() => figure(page, 'total')).toBe(seededIn('today').length);
    const before = { total: await figure(page, 'total'), severe: await figure(page, 'severe') };
    expect(await a2Row.getAttribute('data-open')).toBe('0');
    // The reader's place must survive the update: ministry A's agencies open, focus on its toggle.
    const toggle = tree.locator(`.org-row[data-slug="${orgs.a.slug}"]`).getByRole('button');
    await toggle.click();
    await toggle.focus();
    await markNoReload(page);
    // The charts are updated in place (setOption), not drawn anew.
    const severitySvg = page.getByTestId('by-severity').locator('svg');
    await severitySvg.evaluate((svg) => {
      (svg as unknown as { renrakuKept: boolean }).renrakuKept = true;
    });

    const title = `システム侵害の疑い（${dialect}）`;
    t.clock.set(new Date());
    await t.fileIncident(reporters.a2, {
      title,
      severity: 'critical',
      category: 'intrusions/system-compromise',
    });

    await expect.poll(() => figure(page, 'total'), { timeout: LIVE_WITHIN_MS }).toBe(before.total + 1);
    expect(await figure(page, 'severe')).toBe(before.severe + 1);
    await expect.poll(() => a2Row.getAttribute('data-open'), { timeout: LIVE_WITHIN_MS }).toBe('1');
    await a2Row.getByText('対応中 1件').waitFor();
    const latest = page.getByTestId('latest').getByRole('link', { name: title });
    await latest.waitFor({ timeout: LIVE_WITHIN_MS });
    expect((await tableOf(page, 'by-severity-table')).critical?.[0]).toBe(
      seededIn('today').filter((s) => s.severity === 'critical').length + 1,
    );
    expect(await stillSamePage(page)).toBe(true);
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    await expect.poll(() => toggle.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(
      await severitySvg.evaluate((svg) => (svg as unknown as { renrakuKept?: boolean }).renrakuKept),
    ).toBe(true);

    // Latest reports: each incident by its latest report; an update to an older one comes to the top, live.
    const entry = (title: string) => page.getByTestId('latest').locator('li').filter({ hasText: title });
    const closedToday = filed.findIndex((f) => f.seed.when === 'today' && f.seed.final);
    expect(await entry(`today b1 low ${closedToday}`).locator('.step').textContent()).toBe('確報');
    const older = filed.findIndex((f) => f.seed.when === 'week' && !f.seed.final);
    const olderTitle = `week b high ${older}`;
    const { items } = (
      await t.request(analyst, {
        method: 'GET',
        url: `/api/v1/incidents?q=${encodeURIComponent(olderTitle)}`,
      })
    ).json() as { items: { id: string }[] };
    t.clock.set(new Date());
    const update = await t.request(reporters.b, {
      method: 'POST',
      url: `/api/v1/incidents/${items[0]?.id}/reports`,
      payload: { kind: 'update', text: '影響範囲を調査中。' },
    });
    expect(update.statusCode, update.body).toBe(201);
    await expect
      .poll(() => page.getByTestId('latest').locator('li').first().textContent(), { timeout: LIVE_WITHIN_MS })
      .toContain(olderTitle);
    expect(await entry(olderTitle).first().locator('.step').textContent()).toBe('続報');
    expect(await stillSamePage(page)).toBe(true);

    // A burst of reports costs one or two reloads, not one per event.
    const totalBefore = await figure(page, 'total');
    let reloads = 0;
    page.on('request', (request) => {
      if (request.url().includes('/api/v1/stats')) reloads += 1;
    });
    t.clock.set(new Date());
    await Promise.all(
      [1, 2, 3, 4, 5].map((n) =>
        t.fileIncident(reporters.b1, { title: `一斉に届いた速報 ${n}`, severity: 'low' }),
      ),
    );
    await expect.poll(() => figure(page, 'total'), { timeout: LIVE_WITHIN_MS }).toBe(totalBefore + 5);
    await page.waitForTimeout(1_000);
    expect(reloads).toBeGreaterThanOrEqual(1);
    expect(reloads).toBeLessThanOrEqual(2);

    // Each entry leads to its incident.
    await latest.click();
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    expect(problems).toEqual([]);
  }, 90_000);

  it('is offered to the center only: ministries, agencies, administrators and auditors do not get it', async () => {
    const coordinator = await t.user(center, 'center-coordinator', PASSWORD);
    const page = await web.openPage(DESKTOP);
    await openDashboard(page, coordinator);
    await page.getByRole('navigation').getByRole('link', { name: 'ダッシュボード' }).waitFor();

    const others = [
      await t.user(orgs.a, 'security-officer', PASSWORD),
      reporters.a1,
      await t.user(center, 'admin', PASSWORD),
      await t.user(center, 'auditor', PASSWORD),
    ];
    for (const user of others) {
      const other = await web.openPage(DESKTOP);
      await web.signIn(other, user);
      expect(
        await other.getByRole('navigation').getByRole('link', { name: 'ダッシュボード' }).count(),
        user.role,
      ).toBe(0);
      await other.goto(`${web.base}/dashboard`);
      await other.getByText('このロールではこの画面を利用できません。').waitFor();
      expect(await other.getByTestId('headline-total').count()).toBe(0);
    }
    expect(problems).toEqual([]);
  }, 90_000);
});
