import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { playDueInjects } from '../../src/features/exercises/exercises.runner.js';
import { ja as common } from '../../web/src/common.messages.js';
import { ja } from '../../web/src/exercises/exercises.messages.js';
import { DIALECTS, onBrowserDialects } from '../support/databases.js';
import type { TestOrg, TestUser } from '../support/harness.js';
import { expectAccessible, menuLink, PASSWORD, sharedBrowser, startWebApp, type WebApp } from './support.js';

// Exercise control in the web app, as a coordinator runs one: a scenario file with a mistake is refused with
// the problem named by inject and field; corrected, it is a draft; a save at a stale version says so; the
// builder adds an inject; the exercise is
// started (confirmed), its injects play (the runner, as the server's ticker runs it) and the control page shows
// it live; paused, resumed and ended, each confirmed; a lesson is recorded (its person chosen from the center's
// people), followed up and edited — a stale edit reloads the lesson as it stands — on the report. Every
// screen passes axe and fits a phone. A ministry's officer has no menu entry and meets the not-found page. A
// pending inject of a paused exercise shows its wait frozen, then its shifted due time (on PostgreSQL too).

const browser = sharedBrowser();

const scenarioFile = (ministry: TestOrg, level: string) => `name: 初動対処訓練（画面）
description: 机上訓練
targets:
  acknowledgeDeclarationMinutes: 15
injects:
  - at: T+0
    kind: declare
    name: 訓練事態（画面）
    description: 想定：政府機関への DDoS 攻撃
    level: ${level}
    tlp: TLP:AMBER
    scope:
      kind: bodies
      bodies:
        - slug: ${ministry.slug}
          withAgencies: true
`;

