import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ja as jaContacts } from '../../web/src/contacts/contacts.messages.js';
import { ja } from '../../web/src/marks/marks.messages.js';
import { BROWSER_DIALECTS } from '../support/databases.js';
import { declareExerciseSituation, fileSimulatedReport, insertExercise } from '../support/exercises.js';
import type { TestOrg, TestUser } from '../support/harness.js';
import { expectAccessible, PASSWORD, PHONE, sharedBrowser, startWebApp, type WebApp } from './support.js';

// The marks of exercise data in the web app: the prominent banner on an exercise's situation and incident, and
// a thin banner on every screen while an exercise situation the user's body is in scope of is open; nothing of
// the kind for a body outside it, nor once the exercise's situation is stood down. Axe-clean; seen on a phone.

const browser = sharedBrowser();

describe.each(BROWSER_DIALECTS)('exercise banners on %s', { timeout: 180_000 }, (dialect) => {
  let web: WebApp;
  let control: TestUser;
  let officer: TestUser;
  let outsider: TestUser;
  let ministry: TestOrg;
  let agency: TestOrg;

  beforeAll(async () => {
    web = await startWebApp(browser(), dialect);
    const t = web.t;
    const center = await t.org('center');
    ministry = await t.org('ministry');
    agency = await t.org('agency', { parent: ministry });
    const other = await t.org('ministry');
    control = await t.user(center, 'center-coordinator', PASSWORD);
    officer = await t.user(ministry, 'security-officer', PASSWORD);
    outsider = await t.user(other, 'security-officer', PASSWORD);
    // The ministry's officer is its duty contact: the exercise's declaration reaches them in the app.
    const added = await t.request(officer, {
      method: 'POST',
      url: `/api/v1/orgs/${ministry.slug}/contacts`,
      payload: { name: '当番 太郎', role: 'duty-officer', email: officer.email },
    });
    expect(added.statusCode, added.body).toBe(201);
  }, 60_000);
  afterAll(async () => {
    await web?.close();
  });

  it('shows no exercise banner while no exercise runs', async () => {
    const page = await web.openPage();
    await web.signIn(page, officer);
    await page.goto(`${web.base}/situations`);
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    expect(await page.locator('.exercise-under-way, .exercise-banner').count()).toBe(0);
    await page.context().close();
  });

  it('marks an exercise situation and incident, and every screen while it is open, for its participants only', async () => {
    const exercise = await insertExercise(web.t, control, { name: '第1回初動対処訓練' });
    const { incident } = await fileSimulatedReport(web.t, control, exercise.id, agency);
    const situation = await declareExerciseSituation(web.t, control, exercise.id, [ministry]);
    const under = ja['marks.exercise.open']
      .replace('{number}', exercise.number)
      .replace('{name}', exercise.name);

    const page = await web.openPage();
    await web.signIn(page, officer);
    // Any screen: the thin banner links to the exercise's situation.
    for (const path of ['/incidents', '/situations', '/notifications']) {
      await page.goto(`${web.base}${path}`);
      await page.getByRole('link', { name: under }).waitFor();
    }
    await expectAccessible(page, 'exercise under way');
    // The declaration's notice is in the inbox (it must be acknowledged: the exercise measures it), marked.
    const notice = page.locator('.notification.exercise').first();
    await notice
      .getByRole('heading', { name: new RegExp(`^${jaContacts['notify.exerciseMark']}`) })
      .waitFor();
    await notice
      .getByText(
        jaContacts['notify.exercise'].replace('{number}', exercise.number).replace('{name}', exercise.name),
      )
      .waitFor();
    await notice.getByText(jaContacts['notify.open'], { exact: true }).waitFor();
    await expectAccessible(page, 'exercise notice in the inbox');
    await page.getByRole('link', { name: under }).click();
    await page.waitForURL(`**/situations/${situation.row.id}`);
    await page.getByText(ja['marks.exercise.banner']).waitFor();
    await page.getByText(`訓練 ${exercise.number} ${exercise.name}`).waitFor();
    await expectAccessible(page, 'exercise situation');
    // The exercise's incident, read by its ministry.
    await page.goto(`${web.base}/incidents/${incident.id}`);
    await page.getByText(ja['marks.exercise.banner']).waitFor();
    await expectAccessible(page, 'exercise incident');
    await page.context().close();

    // On a phone the banners show and fit.
    const phone = await web.openPage(PHONE);
    await web.signIn(phone, officer, { path: `/situations/${situation.row.id}` });
    await phone.getByText(ja['marks.exercise.banner']).waitFor();
    await phone.getByRole('link', { name: under }).waitFor();
    await web.onPhone(phone, 'exercise-situation-phone');
    await phone.context().close();

    // A body outside its scope sees no banner anywhere.
    const away = await web.openPage();
    await web.signIn(away, outsider);
    await away.goto(`${web.base}/situations`);
    await away.getByRole('heading', { level: 1 }).first().waitFor();
    expect(await away.locator('.exercise-under-way, .exercise-banner').count()).toBe(0);
    await away.context().close();

    // Stood down: the thin banner goes.
    const down = await web.t.request(control, {
      method: 'POST',
      url: `/api/v1/situations/${situation.row.id}/stand-down`,
      payload: {},
    });
    expect(down.statusCode, down.body).toBe(200);
    const after = await web.openPage();
    await web.signIn(after, officer);
    await after.goto(`${web.base}/incidents`);
    await after.getByRole('heading', { level: 1 }).first().waitFor();
    expect(await after.locator('.exercise-under-way').count()).toBe(0);
    await after.context().close();
  });

  it('被害あり in an exercise: the quick report filed from the answer is exercise data and comes back to the answer', async () => {
    const exercise = await insertExercise(web.t, control, { name: '第2回初動対処訓練' });
    const situation = await declareExerciseSituation(web.t, control, exercise.id, [ministry], {
      name: '【想定】標的型メール',
    });
    const page = await web.openPage();
    await web.signIn(page, officer, { path: `/situations/${situation.row.id}` });
    const panel = page.getByRole('region', { name: '被害状況の確認（回答）' });
    await panel.getByRole('radio', { name: /^被害あり/ }).check();
    await panel.getByRole('link', { name: '速報を提出' }).click();
    // The report screen knows it files into the exercise, and says so.
    await page.waitForURL((url) => url.searchParams.get('exercise') === exercise.id);
    await page.getByText(ja['marks.exercise.banner']).waitFor();
    await page.getByLabel('件名').fill('訓練：不審なメールの開封');
    await page.getByLabel('概要').fill('訓練想定：職員が添付ファイルを開いた。');
    await page.getByRole('button', { name: '速報を提出', exact: true }).click();

    // Back on the exercise situation with the exercise incident chosen; the answer links it.
    await page.waitForURL(`**/situations/${situation.row.id}**`);
    const chosen = panel.getByLabel('被害の事案');
    await expect.poll(() => chosen.inputValue()).not.toBe('');
    const incidentId = await chosen.inputValue();
    await panel.getByRole('button', { name: '回答する' }).click();
    await panel.getByText(/の回答を記録しました（第1版）。/).waitFor();

    // The incident is the exercise's, in no real list.
    const filed = await web.t.request(officer, { method: 'GET', url: `/api/v1/incidents/${incidentId}` });
    expect(filed.statusCode, filed.body).toBe(200);
    expect(filed.json()).toMatchObject({ exercise: true, exerciseId: exercise.id });
    const real = await web.t.request(officer, { method: 'GET', url: '/api/v1/incidents?limit=100' });
    expect(real.json().items.map((i: { id: string }) => i.id)).not.toContain(incidentId);
    expect(web.problems).toEqual([]);
    await page.context().close();
  });
});
