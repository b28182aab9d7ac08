import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forwardOverdue } from '../../src/features/incidents/incidents.routing.js';
import { BROWSER_DIALECTS, DIALECTS, onBrowserDialects } from '../support/databases.js';
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

// The incident list and a ministry's review queue as people use them: a real server on loopback, the built
// app, Debian's Chromium in Asia/Tokyo. A small government is seeded (ministry A with three agencies, ministry
// B with one, the center); every expectation is computed from what was seeded, never read back from the app.

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const JST = 9 * 60 * MINUTE; // Asia/Tokyo keeps no daylight saving time.
const startOfDay = (at: Date) => new Date(Math.floor((at.getTime() + JST) / DAY) * DAY - JST);
function startOfFiscalYear(at: Date): Date {
  const local = new Date(at.getTime() + JST);
  const year = local.getUTCMonth() >= 3 ? local.getUTCFullYear() : local.getUTCFullYear() - 1;
  return new Date(Date.UTC(year, 3, 1) - JST);
}
/** The Tokyo calendar day of an instant, as a date input writes it. */
const tokyoDay = (at: Date) => new Date(at.getTime() + JST).toISOString().slice(0, 10);

type Body = 'a' | 'a1' | 'a2' | 'a3' | 'b' | 'b1';
type Severity = 'low' | 'medium' | 'high' | 'critical';
const RANK: Record<Severity | 'none', number> = { none: 0, low: 1, medium: 2, high: 3, critical: 4 };

interface Seed {
  body: Body;
  title: string;
  summary: string;
  severity: Severity | null;
  category: string | null;
  final: boolean;
  /** How long before the start of the run it was reported. */
  ago: number;
}
interface Filed extends Seed {
  id: string;
  reportedAt: string;
}

const SEVERITIES: (Severity | null)[] = ['critical', 'high', 'medium', 'low', null];
const CATEGORIES = [
  'intrusions/system-compromise',
  'malicious-code/infected-system',
  'fraud/phishing',
  'availability/ddos',
  null,
  'other/other',
];
const A_TREE: Body[] = ['a', 'a1', 'a2', 'a3'];
const BASE_SUMMARY = 'ファイアウォールで外部への不審な通信を検知した。';
// A few reported days ago: yesterday's week, last month, and surely the previous fiscal year.
const DAYS_AGO: Record<number, number> = { 5: 3, 11: 3, 17: 40, 20: 400 };

/** 23 incidents in ministry A's tree with varied severity, category, status, time and words; 3 in B's. */
function seeds(): Seed[] {
  const list: Seed[] = [];
  for (let i = 0; i < 23; i++) {
    const body = A_TREE[i % 4] as Body;
    const words = [BASE_SUMMARY];
    if (i % 5 === 0) words.push('ランサムウェアによる暗号化の痕跡がある。');
    if (i % 3 === 0) words.push('標的型攻撃の可能性がある。');
    list.push({
      body,
      title: `${body.toUpperCase()}-${String(i).padStart(2, '0')} 事案報告`,
      summary: words.join(''),
      severity: SEVERITIES[i % 5] ?? null,
      category: CATEGORIES[i % 6] ?? null,
      final: i % 3 === 2,
      ago: (DAYS_AGO[i] ?? 0) * DAY + (i + 2) * MINUTE,
    });
  }
  for (const [i, body] of (['b', 'b1', 'b1'] as Body[]).entries())
    list.push({
      body,
      title: `${body.toUpperCase()}-${i} 他府省の事案報告`,
      summary: `${BASE_SUMMARY}ランサムウェアと標的型攻撃。`,
      severity: 'critical',
      category: 'malicious-code/infected-system',
      final: false,
      ago: (i + 1) * MINUTE,
    });
  return list;
}

const browser = sharedBrowser();

