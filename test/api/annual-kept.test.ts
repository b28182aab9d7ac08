import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forwardOverdue } from '../../src/features/incidents/incidents.routing.js';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/harness.js';

// A draft's numbers are kept with the data version they were computed at (annual.kept.ts): reading the draft
// again and its exports reuse them while the data stands (the numbers' `computedAt` stays put as the clock moves);
// every change of what they count — a new incident, a review decision, a delivery at the review deadline, a
// deadline outcome, an operator's SQL — makes the next answer count it.

const MINUTE = 60_000;

interface Report {
  computedAt: string | null;
  trends: { total: number; byCategory: { key: string | null; count: number }[] };
  sections: {
    ministry: { id: string };
    indicators: { key: string; value: number | null; basis: number }[];
  }[];
}

describe.each(DIALECTS)("a draft's kept numbers on %s", (dialect) => {
  let t: TestApp;
  let g: Awaited<ReturnType<TestApp['government']>>;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    g = await t.government({ reviewMode: true });
    const made = await t.request(g.analyst, {
      method: 'POST',
      url: '/api/v1/annual-reports',
      payload: { fiscalYear: 2026 },
    });
    expect(made.statusCode, made.body).toBe(201);
  });
  afterAll(async () => t?.close());

  const read = async () => {
    const res = await t.request(g.analyst, { method: 'GET', url: '/api/v1/annual-reports/2026' });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Report;
  };
  const indicator = (r: Report, key: string) =>
    r.sections.find((s) => s.ministry.id === g.ministry.id)?.indicators.find((i) => i.key === key);
  /**
   * The next answer after a change: computed now, not kept. The report index of the guard of sharing marks each
   * incident it indexes (a write to incidents, after the report's commit): waited for first, or its mark would
   * move the data version between this answer and the next.
   */
  const afterChange = async () => {
    await t.services.reportIndex.catchUp();
    t.clock.advance(MINUTE);
    const r = await read();
    expect(r.computedAt).toBe(t.clock.now().toISOString());
    return r;
  };

  it('an unchanged draft is read again and exported from the numbers kept; each change is counted at once', async () => {
    const first = await read();
    expect(first.computedAt).toBe(t.clock.now().toISOString());
    expect(first.trends.total).toBe(0);
    t.clock.advance(MINUTE);
    expect(await read()).toEqual(first);
    const csv = await t.request(g.analyst, {
      method: 'GET',
      url: '/api/v1/annual-reports/2026/export?format=csv&lang=en',
    });
    expect(csv.statusCode, csv.body).toBe(200);
    expect(await read()).toEqual(first);

    // A new incident the center receives.
    const own = await t.fileIncident(g.ministryReporter);
    const filed = await afterChange();
    expect(filed.trends.total).toBe(1);
    t.clock.advance(MINUTE);
    expect(await read()).toEqual(filed);

    // An agency's incident held at its ministry's review: computed again, and still not counted.
    const held = await t.fileIncident(g.agencyReporter);
    expect((await afterChange()).trends.total).toBe(1);

    // The ministry's review decision delivers it to the center.
    const forwarded = await t.request(g.ministryOfficer, {
      method: 'POST',
      url: `/api/v1/incidents/${held.id}/forward`,
    });
    expect(forwarded.statusCode, forwarded.body).toBe(200);
    expect((await afterChange()).trends.total).toBe(2);

    // Another held past its review deadline: the routing worker delivers it.
    await t.fileIncident(g.agencyReporter);
    expect((await afterChange()).trends.total).toBe(2);
    t.clock.advance(8 * 24 * 60 * MINUTE);
    expect(await forwardOverdue(t.services.handle, t.services.incidentDeps)).toBeGreaterThan(0);
    expect((await afterChange()).trends.total).toBe(3);

    // A deadline outcome recorded after the draft (as the sweep writes it).
    const before = await read();
    expect(indicator(before, 'deadlineOutcomes')?.basis).toBe(0);
    await t.handle.db
      .insertInto('deadline_outcomes')
      .values({
        incident_id: own.id,
        org_id: g.ministry.id,
        profile_id: 'quick-report',
        clock_key: 'quick-report',
        due_at: t.clock.now().toISOString(),
        satisfied_at: t.clock.now().toISOString(),
        outcome: 'late',
        late_minutes: 30,
        recorded_at: t.clock.now().toISOString(),
      })
      .execute();
    const outcome = await afterChange();
    expect(indicator(outcome, 'deadlineOutcomes')?.basis).toBe(1);
    expect(indicator(outcome, 'deadlineLateMedian')?.value).toBe(30);

    // An operator's SQL, written past every use-case.
    await sql`update incidents set category = 'fraud' where id = ${own.id}`.execute(t.handle.db);
    const edited = await afterChange();
    expect(edited.trends.byCategory.find((c) => c.key === 'fraud')?.count).toBe(1);
    t.clock.advance(MINUTE);
    expect(await read()).toEqual(edited);
  });
});
