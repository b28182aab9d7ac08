import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareCursors, type LiveEvent } from '../../src/platform/events/events.js';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/harness.js';

// Reports filed at once share a commit group, whose units' events are written together and whose notification
// planning records more events (in-app notices) after them, numbered after every unit's own. Streams drop an
// event that comes before one already sent, so the node must send a group's events in readers' order: every
// event stored reaches the subscribers once, in order, whichever unit recorded it and in which pass.

describe.each(DIALECTS)('a commit group’s live events on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(async () => t?.close());

  it('reach the subscribers once each, in readers’ order, the notices planned after the reports included', async () => {
    const g = await t.government();
    // People of the ministry and the center are told in the app of each report (notices: more events).
    await t.contact(g.center, { name: '当番', role: 'duty-officer', email: g.analyst.email });
    await t.contact(g.ministry, { name: '当番', role: 'duty-officer', email: g.ministryOfficer.email });
    const received: LiveEvent[] = [];
    const unsubscribe = t.services.events.subscribe((e) => received.push(e));
    const { head } = await t.services.events.bounds();
    try {
      for (let round = 0; round < 3; round++)
        await Promise.all(
          Array.from({ length: 8 }, (_, i) =>
            t.fileIncident(g.agencyReporter, { title: `同時の報告 ${round}-${i}` }),
          ),
        );
      const stored = await t.services.events.since(head, 10_000);
      await expect.poll(() => received.length).toBeGreaterThanOrEqual(stored.length);
      expect(stored.filter((e) => e.type === 'incident.reported')).toHaveLength(24);
      expect(stored.some((e) => e.type === 'notification.created')).toBe(true);
      // Each once, and in readers' order.
      expect(received.map((e) => e.seq).sort((a, b) => a - b)).toEqual(stored.map((e) => e.seq));
      for (let i = 1; i < received.length; i++)
        expect(compareCursors(received[i - 1] as LiveEvent, received[i] as LiveEvent)).toBeLessThan(0);
    } finally {
      unsubscribe();
    }
  });
});