describe.each(DIALECTS)('incident lists and the review queue on %s', (dialect) => {
  // Filters, search, sorts and paging are SQL of each dialect's own (trigram indexes, collation, cursors):
  // every dialect. The rest of the screen is the same whatever the database: where browser tests run.
  const itOnBrowserDialects = onBrowserDialects(dialect);
  let web: WebApp;
  let t: TestApp;
  let problems: string[];
  let center: TestOrg;
  let orgs: Record<Body, TestOrg>;
  let reporters: Record<Body, TestUser>;
  let officerA: TestUser;
  let analyst: TestUser;
  let filed: Filed[];

  beforeAll(async () => {
    web = await startWebApp(browser(), dialect);
    t = web.t;
    problems = web.problems;
    center = await t.org('center');
    const a = await t.org('ministry');
    const b = await t.org('ministry');
    orgs = {
      a,
      a1: await t.org('agency', { parent: a }),
      a2: await t.org('agency', { parent: a }),
      a3: await t.org('agency', { parent: a }),
      b,
      b1: await t.org('agency', { parent: b }),
    };
    reporters = {} as Record<Body, TestUser>;
    for (const body of Object.keys(orgs) as Body[])
      reporters[body] = await t.user(orgs[body], 'reporter', PASSWORD);
    officerA = await t.user(a, 'security-officer', PASSWORD);
    analyst = await t.user(center, 'center-analyst', PASSWORD);

    const start = Date.now();
    filed = [];
    for (const seed of seeds()) {
      t.clock.set(new Date(start - seed.ago));
      const incident = await t.fileIncident(reporters[seed.body], {
        title: seed.title,
        summary: seed.summary,
        ...(seed.severity ? { severity: seed.severity } : {}),
        ...(seed.category ? { category: seed.category } : {}),
      });
      if (seed.final) {
        const res = await t.request(reporters[seed.body], {
          method: 'POST',
          url: `/api/v1/incidents/${incident.id}/reports`,
          payload: { kind: 'final', text: '対応を完了した。' },
        });
        expect(res.statusCode).toBe(201);
      }
      const chain = incident.chain as { reportedAt: string };
      filed.push({ ...seed, id: incident.id, reportedAt: chain.reportedAt });
    }
    t.clock.set(new Date());
  });

  afterAll(async () => {
    await web?.close();
  });

  // --- What a user should see, from the seeds ---

  const ofA = () => filed.filter((f) => A_TREE.includes(f.body));
  const titles = (list: Filed[]) => list.map((f) => f.title).sort();
  const newestFirst = (x: Filed, y: Filed) => y.reportedAt.localeCompare(x.reportedAt);
  const matches = (f: Filed, term: string) => `${f.title} ${f.summary}`.includes(term);
  const since = (from: Date, to?: Date) => (f: Filed) =>
    Date.parse(f.reportedAt) >= from.getTime() && (!to || Date.parse(f.reportedAt) < to.getTime());

  // --- What the page shows ---

  const rows = (page: Page) => page.locator('table.incidents tbody th a');
  const shown = async (page: Page) => (await rows(page).allTextContents()).sort();
  const shownInOrder = (page: Page) => rows(page).allTextContents();
  /** Waits until the list shows exactly these incidents (the table keeps the old page while the next loads). */
  const expectList = (page: Page, expected: Filed[]) =>
    expect.poll(() => shown(page), { timeout: 10_000 }).toEqual(titles(expected));
  const expectOrder = (page: Page, expected: Filed[]) =>
    expect.poll(() => shownInOrder(page), { timeout: 10_000 }).toEqual(expected.map((f) => f.title));
  const query = (page: Page) => new URL(page.url()).searchParams;
  const clear = (page: Page) => page.getByRole('button', { name: '条件をクリア' }).click();

  async function openList(user: TestUser, options = DESKTOP, path = '/incidents') {
    const page = await web.openPage(options);
    await web.signIn(page, user, { path });
    await page.getByRole('heading', { level: 1, name: '事案一覧' }).waitFor();
    await page.getByRole('complementary').getByText('受信中').waitFor();
    return page;
  }

  it('a ministry narrows its list with each filter, and the address brings the view back', async () => {
    const page = await openList(officerA);
    await page.getByText('自府省庁と所管法人の事案').waitFor();
    await expectList(page, ofA());
    await page.getByRole('status').getByText(`${ofA().length} 件`).waitFor();

    await page.getByLabel('状態').selectOption('final');
    await expectList(
      page,
      ofA().filter((f) => f.final),
    );
    expect(query(page).get('status')).toBe('final');
    await clear(page);
    await expectList(page, ofA());
    // Clearing leaves the focus in the search box, not on the vanished button.
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('incident-search');

    await page.getByLabel('深刻度', { exact: true }).selectOption('critical');
    await expectList(
      page,
      ofA().filter((f) => f.severity === 'critical'),
    );
    await clear(page);

    await page.getByLabel('分類').selectOption('malicious-code/infected-system');
    await expectList(
      page,
      ofA().filter((f) => f.category === 'malicious-code/infected-system'),
    );
    await clear(page);

    // The body: an agency; the ministry alone; the ministry with its agencies.
    const body = page.getByLabel('報告元', { exact: true });
    await body.selectOption(orgs.a1.slug);
    await expectList(
      page,
      ofA().filter((f) => f.body === 'a1'),
    );
    await body.selectOption(orgs.a.slug);
    await expectList(
      page,
      ofA().filter((f) => f.body === 'a'),
    );
    // The other ministry is not even offered.
    expect(await body.locator(`option[value="${orgs.b.slug}"]`).count()).toBe(0);
    await page.getByLabel('所管の独立行政法人等を含む').check();
    await expectList(page, ofA());
    expect(query(page).get('agencies')).toBe('1');
    await clear(page);

    // Periods in Tokyo's calendar: today, the last 7 days, this fiscal year (from April 1), chosen dates.
    const now = new Date();
    const today = startOfDay(now);
    await page.getByLabel('今日').check();
    await expectList(page, ofA().filter(since(today)));
    await page.getByLabel('7日間').check();
    await expectList(page, ofA().filter(since(new Date(today.getTime() - 6 * DAY))));
    await page.getByLabel('今年度').check();
    await expectList(page, ofA().filter(since(startOfFiscalYear(now))));
    const threeDaysAgo = ofA().find((f) => f.ago > 2 * DAY && f.ago < 4 * DAY) as Filed;
    const day = tokyoDay(new Date(threeDaysAgo.reportedAt));
    await page.getByLabel('日付を指定').check();
    await page.getByLabel('開始日').fill(day);
    await page.getByLabel('終了日').fill(day);
    const dayStart = startOfDay(new Date(threeDaysAgo.reportedAt));
    const onThatDay = ofA().filter(since(dayStart, new Date(dayStart.getTime() + DAY)));
    expect(onThatDay.map((f) => f.title)).toContain(threeDaysAgo.title);
    await expectList(page, onThatDay);
    expect(Object.fromEntries(query(page))).toMatchObject({ period: 'custom', from: day, to: day });
    await clear(page);

    // Several filters at once, then a reload: the address alone restores them.
    await page.getByLabel('状態').selectOption('open');
    await page.getByLabel('深刻度', { exact: true }).selectOption('high');
    const openHigh = ofA().filter((f) => !f.final && f.severity === 'high');
    await expectList(page, openHigh);
    await expectAccessible(page, 'the incident list with filters');
    await web.shot(page, 'list-filtered');
    await page.reload();
    await page.getByRole('heading', { level: 1, name: '事案一覧' }).waitFor();
    await expectList(page, openHigh);
    expect(await page.getByLabel('状態').inputValue()).toBe('open');
    expect(await page.getByLabel('深刻度', { exact: true }).inputValue()).toBe('high');

    // The menu link to the list shows the plain list again.
    await page.getByRole('navigation').getByRole('link', { name: '事案一覧' }).click();
    await expectList(page, ofA());
    // This ministry reviews nothing, so its list is its `/` (a ministry in review mode lands on its queue and
    // finds its list at /incidents: navigation.test.ts).
    expect(page.url()).toBe(`${web.base}/`);

    // Nothing matches: the empty list says so.
    await page.getByLabel('検索').fill('該当しない語句です');
    await page.getByText('該当する事案はありません。').waitFor();
    await expectAccessible(page, 'the empty incident list');
    await web.shot(page, 'list-empty');
    expect(problems).toEqual([]);
  }, 120_000);

  it('searches in Japanese, by full text from 3 characters and by substring below', async () => {
    const page = await openList(officerA);
    for (const term of ['ランサムウェア', '攻撃', '事案報告 攻撃']) {
      await page.getByLabel('検索').fill(term);
      const terms = term.split(' ');
      const expected = ofA().filter((f) => terms.every((w) => matches(f, w)));
      expect(expected.length).toBeGreaterThan(0);
      expect(expected.length).toBeLessThan(ofA().length);
      // The address first: two terms can list what one of them listed already.
      await expect.poll(() => query(page).get('q')).toBe(term);
      await expectList(page, expected);
    }
    // Half-width katakana finds what full-width does, and the hint says what is searched and how.
    await page.getByLabel('検索').fill('ﾗﾝｻﾑｳｪｱ');
    await expect.poll(() => query(page).get('q')).toBe('ﾗﾝｻﾑｳｪｱ');
    await expectList(
      page,
      ofA().filter((f) => matches(f, 'ランサムウェア')),
    );
    const hint = await page.getByLabel('検索').getAttribute('aria-describedby');
    expect(await page.locator(`#${hint}`).textContent()).toContain('報告の本文');
    // An emptied box lists everything again.
    await page.getByLabel('検索').fill('');
    await expectList(page, ofA());
    expect(problems).toEqual([]);
  }, 60_000);

  it('sorts by severity and by oldest, from the select and from the column headers', async () => {
    const page = await openList(officerA);
    await expectOrder(page, [...ofA()].sort(newestFirst));

    await page.getByLabel('並び順').selectOption('severity-desc');
    const bySeverity = [...ofA()].sort(
      (x, y) => RANK[y.severity ?? 'none'] - RANK[x.severity ?? 'none'] || newestFirst(x, y),
    );
    await expectOrder(page, bySeverity);
    const severityHeader = page.locator('table.incidents thead th').filter({ hasText: '深刻度' });
    expect(await severityHeader.getAttribute('aria-sort')).toBe('descending');

    // The reported-at header: newest first, then oldest first.
    const reportedHeader = page.locator('table.incidents thead th').filter({ hasText: '報告日時' });
    await reportedHeader.getByRole('button').click();
    await expectOrder(page, [...ofA()].sort(newestFirst));
    await reportedHeader.getByRole('button').click();
    await expectOrder(page, [...ofA()].sort(newestFirst).reverse());
    expect(await reportedHeader.getAttribute('aria-sort')).toBe('ascending');
    expect(await severityHeader.getAttribute('aria-sort')).toBeNull();
    expect(query(page).get('sort')).toBe('reported-asc');
    expect(await page.getByLabel('並び順').inputValue()).toBe('reported-asc');
    expect(problems).toEqual([]);
  }, 60_000);

  it('pages forward and back by cursor, three pages without duplicates, and a reload keeps the page', async () => {
    const page = await openList(officerA);
    const all = [...ofA()].sort(newestFirst);
    expect(all.length).toBeGreaterThan(20);
    expect(all.length).toBeLessThanOrEqual(30);
    const where = page.locator('.pager-where');
    const next = page.getByRole('button', { name: '次のページ' });
    const previous = page.getByRole('button', { name: '前のページ' });

    await page.getByLabel('表示件数').selectOption('10');
    await expectOrder(page, all.slice(0, 10));
    await where.getByText('1 / 3 ページ').waitFor();
    expect(await previous.getAttribute('aria-disabled')).toBe('true');
    const seen: string[] = [...(await shownInOrder(page))];

    await next.click();
    await expectOrder(page, all.slice(10, 20));
    await where.getByText('2 / 3 ページ').waitFor();
    await where.getByText('11–20 件目（全').waitFor();
    seen.push(...(await shownInOrder(page)));
    await next.click();
    await expectOrder(page, all.slice(20));
    await where.getByText('3 / 3 ページ').waitFor();
    seen.push(...(await shownInOrder(page)));
    expect(await next.getAttribute('aria-disabled')).toBe('true');
    // Pressed at the end, it changes nothing, and the focus stays on it.
    await next.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toContain('次のページ');
    await where.getByText('3 / 3 ページ').waitFor();
    expect(seen).toEqual(all.map((f) => f.title));
    expect(new Set(seen).size).toBe(all.length);
    expect(query(page).get('after')?.split('.')).toHaveLength(2);

    await page.reload();
    await page.getByRole('heading', { level: 1, name: '事案一覧' }).waitFor();
    await expectOrder(page, all.slice(20));
    await where.getByText('3 / 3 ページ').waitFor();

    await previous.click();
    await expectOrder(page, all.slice(10, 20));
    // The page that was turned to takes the focus: the table, read from its name.
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('TABLE');
    await previous.click();
    await expectOrder(page, all.slice(0, 10));
    await where.getByText('1 / 3 ページ').waitFor();
    // The browser's back button goes back a page.
    await page.goBack();
    await expectOrder(page, all.slice(10, 20));
    expect(problems).toEqual([]);
  }, 90_000);

  itOnBrowserDialects(
    'reloads in place on a live report: scroll and focus kept, the new incident highlighted',
    async () => {
      const page = await openList(officerA);
      await expectList(page, ofA());
      await markNoReload(page);
      const last = rows(page).last();
      const lastTitle = await last.textContent();
      await last.focus();
      await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
      const scrolled = await page.evaluate(() => window.scrollY);
      expect(scrolled).toBeGreaterThan(0);

      t.clock.set(new Date());
      const title = 'A2-99 新着の事案報告';
      const incident = await t.fileIncident(reporters.a2, { title, severity: 'high', summary: BASE_SUMMARY });
      filed.push({
        body: 'a2',
        title,
        summary: BASE_SUMMARY,
        severity: 'high',
        category: null,
        final: false,
        ago: 0,
        id: incident.id,
        reportedAt: (incident.chain as { reportedAt: string }).reportedAt,
      });
      await page.locator('table.incidents tr.fresh').getByRole('link', { name: title }).waitFor({
        timeout: LIVE_WITHIN_MS,
      });
      await expectList(page, ofA());
      expect(await stillSamePage(page)).toBe(true);
      await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe(lastTitle);
      // Not thrown back to the top (the browser may even scroll down by the new row to keep the view steady).
      expect(await page.evaluate(() => window.scrollY)).toBeGreaterThanOrEqual(scrolled);
      expect(problems).toEqual([]);
    },
    60_000,
  );

  itOnBrowserDialects(
    'the center sees both ministries, an agency only its own incidents, in Japanese and in English',
    async () => {
      const centerPage = await openList(analyst);
      await centerPage.getByText('センターに連絡された事案').waitFor();
      await expectList(centerPage, filed);
      const body = centerPage.getByLabel('報告元', { exact: true });
      await body.selectOption(orgs.b.slug);
      await centerPage.getByLabel('所管の独立行政法人等を含む').check();
      await expectList(
        centerPage,
        filed.filter((f) => f.body === 'b' || f.body === 'b1'),
      );

      // The same list in English.
      await centerPage.getByRole('button', { name: 'English' }).click();
      await centerPage.getByRole('heading', { level: 1, name: 'Incidents' }).waitFor();
      await centerPage.getByText('Incidents reported to the center').waitFor();
      await centerPage.getByRole('status').getByText('3 incidents').waitFor();
      await expectAccessible(centerPage, 'the incident list in English');
      await web.shot(centerPage, 'list-english');
      await centerPage.getByRole('button', { name: '日本語' }).click();
      await centerPage.getByRole('heading', { level: 1, name: '事案一覧' }).waitFor();

      const agencyPage = await openList(reporters.a1);
      await agencyPage.getByText('自組織の事案').waitFor();
      await expectList(
        agencyPage,
        filed.filter((f) => f.body === 'a1'),
      );
      // An agency has no body to choose.
      expect(await agencyPage.getByLabel('報告元', { exact: true }).count()).toBe(0);
      expect(problems).toEqual([]);
    },
    60_000,
  );

  itOnBrowserDialects(
    'works as cards on a 360 px phone',
    async () => {
      const page = await openList(officerA, PHONE);
      await expectList(page, ofA());
      const filters = page.locator('.list-filters details');
      // Folded at first, so that the list is in sight.
      expect(await filters.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
      await page.getByText('絞り込み', { exact: true }).click();
      await page.getByLabel('深刻度', { exact: true }).selectOption('critical');
      await expectList(
        page,
        ofA().filter((f) => f.severity === 'critical'),
      );
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width).toBeLessThanOrEqual(360);
      const card = await page.locator('table.incidents tbody tr').first().boundingBox();
      expect(card?.width).toBeLessThanOrEqual(360);
      await web.shot(page, 'list-phone');
      await expectAccessible(page, 'the incident list on a phone');
      expect(problems).toEqual([]);
    },
    60_000,
  );

  if (BROWSER_DIALECTS.includes(dialect))
    describe('review queue', () => {
      let ministry: TestOrg;
      let officer: TestUser;
      let reporter: TestUser;

      beforeAll(async () => {
        ministry = await t.org('ministry', { reviewMode: true, reviewDeadlineMinutes: 30 });
        const agency = await t.org('agency', { parent: ministry });
        officer = await t.user(ministry, 'security-officer', PASSWORD);
        reporter = await t.user(agency, 'reporter', PASSWORD);
      });

      const item = (page: Page, title: string): Locator =>
        page.locator('.review-item').filter({ has: page.getByRole('heading', { name: title }) });

      async function file(title: string, reportedAt: Date) {
        t.clock.set(reportedAt);
        const incident = await t.fileIncident(reporter, { title, summary: `${title}：確認をお願いします。` });
        t.clock.set(new Date());
        return incident as { id: string; chain: { reviewDueAt: string } };
      }

      it('counts down, forwards in one action, and lets the server forward what is overdue, all live', async () => {
        const page = await web.openPage(DESKTOP);
        await web.signIn(page, officer);
        await page.getByRole('navigation').getByRole('link', { name: '確認待ち', exact: true }).click();
        await page.getByRole('heading', { level: 1, name: '確認待ちの報告' }).waitFor();
        await page.getByRole('complementary').getByText('受信中').waitFor();
        await page.getByTestId('review-mode').getByText('オン：確認期限は報告から30分です。').waitFor();
        await page.getByText('確認待ちの報告はありません。').waitFor();
        await expectAccessible(page, 'the empty review queue');
        await markNoReload(page);

        const centerPage = await openList(analyst, DESKTOP, '/?status=open');
        const atCenter = (title: string) =>
          centerPage.locator('table.incidents').getByRole('link', { name: title });

        // Two reports arrive live, each with its countdown.
        const x = await file('確認待ちX', new Date());
        const y = await file('確認待ちY', new Date(Date.now() + 1000));
        await item(page, '確認待ちY').waitFor({ timeout: LIVE_WITHIN_MS });
        await item(page, '確認待ちX').waitFor();
        const timer = item(page, '確認待ちX').getByRole('timer');
        const first = await timer.textContent();
        expect(first).toMatch(/^残り (29|30)分\d{1,2}秒$/);
        await expect.poll(() => timer.textContent(), { timeout: 3000 }).not.toBe(first);
        await web.shot(page, 'review-queue');
        await expectAccessible(page, 'the review queue');

        // One action forwards X (with a note); the focus moves to the next report; the center has it live.
        await item(page, '確認待ちX').getByText('転送にメモを添える').click();
        await item(page, '確認待ちX').getByLabel('センターへのメモ（任意）').fill('内容を確認済み。');
        await item(page, '確認待ちX').getByRole('button', { name: 'センターへ転送' }).click();
        await page.getByRole('status').getByText('「確認待ちX」をセンターへ転送しました。').waitFor();
        await item(page, '確認待ちX').waitFor({ state: 'detached' });
        await expect
          .poll(() => page.evaluate(() => document.activeElement?.id))
          .toBe(`review-${y.id}-heading`);
        await atCenter('確認待ちX').waitFor({ timeout: LIVE_WITHIN_MS });
        const forwardedX = await t.request(analyst, { method: 'GET', url: `/api/v1/incidents/${x.id}` });
        expect(forwardedX.json().chain.centerReceivedAt).not.toBeNull();

        // Z was reported 31 minutes ago: overdue. W comes within 5 minutes of its deadline: announced once.
        await file('確認待ちZ', new Date(Date.now() - 31 * MINUTE));
        await file('確認待ちW', new Date(Date.now() - 25 * MINUTE + 8000));
        await item(page, '確認待ちZ')
          .getByRole('timer')
          .filter({ hasText: '期限超過（自動的にセンターへ転送されます）' })
          .waitFor({ timeout: LIVE_WITHIN_MS });
        await expect
          .poll(() => page.getByTestId('deadline-announcement').textContent(), { timeout: 15_000 })
          .toBe('「確認待ちW」の確認期限まで5分を切りました。');
        expect(await item(page, '確認待ちW').getByRole('timer').textContent()).toMatch(/^残り 4分\d{1,2}秒$/);

        // The server's sweep forwards Z; it leaves the queue and reaches the center, live.
        expect(await forwardOverdue(t.services.handle, t.services.incidentDeps)).toBe(1);
        await item(page, '確認待ちZ').waitFor({ state: 'detached', timeout: LIVE_WITHIN_MS });
        await atCenter('確認待ちZ').waitFor({ timeout: LIVE_WITHIN_MS });

        // Past Y's deadline: the sweep forwards W and Y; the queue is empty, the focus on its list heading.
        t.clock.set(new Date(Date.parse(y.chain.reviewDueAt) + 1000));
        expect(await forwardOverdue(t.services.handle, t.services.incidentDeps)).toBe(2);
        t.clock.set(new Date());
        await page.getByText('確認待ちの報告はありません。').waitFor({ timeout: LIVE_WITHIN_MS });
        await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('review-items-heading');
        await atCenter('確認待ちY').waitFor({ timeout: LIVE_WITHIN_MS });
        expect(await stillSamePage(page)).toBe(true);
        expect(problems).toEqual([]);
      }, 120_000);

      it('reads in English, and a ministry without review mode says reports go on at once', async () => {
        await file('確認待ちE', new Date());
        const page = await web.openPage(DESKTOP);
        await web.signIn(page, officer);
        await page.getByRole('button', { name: 'English' }).click();
        await page.getByRole('navigation').getByRole('link', { name: 'Awaiting review' }).click();
        await page.getByRole('heading', { level: 1, name: 'Reports awaiting review' }).waitFor();
        await item(page, '確認待ちE')
          .getByRole('timer')
          .filter({ hasText: /^(29|30) min \d{1,2} s left$/ })
          .waitFor();
        await item(page, '確認待ちE').getByRole('button', { name: 'Forward to the center' }).waitFor();
        await expectAccessible(page, 'the review queue in English');
        await page.getByRole('button', { name: '日本語' }).click();

        const plain = await t.org('ministry');
        const plainOfficer = await t.user(plain, 'security-officer', PASSWORD);
        const other = await web.openPage(DESKTOP);
        await web.signIn(other, plainOfficer, { path: '/review' });
        await other.getByRole('heading', { level: 1, name: '確認待ちの報告' }).waitFor();
        await other
          .getByTestId('review-mode')
          .getByText(/^オフ：/)
          .waitFor();
        // Not the other ministry's report.
        await other.getByText('確認待ちの報告はありません。').waitFor();
        expect(problems).toEqual([]);
      }, 60_000);
    });
});
