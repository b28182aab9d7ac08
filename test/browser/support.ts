import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import axe from 'axe-core';
import {
  type Browser,
  type BrowserContextOptions,
  type CDPSession,
  type Cookie,
  chromium,
  type Page,
} from 'playwright-core';
import { afterEach, beforeAll, beforeEach, expect, vi } from 'vitest';
import { totpCode } from '../../src/features/mfa/totp.js';
import type { TestDialect as Dialect } from '../support/databases.js';
import { startTestApp, type TestApp, type TestUser } from '../support/harness.js';
import { freePort } from '../support/throwaway-postgres.js';

// What every browser test file shares: Debian's Chromium, a real server on loopback serving the built app
// (dist/web, built by build-web.ts), pages that record anything the browser refused or threw, logging in
// (through the form in the tests about it, through its API once per user otherwise: signIn), axe-core, and screenshots for reviewers under test-results/screenshots.

export const SHOTS = join('test-results', 'screenshots');
/**
 * Screenshots are for a person to look at, and assert nothing: taken on a developer's machine, not in CI
 * (where nobody sees them and each full-page capture costs a second of a shared CPU) unless asked for with
 * RENRAKU_TEST_SCREENSHOTS=1.
 */
const SCREENSHOTS = process.env.RENRAKU_TEST_SCREENSHOTS
  ? process.env.RENRAKU_TEST_SCREENSHOTS === '1'
  : !process.env.CI;
export const PASSWORD = 'browser-test-passphrase-2026';
/** How soon something filed elsewhere must show on an open page. */
export const LIVE_WITHIN_MS = 5_000;
export const DESKTOP: BrowserContextOptions = { viewport: { width: 1280, height: 800 } };
export const PHONE: BrowserContextOptions = {
  viewport: { width: 360, height: 740 },
  isMobile: true,
  hasTouch: true,
  deviceScaleFactor: 2,
};

