import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_DIALECTS } from '../support/databases.js';
import { endExercise, insertExerciseRow } from '../support/exercise-report.js';
import { declareExerciseSituation } from '../support/exercises.js';
import type { TestUser } from '../support/harness.js';
import { expectAccessible, PASSWORD, sharedBrowser, startWebApp, type WebApp } from './support.js';

// The exercise report's page (訓練報告): the figures, each body's timings with misses named in words, the
// lessons learned, a withdrawn request shown as such and counted nowhere; it passes axe, fits a phone, and prints
// without its buttons.

const browser = sharedBrowser();

describe.each(BROWSER_DIALECTS)('the exercise report page on %s', (dialect) => {
  let web: WebApp;
  let coordinator: TestUser;
  let exerciseId: string;

  beforeAll(async () => {
    web = await startWebApp(browser(), dialect);
    const t = web.t;
    const center = await t.org('center');
    coordinator = await t.user(center, 'center-coordinator', PASSWORD);
    const ministry = await t.org('ministry');
    await t.org('agency', { parent: ministry });
    const now = t.clock.now().toISOString();
    exerciseId = await insertExerciseRow(t, {
      createdBy: coordinator,
      number: 'X-2026-001',
      createdAt: now,
      name: '初動対処訓練（印刷）',
      targets: { ackDeclaration: 10, answerRollCall: 30, ackRequest: 15, completeRequest: 45 },
    });
    const { row } = await declareExerciseSituation(t, coordinator, exerciseId, [ministry]);
    // A request to both bodies, which neither acknowledges before the end.
    const issued = await t.request(coordinator, {
      method: 'POST',
      url: `/api/v1/situations/${row.id}/requests`,
      payload: {
        title: '被害状況の確認',
        body: '所管システムを点検し報告すること',
        dueAt: new Date(Date.parse(now) + 1_800_000).toISOString(),
        addressees: { kind: 'all' },
      },
    });
    expect(issued.statusCode, issued.body).toBe(201);
    // Another, withdrawn before the end: shown as withdrawn, counted nowhere.
    const second = await t.request(coordinator, {
      method: 'POST',
      url: `/api/v1/situations/${row.id}/requests`,
      payload: {
        title: '取り下げる要請',
        body: '誤って発出した要請',
        dueAt: new Date(Date.parse(now) + 1_800_000).toISOString(),
        addressees: { kind: 'all' },
      },
    });
    expect(second.statusCode, second.body).toBe(201);
    const withdrawn = await t.request(coordinator, {
      method: 'POST',
      url: `/api/v1/situations/${row.id}/requests/${(second.json() as { id: string }).id}/withdraw`,
      payload: { version: (second.json() as { version: number }).version },
    });
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    await endExercise(t, exerciseId, new Date(Date.parse(now) + 3_600_000).toISOString());
    const res = await t.request(coordinator, {
      method: 'POST',
      url: `/api/v1/exercises/${exerciseId}/lessons`,
      payload: { text: '夜間の連絡経路を見直す', ownerOrgId: ministry.id },
    });
    expect(res.statusCode, res.body).toBe(201);
  }, 60_000);
  afterAll(async () => web?.close());

  const buttonsShown = (page: Page) =>
    page.evaluate(() =>
      [...document.querySelectorAll('main button')].some((e) => (e as HTMLElement).offsetParent !== null),
    );

  it('shows the figures, the misses and the lessons; passes axe; prints without its actions', async () => {
    const page = await web.openPage();
    await web.signIn(page, coordinator);
    await page.goto(`${web.base}/exercises/${exerciseId}/report`);
    await page.getByRole('heading', { level: 1, name: /訓練報告 X-2026-001/ }).waitFor();
    // The lesson's text (its editor, folded, holds it too). The lessons load after the report's figures, so wait
    // for the text to be shown rather than asking once whether it is.
    await page.getByText('夜間の連絡経路を見直す').first().waitFor({ state: 'visible' });
    // Nobody acknowledged nor answered before the end, nor the request: every cell of the timings says so.
    await page.getByRole('heading', { level: 2, name: '要請別の所要時間' }).waitFor();
    expect(await page.getByRole('cell', { name: '未実施' }).count()).toBe(8);
    // The withdrawn request, per body, says when and by whom; none of its cells is a miss (the count above).
    const withdrawnRows = page.getByRole('row', { name: /取り下げる要請/ });
    expect(await withdrawnRows.count()).toBe(2);
    expect(
      await withdrawnRows.getByText(new RegExp(`${coordinator.email} が取り下げ・集計の対象外`)).count(),
    ).toBe(2);
    await expectAccessible(page, 'the exercise report page');
    expect(await buttonsShown(page)).toBe(true);
    await page.emulateMedia({ media: 'print' });
    expect(await buttonsShown(page)).toBe(false);
    await web.shot(page, 'exercise-report-print');
    await page.emulateMedia({ media: 'screen' });
    await web.onPhone(page, 'exercise-report');
    expect(web.problems).toEqual([]);
  });
});
