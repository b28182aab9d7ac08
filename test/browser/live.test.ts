import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writingTxid } from '../../src/platform/events/events.js';
import { DIALECTS } from '../support/databases.js';
import {
  expectAccessible,
  LIVE_WITHIN_MS,
  markNoReload,
  PASSWORD,
  sharedBrowser,
  startWebApp,
  stillSamePage,
  type WebApp,
} from './support.js';

// The web app's live client when the server cannot replay what it missed: the server sends `reload`, and the
// screen loads its data again, in place — not the page, and not a partial replay.

const browser = sharedBrowser();

describe.each(DIALECTS)('the live client on %s', (dialect) => {
  let web: WebApp;
  beforeAll(async () => {
    // A window of two events, so that three missed ones exceed it.
    web = await startWebApp(browser(), dialect, { config: { sseReplayMax: 2 } });
  });
  afterAll(async () => web?.close());

  it('loads the screen’s data again when told to reload after a broken connection', async () => {
    const { t } = web;
    await t.org('center');
    const ministry = await t.org('ministry');
    const agency = await t.org('agency', { parent: ministry });
    const officer = await t.user(ministry, 'security-officer', PASSWORD);
    const reporter = await t.user(agency, 'reporter');
    const page = await web.openPage();
    await web.signIn(page, officer, { path: '/incidents' });
    await page.getByRole('heading', { level: 1, name: '事案一覧' }).waitFor();
    const feed = page.getByRole('complementary');
    await feed.getByText('受信中').waitFor();

    // A report arrives live: the stream now has a position to resume from.
    const incident = await t.fileIncident(reporter, { title: '元の件名 LIVE-ORIGINAL' });
    const list = page.locator('table.incidents');
    await list.getByRole('link', { name: '元の件名 LIVE-ORIGINAL' }).waitFor({ timeout: LIVE_WITHIN_MS });
    await markNoReload(page);

    // The connection breaks. Meanwhile, unseen by the stream: the incident changes, and three events for the
    // ministry are recorded (as a busy period would leave them). They are written while no stream is open: on
    // PostgreSQL every node reads on in the events table (in commit order), so a row written under an open
    // stream reaches it; each with its readers in one transaction, as recording writes them (they share its id).
    t.app.server.closeAllConnections();
    await t.handle.db
      .updateTable('incidents')
      .set({ title: '変わった件名 LIVE-CHANGED' })
      .where('id', '=', incident.id)
      .execute();
    const at = t.clock.now().toISOString();
    for (let i = 0; i < 3; i++)
      await t.handle.db.transaction().execute(async (db) => {
        const { seq, txid } = await db
          .insertInto('events')
          .values({
            at,
            type: 'report.added',
            incident_id: `missed-${i}`,
            reader_org_ids: JSON.stringify([ministry.id]),
            reader_user_ids: null,
            payload: JSON.stringify({ orgSlug: agency.slug }),
            txid: writingTxid(t.handle.dialect),
          })
          .returning(['seq', 'txid'])
          .executeTakeFirstOrThrow();
        await db.insertInto('event_readers').values({ reader_id: ministry.id, seq, txid }).execute();
      });

    // The browser reconnects with its Last-Event-ID (the server asks it to wait 2 s) and is told to reload.
    await list
      .getByRole('link', { name: '変わった件名 LIVE-CHANGED' })
      .waitFor({ timeout: 3 * LIVE_WITHIN_MS });
    await feed.getByRole('status').getByText('画面を最新の状態に読み込み直しました').waitFor();
    expect(await stillSamePage(page)).toBe(true);
    // The missed events themselves were not replayed into the feed.
    expect(await feed.getByRole('link', { name: /missed-/ }).count()).toBe(0);
    await feed.getByText('受信中').waitFor();
    await expectAccessible(page, 'the incident list after a reload');
    await web.shot(page, 'live-reloaded');
    expect(web.problems).toEqual([]);
  });

  it('shows what changed between a screen’s first load and its stream’s opening', async () => {
    const { t } = web;
    await t.org('center');
    const ministry = await t.org('ministry');
    const agency = await t.org('agency', { parent: ministry });
    const officer = await t.user(ministry, 'security-officer', PASSWORD);
    const reporter = await t.user(agency, 'reporter');
    await t.fileIncident(reporter, { title: '先に届いた件 OPEN-BEFORE' });
    const page = await web.openPage();
    // The stream is held back until the screen has loaded: on a busy machine or network, the screen's data
    // may well be read before the stream starts listening, and a stream without Last-Event-ID starts at "now".
    let openStream = () => {};
    const streamMayOpen = new Promise<void>((resolve) => {
      openStream = resolve;
    });
    let streamsAsked = 0;
    await page.route('**/api/v1/events', async (route) => {
      streamsAsked += 1;
      await streamMayOpen;
      await route.continue();
    });
    await web.signIn(page, officer, { path: '/incidents' });
    const list = page.locator('table.incidents');
    await list.getByRole('link', { name: '先に届いた件 OPEN-BEFORE' }).waitFor();
    const feed = page.getByRole('complementary');
    await feed.getByText('接続中').waitFor();
    expect(streamsAsked).toBeGreaterThan(0);
    await markNoReload(page);

    // A report arrives in between: committed and announced while nobody of this page listens.
    await t.fileIncident(reporter, { title: '間に届いた件 OPEN-BETWEEN' });
    openStream();
    await feed.getByText('受信中').waitFor();
    await list.getByRole('link', { name: '間に届いた件 OPEN-BETWEEN' }).waitFor({ timeout: LIVE_WITHIN_MS });
    // The screen caught up in place, without telling the user it had missed anything (it had not yet listened).
    expect(await stillSamePage(page)).toBe(true);
    expect(await feed.getByText('画面を最新の状態に読み込み直しました').count()).toBe(0);
    expect(web.problems).toEqual([]);
  });
});