/** Launches Debian's Chromium; never a downloaded browser. */
export function launchBrowser(): Promise<Browser> {
  mkdirSync(SHOTS, { recursive: true });
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** A page a test was lent (openPage), given back when the test ends. */
interface Lent {
  page: Page;
  /** The options of its context: a page is lent again only for the same ones. */
  key: string;
  /** The origin of the app that lent it. */
  origin: string;
  viewport: { width: number; height: number };
  /** The pages of the app that lent it, which it leaves. */
  held: Set<Page>;
}
/** What the running test was lent (not what it asked to keep: openPage's `keep`). */
const lentToTest: Lent[] = [];
let testRunning = false;
/** Pages given back, blank, without cookies or storage, per browser and context options. */
const idle = new WeakMap<Browser, Map<string, Page[]>>();
/** Pages whose test changed something that cannot be undone (an init script, a route, a CDP session…). */
const changedForGood = new WeakSet<Page>();

/**
 * Opening a page is what costs in a browser test: about 1.2 s of Chromium's CPU for a page with nothing in it,
 * against 0.2 s to load a document into a page already open (measured on CI's 2-core machine). So a test's
 * pages are not closed when it ends but emptied and lent to the next test that asks for a page with the same
 * context options: its cookies cleared (no session goes from one user to the next), the app's local and
 * session storage cleared, the page unloaded to about:blank (no live stream, timer or listener of the old test
 * runs on), the old test's listeners removed, the network back online and the viewport as asked. A page is
 * closed instead when that cannot make it as new: it was closed or had a second page opened beside it, it was
 * left on another site, or its test did something that lasts (LASTING).
 */
const LASTING: Record<'page' | 'context' | 'clock', string[]> = {
  page: [
    'addInitScript',
    'exposeBinding',
    'exposeFunction',
    'route',
    'routeFromHAR',
    'routeWebSocket',
    'emulateMedia',
    'setExtraHTTPHeaders',
    'setDefaultTimeout',
    'setDefaultNavigationTimeout',
    'addLocatorHandler',
  ],
  context: [
    'addInitScript',
    'exposeBinding',
    'exposeFunction',
    'route',
    'routeFromHAR',
    'routeWebSocket',
    'newCDPSession',
    'newPage',
    'grantPermissions',
    'setGeolocation',
    'setExtraHTTPHeaders',
    'setHTTPCredentials',
    'setDefaultTimeout',
    'setDefaultNavigationTimeout',
  ],
  clock: ['install', 'setFixedTime', 'setSystemTime', 'fastForward', 'runFor', 'pauseAt'],
};

/** The events of a page that tests and openPage listen to (Playwright's own use of `close` and `crash` stays). */
const TEST_EVENTS = [
  'console',
  'pageerror',
  'request',
  'response',
  'requestfinished',
  'requestfailed',
  'dialog',
  'download',
  'filechooser',
  'popup',
  'framenavigated',
  'frameattached',
  'framedetached',
  'load',
  'domcontentloaded',
  'websocket',
  'worker',
] as const;

/** Marks the page as changed for good when its test calls one of the LASTING methods. */
function watchLasting(page: Page): void {
  const wrap = (target: object, names: string[]) => {
    const methods = target as Record<string, unknown>;
    for (const name of names) {
      const original = methods[name];
      if (typeof original !== 'function') continue;
      methods[name] = (...args: unknown[]) => {
        changedForGood.add(page);
        return original.apply(target, args);
      };
    }
  };
  wrap(page, LASTING.page);
  wrap(page.context(), LASTING.context);
  wrap(page.clock, LASTING.clock);
}

/** The DevTools session of each page, opened with it: giveBack empties the page's history through it. */
const devTools = new WeakMap<Page, CDPSession>();

/** Empties a page for the next test, or closes it when that cannot make it as new. */
async function giveBack(browser: Browser, { page, key, origin, viewport, held }: Lent): Promise<void> {
  held.delete(page);
  const context = page.context();
  const url = page.isClosed() ? '' : page.url();
  const session = devTools.get(page);
  const reusable =
    !page.isClosed() &&
    !changedForGood.has(page) &&
    session !== undefined &&
    context.pages().length === 1 &&
    (url === 'about:blank' || new URL(url).origin === origin);
  if (reusable) {
    try {
      for (const event of TEST_EVENTS) page.removeAllListeners(event);
      await page.evaluate(() => {
        if (window.location.protocol !== 'about:') {
          window.localStorage.clear();
          window.sessionStorage.clear();
        }
      });
      await page.goto('about:blank');
      // The history of the tests (and files) before is forgotten: a test that counts entries (history.length,
      // Back) counts from one, as in a new page.
      await session.send('Page.resetNavigationHistory');
      for (let asked = 1; (await page.evaluate(() => window.history.length)) !== 1; asked++) {
        if (asked === 100) throw new Error('the history was not emptied');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      await context.clearCookies();
      await context.clearPermissions();
      await context.setOffline(false);
      await page.setViewportSize(viewport);
      const pool = idle.get(browser) ?? new Map<string, Page[]>();
      idle.set(browser, pool);
      pool.set(key, [...(pool.get(key) ?? []), page]);
      return;
    } catch {
      // Not as new: closed below.
    }
  }
  await context.close().catch(() => undefined);
}

/** The worker's Chromium: launched for its first browser file, kept for the next (see workerBrowser). */
let launched: Promise<Browser> | undefined;

/**
 * Chromium for the browser files a Vitest worker runs, one after the other (`isolate: false`: the worker keeps
 * this module from one file to the next). Launching it and opening the first pages of each file in a new one
 * cost a few seconds of CPU per file; kept, the next file is lent the pages the last one gave back, blank,
 * without cookies or storage (giveBack), and each file's app has an origin of its own (its own port). Launched
 * anew if it went away (a crash). When Vitest ends the worker (SIGTERM), the worker exits at once and Playwright
 * kills Chromium on the way out, as it does for a launched browser whenever its process exits.
 */
function workerBrowser(): Promise<Browser> {
  launched ??= launchBrowser().then(
    (browser) => {
      browser.on('disconnected', () => {
        launched = undefined;
      });
      return browser;
    },
    (error: unknown) => {
      launched = undefined;
      throw error;
    },
  );
  return launched;
}
process.once('SIGTERM', () => process.exit(143));

/**
 * Chromium for the tests of one file (the worker's: see workerBrowser); the getter is for inside tests. The
 * pages a test opens are given back when it ends (see giveBack).
 */
export function sharedBrowser(): () => Browser {
  // A browser flow logs in (most roles with a second factor) and waits for the screen and live updates: on a CI
  // machine running other suites beside it, that takes more than an API test's 30 seconds. Set for each file
  // (Vitest resets the configuration between files, and a worker loads this module once for all of its files).
  vi.setConfig({ testTimeout: 120_000 });
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await workerBrowser();
  });
  beforeEach(() => {
    testRunning = true;
  });
  // A test's pages end with it (given back: see giveBack): left open, each went on receiving its live stream and
  // loading its screen's data again on every event the later tests of the file caused.
  afterEach(async () => {
    testRunning = false;
    const lent = lentToTest.splice(0);
    const b = browser;
    if (b) await Promise.all(lent.map((l) => giveBack(b, l)));
  });
  return () => {
    if (!browser) throw new Error('the browser is launched in beforeAll');
    return browser;
  };
}

