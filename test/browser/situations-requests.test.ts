import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_DIALECTS } from '../support/databases.js';
import type { TestApp, TestOrg, TestUser } from '../support/harness.js';
import {
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

// A situation's requests (要請) in the browser: the center's coordinator sees per request the count per state;
// an agency's reporter, on a 360 px phone, finds its request first on the situation page and moves it 受領 →
// 対応中 → 完了 (with a completion note) with big buttons; the coordinator's page follows live; the coordinator
// moves another request's due time and withdraws it after confirming; a body in scope that the request does not
// address sees nothing of it.

const browser = sharedBrowser();
const NAME = '要請の試験のための事態';
const TITLE = 'VPN機器のログ保全';
const SECOND = '公開サーバの設定確認';

describe.each(BROWSER_DIALECTS)('situation requests on %s', { timeout: 180_000 }, (dialect) => {
  let web: WebApp;
  let t: TestApp;
  let agency: TestOrg;
  let coordinator: TestUser;
  let reporter: TestUser;
  let other: TestUser;
  let supervisor: TestUser;
  let url = '';
  let situationId = '';

  beforeAll(async () => {
    web = await startWebApp(browser(), dialect);
    t = web.t;
    const center = await t.org('center');
    const ministry = await t.org('ministry');
    agency = await t.org('agency', { parent: ministry });
    const otherMinistry = await t.org('ministry');
    coordinator = await t.user(center, 'center-coordinator', PASSWORD);
    reporter = await t.user(agency, 'reporter', PASSWORD);
    other = await t.user(otherMinistry, 'security-officer', PASSWORD);
    supervisor = await t.user(ministry, 'security-officer', PASSWORD);
    const declared = await t.request(coordinator, {
      method: 'POST',
      url: '/api/v1/situations',
      payload: {
        name: NAME,
        description: '試験',
        level: 'alert',
        tlp: 'TLP:AMBER',
        scope: {
          kind: 'bodies',
          bodies: [
            { orgId: ministry.id, withAgencies: true },
            { orgId: otherMinistry.id, withAgencies: false },
          ],
        },
      },
    });
    const id = (declared.json() as { id: string }).id;
    url = `/situations/${id}`;
    situationId = id;
    const issued = await t.request(coordinator, {
      method: 'POST',
      url: `/api/v1/situations/${id}/requests`,
      payload: {
        title: TITLE,
        body: '該当期間の通信ログを保全してください。',
        dueAt: new Date(t.clock.now().getTime() + 3_600_000).toISOString(),
        addressees: { kind: 'bodies', bodies: [{ orgId: agency.id }] },
      },
    });
    expect(issued.statusCode).toBe(201);
    const second = await t.request(coordinator, {
      method: 'POST',
      url: `/api/v1/situations/${id}/requests`,
      payload: {
        title: SECOND,
        body: '公開サーバの設定を確認してください。',
        dueAt: new Date(t.clock.now().getTime() + 3_600_000).toISOString(),
        addressees: { kind: 'bodies', bodies: [{ orgId: agency.id }] },
      },
    });
    expect(second.statusCode).toBe(201);
  }, 60_000);

  afterAll(async () => {
    await web?.close();
  });

  const progress = (page: Page) => page.locator('table.requests-table tbody tr').filter({ hasText: TITLE });

  it('an agency moves its request from a phone; the center’s page follows live', async () => {
    const center = await web.openPage();
    await web.signIn(center, coordinator, { path: url });
    await center.getByRole('heading', { level: 1, name: NAME }).waitFor();
    await progress(center).waitFor();
    await expectAccessible(center, 'the requests of a situation, for the center');
    await markNoReload(center);

    const page = await web.openPage(PHONE);
    await web.signIn(page, reporter, { path: url });
    await page.getByRole('heading', { level: 1, name: NAME }).waitFor();
    const group = page.getByRole('group', { name: 'R-1' });
    await group.waitFor();
    await expectAccessible(page, 'a body’s request on a phone');
    await web.onPhone(page, 'situation-request-phone');
    // The buttons are large enough for a thumb.
    const box = await group.getByRole('button', { name: '受領' }).boundingBox();
    expect(box?.height ?? 0).toBeGreaterThanOrEqual(44);

    await group.getByRole('button', { name: '受領' }).click();
    await group.getByText('現在の状態: 受領').waitFor();
    expect(await group.getByRole('button', { name: '受領' }).isDisabled()).toBe(true);
    // Live on the center's page: one body acknowledged.
    await progress(center)
      .locator('td')
      .nth(4)
      .getByText('1', { exact: true })
      .waitFor({ timeout: LIVE_WITHIN_MS });
    await group.getByRole('button', { name: '対応中' }).click();
    await group.getByText('現在の状態: 対応中').waitFor();
    await group.getByRole('button', { name: '完了' }).click();
    // 完了 asks for an optional completion note first, on the phone too.
    await group.getByLabel('完了の報告（任意）').fill('保全済み。ログは証拠保全サーバへ移した。');
    await expectAccessible(page, 'the completion note of a request on a phone');
    await group.getByRole('button', { name: '完了にする' }).click();
    // Done: nothing more to move, so the request leaves the body's list of things to act on.
    await group.waitFor({ state: 'detached' });
    await progress(page).locator('td').nth(6).getByText('1', { exact: true }).waitFor();
    await progress(center)
      .locator('td')
      .nth(6)
      .getByText('1', { exact: true })
      .waitFor({ timeout: LIVE_WITHIN_MS });
    expect(await stillSamePage(center)).toBe(true);
    // The completion note shows to the body, and (live) to the center, per addressee.
    const note = (p: Page) =>
      p
        .locator('.request-note')
        .filter({ hasText: TITLE })
        .getByText('保全済み。ログは証拠保全サーバへ移した。');
    await note(page).waitFor();
    await note(center).waitFor({ timeout: LIVE_WITHIN_MS });
    await expectAccessible(center, 'the completion notes of a situation, for the center');
    const read = await t.request(coordinator, {
      method: 'GET',
      url: `/api/v1/situations/${situationId}/requests`,
    });
    const done = (
      read.json() as { items: { title: string; bodies: { doneNote: string | null }[] }[] }
    ).items.find((r) => r.title === TITLE);
    expect(done?.bodies[0]?.doneNote).toBe('保全済み。ログは証拠保全サーバへ移した。');
    expect(web.problems).toEqual([]);
  });

  it('the ministry reads its agency’s completion note', async () => {
    const page = await web.openPage();
    await web.signIn(page, supervisor, { path: url });
    await page
      .locator('.request-note')
      .filter({ hasText: TITLE })
      .getByText('保全済み。ログは証拠保全サーバへ移した。')
      .waitFor();
    expect(web.problems).toEqual([]);
  });

  it('the coordinator moves a due time, then withdraws the request after confirming', async () => {
    const center = await web.openPage();
    await web.signIn(center, coordinator, { path: url });
    const change = center.locator('details.request-amend').filter({ hasText: 'R-2' });
    await change.locator('summary').click();
    await change.getByLabel('新しい期限（日時）').fill('2031-04-01T10:00');
    await expectAccessible(center, 'changing a request');
    await change.getByRole('button', { name: '期限を変更する' }).click();
    await center.getByRole('status').getByText('R-2 の期限を変更しました。').waitFor();
    const list = await t.request(coordinator, {
      method: 'GET',
      url: `/api/v1/situations/${situationId}/requests`,
    });
    const moved = (list.json() as { items: { title: string; dueAt: string }[] }).items.find(
      (r) => r.title === SECOND,
    );
    expect(moved?.dueAt.startsWith('2031-0')).toBe(true);

    await change.getByRole('button', { name: '取り下げる', exact: true }).click();
    const confirm = change.getByRole('group', { name: /R-2 を取り下げますか/ });
    await confirm.getByLabel('取下げの理由（任意）').fill('要請を統合したため');
    await expectAccessible(center, 'confirming a withdrawal');
    await confirm.getByRole('button', { name: '取り下げる（確定）' }).click();
    await center.getByRole('status').getByText('R-2 を取り下げました。').waitFor();
    await center
      .locator('table.requests-table tbody tr')
      .filter({ hasText: SECOND })
      .getByText('（取下げ済み）')
      .waitFor();
    // A withdrawn request offers no more changes.
    expect(await center.locator('details.request-amend').filter({ hasText: 'R-2' }).count()).toBe(0);
    expect(web.problems).toEqual([]);
  });

  it('a body in scope that the request does not address sees nothing of it', async () => {
    const page = await web.openPage();
    await web.signIn(page, other, { path: url });
    await page.getByRole('heading', { level: 1, name: NAME }).waitFor();
    await page.getByText('要請はありません。').waitFor();
    expect(await page.getByText(TITLE).count()).toBe(0);
    expect(await page.locator('.request-notes').count()).toBe(0);
  });
});