describe.each(DIALECTS)('exercise control in the web app on %s', (dialect) => {
  // The paused case runs on PostgreSQL too (its runner, pauses and live events are each dialect's SQL).
  const onBrowser = onBrowserDialects(dialect);
  let web: WebApp;
  let coordinator: TestUser;
  let officer: TestUser;
  let ministry: TestOrg;
  let exerciseId = '';

  beforeAll(async () => {
    web = await startWebApp(browser(), dialect);
    const center = await web.t.org('center');
    ministry = await web.t.org('ministry');
    await web.t.org('agency', { parent: ministry });
    coordinator = await web.t.user(center, 'center-coordinator', PASSWORD);
    officer = await web.t.user(ministry, 'security-officer', PASSWORD);
  }, 60_000);
  afterAll(async () => web?.close());

  /** Answers the open confirmation dialog with its action. */
  const confirm = async (page: Page, action: string) => {
    const dialog = page.getByRole('dialog', { name: action });
    await dialog.getByRole('button', { name: action, exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
  };
  const status = (page: Page, name: string) =>
    page
      .getByRole('status')
      .filter({ hasText: ja['exercises.status'].replace('{status}', name) })
      .waitFor();

  onBrowser(
    'writes a draft from a file (its problem shown, then fixed), adds an inject in the builder, runs and ends it',
    async () => {
      const page = await web.openPage();
      await web.signIn(page, coordinator, { path: '/situations' });
      await (await menuLink(page, ja['nav.exercises'])).click();
      await page.getByRole('heading', { level: 1, name: ja['exercises.heading'] }).waitFor();
      await page.getByText(ja['exercises.none']).waitFor();
      await expectAccessible(page, 'the exercise list');
      await page.getByRole('link', { name: ja['exercises.new'] }).click();

      // A file with an unknown level: the server's problem, by inject and field, in Japanese first.
      await page.getByLabel(ja['exercises.file']).setInputFiles({
        name: 'scenario.yaml',
        mimeType: 'application/yaml',
        buffer: Buffer.from(scenarioFile(ministry, 'no-such-level')),
      });
      const text = page.getByLabel(ja['exercises.fileText']);
      await expect.poll(() => text.inputValue()).toContain('no-such-level');
      await page.getByRole('button', { name: ja['exercises.save'] }).click();
      const problem = page.getByRole('alert').filter({ hasText: ja['exercises.problem.unknown_level'] });
      await problem.getByText('状況付与 1 · level').waitFor();
      await expectAccessible(page, 'a scenario with a problem');
      // Corrected in place: a draft, shown on its control page.
      await text.fill(scenarioFile(ministry, 'alert'));
      await page.getByRole('button', { name: ja['exercises.save'] }).click();
      // The saved draft's own address (not /exercises/new, where the page still is when the save is clicked).
      await page.waitForURL((url) => /^\/exercises\/(?!new$)[^/]+$/.test(url.pathname));
      exerciseId = new URL(page.url()).pathname.split('/').at(-1) as string;
      await status(page, ja['exercises.status.draft']);

      // The builder opens the draft as it is and adds a note at T+0.
      await page.getByRole('link', { name: ja['exercises.edit'] }).click();
      await page.getByRole('heading', { level: 1, name: /下書きの編集/ }).waitFor();
      await expect
        .poll(() => page.getByLabel(ja['exercises.field.name']).inputValue())
        .toBe('初動対処訓練（画面）');
      const addNote = async () => {
        await page.getByRole('button', { name: ja['exercises.addInject'] }).click();
        const second = page.getByRole('group', { name: '状況付与 2' });
        await second.getByLabel(ja['exercises.inject.kind']).selectOption('note');
        await second.getByLabel(ja['exercises.inject.text']).fill('各府省庁へ状況確認を依頼');
      };
      // Someone else saves the draft meanwhile: the save at the version read is refused, and says so.
      const read = await web.t.request(coordinator, {
        method: 'GET',
        url: `/api/v1/exercises/${exerciseId}`,
      });
      const other = await web.t.request(coordinator, {
        method: 'PUT',
        url: `/api/v1/exercises/${exerciseId}/scenario`,
        payload: {
          version: (read.json() as { version: number }).version,
          file: scenarioFile(ministry, 'alert').replace('机上訓練', '机上訓練（改）'),
        },
      });
      expect(other.statusCode, other.body).toBe(200);
      await addNote();
      await expectAccessible(page, 'the scenario builder');
      await page.getByRole('button', { name: ja['exercises.save'] }).click();
      await page.getByText(ja['exercises.refused.exercises.version_conflict']).waitFor();
      await page.getByRole('button', { name: ja['exercises.reload'] }).click();
      await expect
        .poll(() => page.getByLabel(ja['exercises.field.description'], { exact: true }).inputValue())
        .toBe('机上訓練（改）');
      await addNote();
      await page.getByRole('button', { name: ja['exercises.save'] }).click();
      await page.waitForURL(`**/exercises/${exerciseId}`);
      await page.getByRole('rowheader', { name: '各府省庁へ状況確認を依頼' }).waitFor();

      // Started after a confirmation; the injects play and the page shows it live, with the situation's link.
      await page.getByRole('button', { name: ja['exercises.action.start'] }).click();
      await expectAccessible(page, 'the start confirmation');
      await confirm(page, ja['exercises.action.start']);
      await status(page, ja['exercises.status.running']);
      expect(await playDueInjects(web.t.handle, web.t.services.exerciseDeps)).toBe(2);
      await expect.poll(() => page.getByRole('cell', { name: ja['exercises.state.played'] }).count()).toBe(2);
      await page.getByRole('link', { name: ja['exercises.situation'] }).waitFor();
      await expectAccessible(page, 'the control page');
      await web.onPhone(page, 'exercise-control');

      for (const [action, after] of [
        ['pause', 'paused'],
        ['resume', 'running'],
        ['end', 'ended'],
      ] as const) {
        await page.getByRole('button', { name: ja[`exercises.action.${action}`] }).click();
        await confirm(page, ja[`exercises.action.${action}`]);
        await status(page, ja[`exercises.status.${after}`]);
      }

      // The list says where it stands.
      await page.goto(`${web.base}/exercises`);
      const row = page.getByRole('row', { name: /初動対処訓練（画面）/ });
      await row.getByRole('cell', { name: ja['exercises.status.ended'] }).waitFor();
      await row.getByRole('cell', { name: '2 / 2' }).waitFor();
      await web.onPhone(page, 'exercise-list');
      expect(web.problems).toEqual([]);
      await page.context().close();
    },
  );

  onBrowser(
    'records a lesson (its person from a list), follows it up and edits it — a stale edit reloads — in place',
    async () => {
      const page = await web.openPage();
      await web.signIn(page, coordinator, { path: `/exercises/${exerciseId}/report` });
      await page.getByRole('heading', { level: 1, name: /訓練報告/ }).waitFor();
      await page
        .getByLabel(ja['exercises.lessons.text'], { exact: true })
        .fill('府省庁への連絡経路を二重化する');
      await page.getByLabel(ja['exercises.lessons.owner']).selectOption({ label: `${ministry.slug} 日本語` });
      // The owning person is one of the center's people, chosen from the list (no user id to type).
      await page.locator('#lesson-person').selectOption({ label: coordinator.email });
      await page.getByRole('button', { name: ja['exercises.lessons.record'] }).click();
      const lesson = page.getByRole('listitem').filter({ hasText: '府省庁への連絡経路を二重化する' });
      await lesson.getByText(/· 未着手 ·/).waitFor();
      await lesson.getByLabel(ja['exercises.lessons.status']).selectOption('in_progress');
      await lesson.getByLabel(ja['exercises.lessons.note']).fill('手順書を改訂中');
      await lesson.getByRole('button', { name: ja['exercises.lessons.update'] }).click();
      await lesson.getByText(/· 対応中 ·/).waitFor();
      await lesson.getByText(ja['exercises.lessons.history']).click();
      await lesson.getByText(/手順書を改訂中/).waitFor();
      await expect.poll(() => lesson.locator('p.muted').first().textContent()).toContain(coordinator.email);

      // Edited meanwhile elsewhere: the save is refused, and the lesson as it stands is loaded to edit again.
      const listed = (
        await web.t.request(coordinator, { method: 'GET', url: `/api/v1/exercises/${exerciseId}/lessons` })
      ).json() as {
        items: { id: string; version: number }[];
      };
      const shown = listed.items[0] as { id: string; version: number };
      await lesson.getByText(ja['exercises.lessons.edit']).click();
      const editor = page.locator('form.lesson-edit');
      await editor.getByLabel(ja['exercises.lessons.text']).fill('古い版から書き直した文');
      const other = await web.t.request(coordinator, {
        method: 'PATCH',
        url: `/api/v1/exercise-lessons/${shown.id}`,
        payload: { version: shown.version, text: '府省庁と所管法人への連絡経路を二重化する' },
      });
      expect(other.statusCode, other.body).toBe(200);
      await editor.getByRole('button', { name: ja['exercises.lessons.save'] }).click();
      const edited = page
        .getByRole('listitem')
        .filter({ hasText: '府省庁と所管法人への連絡経路を二重化する' });
      await edited.getByRole('alert').filter({ hasText: ja['exercises.lessons.stale'] }).waitFor();
      await expect
        .poll(() => editor.locator('textarea').inputValue())
        .toBe('府省庁と所管法人への連絡経路を二重化する');
      // Saved again at the version now shown, without a person.
      await editor.locator('select').selectOption('');
      await editor.getByRole('button', { name: ja['exercises.lessons.save'] }).click();
      await expect
        .poll(() => edited.locator('p.muted').first().textContent())
        .not.toContain(coordinator.email);
      await expectAccessible(page, 'the report with lessons');
      await web.onPhone(page, 'exercise-lessons');
      expect(web.problems).toEqual([]);
      await page.context().close();
    },
  );

  it('shows a pending inject paused with its wait frozen, and after the resume its shifted due time', async () => {
    const call = async (method: 'POST' | 'GET', url: string, payload?: unknown) => {
      const res = await web.t.request(coordinator, { method, url, ...(payload ? { payload } : {}) });
      expect(res.statusCode, res.body).toBeLessThan(300);
      return res.json() as { id: string; version: number; injects: { dueAt: string | null }[] };
    };
    const file = `${scenarioFile(ministry, 'alert').replace('初動対処訓練（画面）', '一時停止の訓練')}  - at: T+30m
    kind: note
    text: 三十分後の状況付与
`;
    let ex = await call('POST', '/api/v1/exercises', { file });
    const start = web.t.clock.now().getTime();
    ex = await call('POST', `/api/v1/exercises/${ex.id}/start`, { version: ex.version });
    expect(await playDueInjects(web.t.handle, web.t.services.exerciseDeps)).toBe(1);
    const page = await web.openPage();
    await web.signIn(page, coordinator, { path: `/exercises/${ex.id}` });
    // The declaration played: its outcome names the exercise's situation.
    const declared = page.getByRole('row', { name: /訓練事態（画面）/ });
    await declared.getByRole('cell', { name: ja['exercises.state.played'] }).waitFor();
    await declared.getByRole('cell', { name: /^事態 S-/ }).waitFor();
    const pending = page.getByRole('row', { name: /三十分後の状況付与/ });
    await pending.getByText(/あと/).waitFor();

    // Paused ten minutes in: 20 minutes left, and still 20 after five more minutes paused (shown live).
    web.t.clock.set(new Date(start + 10 * 60_000).toISOString());
    ex = await call('POST', `/api/v1/exercises/${ex.id}/pause`, { version: ex.version });
    const paused = ja['exercises.due.paused'].replace('{left}', '20:00');
    await pending.getByRole('cell', { name: paused }).waitFor();
    await expectAccessible(page, 'the control page, paused with a pending inject');
    web.t.clock.set(new Date(start + 15 * 60_000).toISOString());
    await page.reload();
    await pending.getByRole('cell', { name: paused }).waitFor();

    // Resumed: due 35 minutes after the start (five paused), counting down again.
    ex = await call('POST', `/api/v1/exercises/${ex.id}/resume`, { version: ex.version });
    const due = new Date(start + 35 * 60_000);
    expect((await call('GET', `/api/v1/exercises/${ex.id}`)).injects[1]?.dueAt).toBe(due.toISOString());
    const hhmm = new Intl.DateTimeFormat('ja-JP', {
      timeZone: 'Asia/Tokyo',
      hour: '2-digit',
      minute: '2-digit',
    });
    await pending.getByText(hhmm.format(due)).waitFor();
    await pending.getByText(/あと 20:00|あと 19:5\d/).waitFor();
    expect(await pending.getByText(/一時停止中/).count()).toBe(0);
    await call('POST', `/api/v1/exercises/${ex.id}/end`, { version: ex.version });
    await page.context().close();
  });

  onBrowser(
    "offers a ministry's officer no exercises: no menu entry, and the not-found page at their addresses",
    async () => {
      const page = await web.openPage();
      await web.signIn(page, officer, { path: '/situations' });
      const nav = page.getByRole('navigation', { name: /メインメニュー/ });
      expect(await nav.getByRole('link', { name: ja['nav.exercises'], exact: true }).count()).toBe(0);
      for (const path of [
        '/exercises',
        `/exercises/${exerciseId}`,
        '/exercises/new',
        `/exercises/${exerciseId}/edit`,
      ]) {
        await page.goto(`${web.base}${path}`);
        await page.getByText(common['common.notFound']).waitFor();
        expect(await page.getByText(ja['exercises.heading'], { exact: true }).count()).toBe(0);
      }
      await page.context().close();
    },
  );
});