export interface WebApp {
  t: TestApp;
  base: string;
  /** Anything the browser refused (CSP violations) or threw, on any page of this app; tests expect none. */
  problems: string[];
  /**
   * A page of its own browser context, in Japanese, in Tokyo, whose refusals and errors are recorded: new, or
   * one an earlier test was given and left as new (no cookies, no storage, blank: see giveBack). Opened in a
   * test, it is given back when the test ends, unless `keep` (a page the file's later tests go on using; one
   * opened in beforeAll is kept too); kept pages are closed with the app.
   */
  openPage(options?: BrowserContextOptions & { lang?: 'ja' | 'en'; keep?: boolean }): Promise<Page>;
  /** Logs in through the form; waits for the first screen of the user's role to show. */
  logIn(page: Page, user: TestUser, options?: { path?: string }): Promise<void>;
  /**
   * Opens the path as this user, for a test that is not about logging in. The first time for this user on this
   * app, the page's own browser context logs in through the API the form calls (password, then the
   * authenticator app's code), which sets the same session cookies without drawing the log-in screens; later,
   * the page is given the session cookies that log-in gave (only the cookies: nothing a page kept in its
   * storage, such as a draft or the language, goes from one test to the next). A session that no longer holds
   * (logged out, expired by the server's clock) logs in again. The form itself is driven by logIn, in the tests
   * about logging in (admin, security, sso).
   */
  signIn(page: Page, user: TestUser, options?: { path?: string }): Promise<void>;
  /**
   * Sets up an authenticator app on the security screen shown (or the enrolment step): reads the key the page
   * shows, types the code an app would show now (by the server's clock), and returns the key with the recovery
   * codes the page then shows once.
   */
  enrolTotp(page: Page): Promise<{ secret: string; recoveryCodes: string[] }>;
  /** Saves a full-page screenshot named after the dialect, for a reviewer to look at. */
  shot(page: Page, name: string): Promise<void>;
  /** The screen on a 360 px wide phone: nothing wider than the screen, axe, and a screenshot to look at. */
  onPhone(page: Page, name: string): Promise<void>;
  close(): Promise<void>;
}

