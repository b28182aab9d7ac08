import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepDeadlineReminders } from '../../src/features/deadlines/deadlines.reminders.js';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/harness.js';

// The reminders of reporting clocks, on the fake clock: an hour before a clock runs out its body is reminded;
// once it has run out the body is chased (acknowledgment asked, escalation due) and its ministry told; each once
// per clock and due time, however often the worker sweeps; a clock satisfied in time is never chased.

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe.each(DIALECTS)('deadline reminders on %s', (dialect) => {
  let t: TestApp;
  let g: Awaited<ReturnType<TestApp['government']>>;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    g = await t.government();
    for (const [org, email] of [
      [g.agency, 'duty@agency.example.jp'],
      [g.ministry, 'duty@ministry.example.jp'],
      [g.center, 'duty@center.example.jp'],
    ] as const)
      await t.contact(org, { name: '当番', role: 'duty-officer', email });
  });
  afterAll(async () => t?.close());

  const sweep = () => sweepDeadlineReminders(t.handle, t.services.deadlineDeps);
  const notices = async (incidentId: string) =>
    (
      await t.handle.db
        .selectFrom('notifications')
        .select(['event', 'org_id', 'ack_requested', 'escalate_at'])
        .where('incident_id', '=', incidentId)
        .where('event', 'like', 'deadline.%')
        .orderBy('created_at')
        .orderBy('event')
        .execute()
    ).map((n) => ({ ...n, ack_requested: Number(n.ack_requested) }));

  it('reminds before the APPI preliminary report is due, chases once it is overdue, and only once each', async () => {
    const incident = await t.fileIncident(g.agencyReporter);
    const assessed = await t.request(g.agencyReporter, {
      method: 'POST',
      url: `/api/v1/incidents/${incident.id}/assessment`,
      payload: {
        version: 0,
        persons: 0,
        categories: [],
        sensitive: false,
        rightsInfringed: false,
        seriousImpediment: false,
        publicServicesAffected: false,
        malicious: false,
      },
    });
    expect(assessed.statusCode).toBe(201);
    // No personal data: APPI does not apply, nothing to remind of.
    t.clock.advance(6 * DAY);
    expect(await sweep()).toBe(0);

    const sensitive = await t.request(g.agencyReporter, {
      method: 'POST',
      url: `/api/v1/incidents/${incident.id}/assessment`,
      payload: {
        version: 1,
        persons: 3,
        categories: ['病歴'],
        sensitive: true,
        rightsInfringed: false,
        seriousImpediment: false,
        publicServicesAffected: false,
        malicious: false,
      },
    });
    expect(sensitive.statusCode).toBe(201);
    // Five days from the assessment that met the trigger; an hour before, the body is reminded.
    t.clock.advance(5 * DAY - HOUR - 1);
    expect(await sweep()).toBe(0);
    t.clock.advance(1);
    expect(await sweep()).toBe(1);
    expect(await sweep()).toBe(0);
    expect(await notices(incident.id)).toEqual([
      { event: 'deadline.due_soon', org_id: g.agency.id, ack_requested: 0, escalate_at: null },
    ]);
    t.clock.advance(HOUR + 1);
    expect(await sweep()).toBe(1);
    expect(await sweep()).toBe(0);
    const overdue = (await notices(incident.id)).filter((n) => n.event === 'deadline.overdue');
    expect(overdue.map((n) => [n.org_id, n.ack_requested]).sort()).toEqual(
      [
        [g.agency.id, 1],
        [g.ministry.id, 0],
      ].sort(),
    );
    expect(overdue.find((n) => n.org_id === g.agency.id)?.escalate_at).not.toBeNull();
  });

  it('a clock satisfied in time is not chased; the one still open is reminded', async () => {
    const incident = await t.fileIncident(g.ministryReporter);
    const assessed = await t.request(g.ministryReporter, {
      method: 'POST',
      url: `/api/v1/incidents/${incident.id}/assessment`,
      payload: {
        version: 0,
        persons: 500,
        categories: ['氏名'],
        sensitive: false,
        rightsInfringed: false,
        seriousImpediment: false,
        publicServicesAffected: false,
        malicious: false,
      },
    });
    expect(assessed.statusCode).toBe(201);
    t.clock.advance(DAY);
    const update = await t.request(g.ministryReporter, {
      method: 'POST',
      url: `/api/v1/incidents/${incident.id}/reports`,
      payload: { kind: 'update', text: '個人情報保護委員会へ速報済み' },
    });
    expect(update.statusCode).toBe(201);
    t.clock.advance(5 * DAY);
    await sweep();
    expect((await notices(incident.id)).map((n) => n.event)).toEqual([]);
    // The final report is still open: reminded a day before its 30 days, chased after.
    t.clock.advance(24 * DAY - 30 * 60_000);
    await sweep();
    expect((await notices(incident.id)).map((n) => n.event)).toEqual(['deadline.due_soon']);
  });

  it('records each clock as the incident page shows it, late by how much, writing only on change', async () => {
    const incident = await t.fileIncident(g.agencyReporter);
    const assessed = await t.request(g.agencyReporter, {
      method: 'POST',
      url: `/api/v1/incidents/${incident.id}/assessment`,
      payload: {
        version: 0,
        persons: 300,
        categories: ['氏名'],
        sensitive: false,
        rightsInfringed: false,
        seriousImpediment: false,
        publicServicesAffected: false,
        malicious: false,
      },
    });
    expect(assessed.statusCode).toBe(201);
    const stored = async () =>
      (
        await t.handle.db
          .selectFrom('deadline_outcomes')
          .select(['profile_id', 'clock_key', 'due_at', 'satisfied_at', 'outcome', 'late_minutes', 'org_id'])
          .where('incident_id', '=', incident.id)
          .orderBy('profile_id')
          .orderBy('clock_key')
          .execute()
      ).map((r) => ({ ...r, late_minutes: r.late_minutes === null ? null : Number(r.late_minutes) }));
    const shown = async () => {
      const res = await t.request(g.agencyReporter, {
        method: 'GET',
        url: `/api/v1/incidents/${incident.id}/deadlines`,
      });
      expect(res.statusCode).toBe(200);
      const body = res.json() as {
        profiles: {
          id: string;
          clocks: {
            key: string;
            dueAt: string;
            satisfiedAt: string | null;
            outcome: string;
            lateByMinutes: number | null;
          }[];
        }[];
      };
      return body.profiles
        .flatMap((a) =>
          a.clocks.map((c) => ({
            profile_id: a.id,
            clock_key: c.key,
            due_at: c.dueAt,
            satisfied_at: c.satisfiedAt,
            outcome: c.outcome,
            late_minutes: c.outcome === 'late' ? c.lateByMinutes : null,
            org_id: g.agency.id,
          })),
        )
        .sort((a, b) => a.profile_id.localeCompare(b.profile_id) || a.clock_key.localeCompare(b.clock_key));
    };
    await sweep();
    expect(await stored()).toEqual(await shown());
    // APPI's preliminary report runs out; an update two hours late meets it late, by 120 minutes.
    t.clock.advance(5 * DAY + 2 * HOUR);
    await sweep();
    expect((await stored()).find((r) => r.clock_key === 'preliminary')?.outcome).toBe('overdue');
    const update = await t.request(g.agencyReporter, {
      method: 'POST',
      url: `/api/v1/incidents/${incident.id}/reports`,
      payload: { kind: 'update', text: '個人情報保護委員会へ速報' },
    });
    expect(update.statusCode).toBe(201);
    await sweep();
    const after = await stored();
    expect(after).toEqual(await shown());
    expect(after.find((r) => r.clock_key === 'preliminary')).toMatchObject({
      outcome: 'late',
      late_minutes: 120,
    });
    // A sweep with nothing changed writes nothing (recorded_at stays).
    const at = await t.handle.db
      .selectFrom('deadline_outcomes')
      .select('recorded_at')
      .where('incident_id', '=', incident.id)
      .execute();
    t.clock.advance(60_000);
    await sweep();
    expect(
      await t.handle.db
        .selectFrom('deadline_outcomes')
        .select('recorded_at')
        .where('incident_id', '=', incident.id)
        .execute(),
    ).toEqual(at);
  });
});
