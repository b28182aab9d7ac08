import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepAccountabilityReminders } from '../../src/features/notices/notices.track.js';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/harness.js';

// The public-explanation decision's reminders on the fake clock (RENRAKU_PUBLIC_DECISION_DAYS 7, reminder 24 h
// before): the body's officers are reminded before the due time; once it is overdue the body is chased and its
// ministry and the center are told; each once, however often (or concurrently) the worker sweeps; a decision in
// time stops both; the events carry no text of the track.

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe.each(DIALECTS)('accountability decision reminders on %s', (dialect) => {
  let t: TestApp;
  let g: Awaited<ReturnType<TestApp['government']>>;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    g = await t.government();
    for (const [org, email] of [
      [g.agency, 'lead@agency.example.jp'],
      [g.ministry, 'lead@ministry.example.jp'],
      [g.center, 'lead@center.example.jp'],
    ] as const)
      await t.contact(org, { name: '責任者', role: 'csirt-lead', email });
  });
  afterAll(async () => t?.close());

  const sweep = () => sweepAccountabilityReminders(t.handle, t.services.noticeDeps);
  const notified = async (incidentId: string) =>
    (
      await t.handle.db
        .selectFrom('notifications')
        .select(['event', 'org_id', 'ack_requested'])
        .where('incident_id', '=', incidentId)
        .where('event', 'like', 'accountability.%')
        .orderBy('event')
        .orderBy('org_id')
        .execute()
    ).map((n) => ({ ...n, ack_requested: Number(n.ack_requested) }));
  const open = async () => {
    const incident = await t.fileIncident(g.agencyReporter);
    const res = await t.request(g.agencyOfficer, {
      method: 'POST',
      url: `/api/v1/incidents/${incident.id}/accountability`,
      payload: { reason: '個人情報の漏えいのおそれ <script>秘密</script>' },
    });
    expect(res.statusCode, res.body).toBe(201);
    return incident.id;
  };

  it('reminds a day before, escalates once overdue to the body, its ministry and the center, each once', async () => {
    const id = await open();
    t.clock.advance(6 * DAY - 1);
    expect(await sweep()).toBe(0);
    t.clock.advance(1);
    // Two sweeps at once (two nodes): one reminder.
    expect((await Promise.all([sweep(), sweep()])).reduce((a, b) => a + b, 0)).toBe(1);
    expect(await sweep()).toBe(0);
    expect(await notified(id)).toEqual([
      { event: 'accountability.due_soon', org_id: g.agency.id, ack_requested: 0 },
    ]);
    t.clock.advance(DAY);
    expect(await sweep()).toBe(1);
    // Swept again (a restart reads the same marks): nothing more.
    t.clock.advance(HOUR);
    expect(await sweep()).toBe(0);
    const overdue = (await notified(id)).filter((n) => n.event === 'accountability.overdue');
    expect(overdue.map((n) => [n.org_id, n.ack_requested]).sort()).toEqual(
      [
        [g.agency.id, 1],
        [g.ministry.id, 0],
        [g.center.id, 0],
      ].sort(),
    );
    // The live events name the due time only, never the track's reason.
    const events = await t.handle.db
      .selectFrom('events')
      .selectAll()
      .where('type', 'like', 'accountability.%')
      .where('type', '!=', 'accountability.changed')
      .execute();
    expect(events).toHaveLength(2);
    expect(JSON.stringify(events)).not.toContain('秘密');
    // An e-mail went to each body's lead (outbox).
    const mails = JSON.stringify(
      await t.handle.db.selectFrom('outbox').select('payload').where('channel', '=', 'email').execute(),
    );
    for (const to of ['lead@agency.example.jp', 'lead@ministry.example.jp', 'lead@center.example.jp'])
      expect(mails).toContain(to);
  });

  it('a decision recorded in time is neither reminded again nor escalated', async () => {
    const id = await open();
    t.clock.advance(6 * DAY + HOUR);
    expect(await sweep()).toBe(1);
    const track = await t.request(g.agencyOfficer, {
      method: 'GET',
      url: `/api/v1/incidents/${id}/accountability`,
    });
    const decided = await t.request(g.agencyOfficer, {
      method: 'POST',
      url: `/api/v1/incidents/${id}/accountability/decision`,
      payload: { revision: track.json().track.revision, decision: 'not-needed', reason: '影響なし' },
    });
    expect(decided.statusCode, decided.body).toBe(200);
    t.clock.advance(2 * DAY);
    expect(await sweep()).toBe(0);
    expect((await notified(id)).map((n) => n.event)).toEqual(['accountability.due_soon']);
  });
});