/** A server on loopback for one dialect, with the helpers browser tests use. */
export async function startWebApp(
  browser: Browser,
  dialect: Dialect,
  options: Parameters<typeof startTestApp>[1] & {
    /**
     * Serve the app as http://localhost:PORT, its public URL: WebAuthn needs a domain name as the relying
     * party (an IP address is none), and Chromium treats localhost as a secure context.
     */
    localhost?: boolean;
  } = {},
): Promise<WebApp> {
  const { localhost, ...appOptions } = options;
  const port = localhost ? await freePort() : 0;
  const publicUrl = localhost ? { publicUrl: `http://localhost:${port}` } : {};
  // The server's clock starts at the real time: the browser proposes "now" as the detection time.
  const t = await startTestApp(dialect, {
    start: new Date().toISOString(),
    ...appOptions,
    config: { ...appOptions.config, ...publicUrl },
  });
  await t.app.listen({ host: '127.0.0.1', port });
  const host = localhost ? 'localhost' : '127.0.0.1';
  const base = `http://${host}:${(t.app.server.address() as AddressInfo).port}`;
  const problems: string[] = [];
  /** The pages this app lent and that were not given back. */
  const pages = new Set<Page>();
  const sessions = new Map<string, Cookie[]>();
  const shot = async (page: Page, name: string) => {
    if (!SCREENSHOTS) return;
    await page.screenshot({ path: join(SHOTS, `${dialect}-${name}.png`), fullPage: true });
  };

  const logIn: WebApp['logIn'] = async (page, user, { path = '/' } = {}) => {
    await page.goto(`${base}${path}`);
    await page.getByLabel('メールアドレス').fill(user.email);
    await page.getByLabel('パスワード').fill(PASSWORD);
    await page.getByRole('button', { name: 'ログイン', exact: true }).click();
    // A user whose role needs a second factor answers it with its authenticator app (set up by the harness).
    const loggedIn = page.getByRole('button', { name: 'ログアウト' });
    const code = page.getByLabel('認証アプリの6桁のコード');
    await loggedIn.or(code).first().waitFor();
    if (user.totpSecret && (await code.isVisible())) {
      await code.fill(await t.totpCodeFor(user));
      await page.getByRole('button', { name: '確認する' }).click();
    }
    await loggedIn.waitFor();
    await page.getByRole('heading', { level: 1 }).first().waitFor();
  };

  /** Logs in as the form does, through the page context's own requests: the context keeps the cookies set. */
  const logInByApi = async (page: Page, user: TestUser) => {
    const api = page.context().request;
    const first = await api.post(`${base}/api/v1/session`, {
      data: { email: user.email, password: PASSWORD },
      headers: { origin: base },
    });
    if (!first.ok())
      throw new Error(`log-in of ${user.email} failed: ${first.status()} ${await first.text()}`);
    let body = (await first.json()) as { stage: string; csrfToken: string };
    if (body.stage === 'second-factor') {
      const second = await api.post(`${base}/api/v1/session/second-factor`, {
        data: { method: 'totp', code: await t.totpCodeFor(user) },
        headers: { origin: base, 'x-csrf-token': body.csrfToken },
      });
      if (!second.ok())
        throw new Error(`second factor of ${user.email} failed: ${second.status()} ${await second.text()}`);
      body = (await second.json()) as { stage: string; csrfToken: string };
    }
    if (body.stage !== 'complete') throw new Error(`log-in of ${user.email} stopped at ${body.stage}`);
  };

  return {
    t,
    base,
    problems,
    async openPage(opts = {}) {
      const { lang = 'ja', keep = false, ...contextOptions } = opts;
      const options: BrowserContextOptions = {
        ...DESKTOP,
        ...contextOptions,
        locale: lang === 'ja' ? 'ja-JP' : 'en-GB',
        timezoneId: 'Asia/Tokyo',
      };
      const key = JSON.stringify(options);
      const pool = idle.get(browser)?.get(key) ?? [];
      let page = pool.pop();
      while (page?.isClosed()) page = pool.pop();
      if (!page) {
        page = await (await browser.newContext(options)).newPage();
        // Opened before watchLasting, which counts a test's own DevTools session as a lasting change.
        devTools.set(page, await page.context().newCDPSession(page));
        watchLasting(page);
      }
      if (testRunning && !keep)
        lentToTest.push({
          page,
          key,
          origin: new URL(base).origin,
          viewport: options.viewport as { width: number; height: number },
          held: pages,
        });
      pages.add(page);
      page.on('console', (message) => {
        if (/Content Security Policy|Refused to/i.test(message.text())) problems.push(message.text());
      });
      page.on('pageerror', (error) => problems.push(error.message));
      return page;
    },
    logIn,
    async signIn(page, user, { path = '/' } = {}) {
      const saved = sessions.get(user.email);
      if (saved) {
        await page.context().addCookies(saved);
        await page.goto(`${base}${path}`);
        const loggedIn = page.getByRole('button', { name: 'ログアウト' });
        await loggedIn
          .or(page.getByRole('button', { name: 'ログイン', exact: true }))
          .first()
          .waitFor();
        if (await loggedIn.isVisible()) {
          await page.getByRole('heading', { level: 1 }).first().waitFor();
          return;
        }
      }
      await logInByApi(page, user);
      await page.goto(`${base}${path}`);
      await page.getByRole('button', { name: 'ログアウト' }).waitFor();
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      sessions.set(user.email, await page.context().cookies(base));
    },
    shot,
    async enrolTotp(page) {
      await page.getByRole('button', { name: '認証アプリを設定する' }).click();
      const secret = ((await page.getByTestId('totp-secret').textContent()) ?? '').replace(/\s/g, '');
      await page.getByLabel('認証アプリに表示された6桁のコード').fill(totpCode(secret, t.clock.now()));
      await page.getByRole('button', { name: '確認して有効にする' }).click();
      const codes = page.getByRole('list', { name: '回復コードの一覧' });
      await codes.waitFor();
      return { secret, recoveryCodes: await codes.getByRole('listitem').allTextContents() };
    },
    async onPhone(page, name) {
      await page.setViewportSize(PHONE.viewport as { width: number; height: number });
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow, `${name} fits a phone`).toBeLessThanOrEqual(0);
      await expectAccessible(page, `${name} on a phone`);
      await shot(page, `${name}-phone`);
      await page.setViewportSize(DESKTOP.viewport as { width: number; height: number });
    },
    async close() {
      for (const page of pages) await page.context().close();
      await t.close();
    },
  };
}

/** The WCAG 2.2 A and AA rules axe-core checks. */
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/**
 * Runs axe-core on the page as it is now, against WCAG 2.2 A and AA, and fails on any serious or critical
 * violation, naming the rule and the elements so that the fix is obvious. axe-core is loaded into the page once
 * (again only after a full load) and run where the page is: the app has no frames, so nothing needs
 * @axe-core/playwright's per-frame runs merged in a blank page of their own, which cost a new page and a
 * second copy of axe for every check.
 */
export async function expectAccessible(page: Page, where: string): Promise<void> {
  const loaded = await page.evaluate(() => 'axe' in window);
  if (!loaded) await page.evaluate(axe.source);
  const violations = await page.evaluate(
    (tags) =>
      (window as unknown as { axe: typeof axe }).axe
        .run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] })
        .then((results) =>
          results.violations.map((v) => ({
            id: v.id,
            impact: v.impact,
            targets: v.nodes.map((n) => n.target.join(' ')),
          })),
        ),
    WCAG_TAGS,
  );
  const blocking = violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.targets.join(', ')}`);
  if (blocking.length > 0) throw new Error(`axe on ${where}:\n${blocking.join('\n')}`);
}

/** Marks the page so that a later check can tell it was not reloaded (live updates happen in place). */
export const markNoReload = (page: Page) =>
  page.evaluate(() => {
    (window as unknown as { renrakuTestMark: string }).renrakuTestMark = 'still the same page';
  });

/** Whether the page still carries the mark of markNoReload. */
export const stillSamePage = async (page: Page) =>
  (await page.evaluate(() => (window as unknown as { renrakuTestMark?: string }).renrakuTestMark)) ===
  'still the same page';

/**
 * Runs `work` as in a background tab, or as when a frame is painted before React renders: no animation frame
 * runs meanwhile. Focus moved after a change must not depend on one.
 */
export async function withoutAnimationFrames(page: Page, work: () => Promise<void>): Promise<void> {
  await page.evaluate(() => {
    const w = window as Window & { realFrame?: typeof requestAnimationFrame };
    w.realFrame = w.requestAnimationFrame;
    w.requestAnimationFrame = () => 0;
  });
  try {
    await work();
  } finally {
    await page.evaluate(() => {
      const w = window as Window & { realFrame?: typeof requestAnimationFrame };
      if (w.realFrame) w.requestAnimationFrame = w.realFrame;
    });
  }
}

/**
 * A link of the main menu, ready to click: on a phone the menu is folded behind its メニュー / Menu button,
 * which is opened first (as a person would).
 */
export async function menuLink(page: Page, name: string) {
  const nav = page.getByRole('navigation', { name: /メインメニュー|Main menu/ });
  const toggle = nav.locator('button.nav-toggle');
  if ((await toggle.isVisible()) && (await toggle.getAttribute('aria-expanded')) !== 'true')
    await toggle.click();
  return nav.getByRole('link', { name, exact: true });
}
