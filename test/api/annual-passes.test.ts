import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SeedBody, seedAnnualIncidents, seededIncident } from '../../bench/annual-seed.js';
import { annualNumbers, monthStarts } from '../../src/features/annual/annual.numbers.js';
import { DEFAULT_SCORING } from '../../src/features/annual/annual.scoring.js';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestOrg, type TestUser } from '../support/harness.js';

// The annual report's counts and percentile spans (one paged pass on SQLite, grouped queries and window functions
// on PostgreSQL) against a straightforward computation over the same random incidents, recomputed in memory from
// the seed: more than a page of the SQLite pass, bodies of every kind, incidents held at a ministry's review,
// incidents of an exercise (never counted).

const FROM = '2025-03-31T15:00:00.000Z';
const TO = '2026-03-31T15:00:00.000Z';
const COUNT = 2600;
/** The seeded incidents of the year that are made an exercise's. */
const inExercise = (i: number) => i % 13 === 5;

describe.each(DIALECTS)("the annual report's passes against a plain count on %s", (dialect) => {
  let t: TestApp;
  let analyst: TestUser;
  let bodies: SeedBody[] = [];

  beforeAll(async () => {
    t = await startTestApp(dialect);
    const center = await t.org('center');
    analyst = await t.user(center, 'center-analyst');
    const m1 = await t.org('ministry');
    const m2 = await t.org('ministry');
    const m3 = await t.org('ministry');
    const agency = async (parent: TestOrg): Promise<SeedBody> => ({
      id: (await t.org('agency', { parent })).id,
      parentId: parent.id,
      kind: 'agency',
    });
    bodies = [
      { id: center.id, parentId: null, kind: 'center' },
      ...[m1, m2, m3].map((m): SeedBody => ({ id: m.id, parentId: null, kind: 'ministry' })),
      await agency(m1),
      await agency(m1),
      await agency(m2),
    ];
    await seedAnnualIncidents(t.handle.db, {
      seed: 23,
      count: COUNT,
      from: FROM,
      to: TO,
      bodies,
      centerId: center.id,
      createdBy: analyst.id,
    });
    // Every 13th incident of the year belongs to an exercise: the annual report counts real incidents only.
    const exerciseId = 'annual-passes-exercise';
    await t.handle.db
      .insertInto('exercises')
      .values({
        id: exerciseId,
        number: 'X-2025-001',
        fiscal_year: 2025,
        name: 'exercise',
        description: '',
        scenario: '{}',
        status: 'ended',
        created_at: FROM,
        created_by: analyst.id,
        started_at: FROM,
        started_by: analyst.id,
        paused_at: null,
        paused_ms: 0,
        ended_at: FROM,
        final_at: null,
        purged_at: null,
        purged_by: null,
        version: 1,
      })
      .execute();
    const exercised = Array.from({ length: COUNT }, (_, i) => i)
      .filter(inExercise)
      .map((i) => seededIncident(i, { seed: 23, from: FROM, to: TO, bodies }).id);
    for (let i = 0; i < exercised.length; i += 100)
      await t.handle.db
        .updateTable('incidents')
        .set({ exercise_id: exerciseId })
        .where('id', 'in', exercised.slice(i, i + 100))
        .execute();
    // Read outside the year, with clocks due in it all the same: reported in the 40 days before it (a final
    // report due 30 days after detection) and in the two hours after it (a quick report due an hour after).
    for (const batch of BATCHES)
      await seedAnnualIncidents(t.handle.db, {
        ...batch,
        bodies,
        centerId: center.id,
        createdBy: analyst.id,
      });
    const all = seededAll();
    // Clocks the pass's packed summary cannot say: a second late clock, a clock recorded under another body.
    const readable = all.filter(
      (r) => r.centerReceivedAt !== null && r.reportedAt >= FROM && r.orgId !== center.id,
    );
    extraClocks = readable.slice(0, 4).map((r, k) => ({
      incident_id: r.id,
      org_id: k % 2 === 0 ? r.orgId : (bodies[1] as SeedBody).id,
      profile_id: 'extra',
      clock_key: 'x',
      due_at: r.reportedAt,
      satisfied_at: null,
      outcome: k === 3 ? 'pending' : 'late',
      late_minutes: k === 3 ? null : 5 + k,
      recorded_at: r.reportedAt,
    }));
    await t.handle.db.insertInto('deadline_outcomes').values(extraClocks).execute();
    // Accountability tracks due in the year (and one before it) on read and unread incidents, decided or not.
    const parentOf = new Map(bodies.map((b) => [b.id, b.parentId]));
    const rows = all
      .filter((_, i) => i % 37 === 0)
      .map((r, k) => ({
        incident_id: r.id,
        org_id: r.orgId,
        parent_id: parentOf.get(r.orgId) ?? null,
        reason: 'personal-data',
        opened_by: null,
        opened_at: r.reportedAt,
        due_at: k === 0 ? '2025-01-01T00:00:00.000Z' : r.reportedAt,
        decision: k % 3 === 0 ? null : 'publish',
        decision_reason: null,
        decided_by: null,
        decided_at: k % 3 === 0 ? null : k % 3 === 1 ? r.reportedAt : '2027-01-01T00:00:00.000Z',
        revision: 1,
      }));
    await t.handle.db.insertInto('accountability_tracks').values(rows).execute();
    tracks = rows;
  });
  afterAll(async () => t?.close());

  const BATCHES = [
    { seed: 24, count: 400, from: '2025-02-19T15:00:00.000Z', to: FROM },
    { seed: 25, count: 200, from: TO, to: '2026-03-31T17:00:00.000Z' },
  ];
  let extraClocks: {
    incident_id: string;
    org_id: string;
    profile_id: string;
    clock_key: string;
    due_at: string;
    satisfied_at: string | null;
    outcome: string;
    late_minutes: number | null;
    recorded_at: string;
  }[] = [];
  let tracks: { incident_id: string; org_id: string; due_at: string; decided_at: string | null }[] = [];
  /** The year's seeded incidents but those made an exercise's (what the report must count). */
  const realOfYear = () =>
    Array.from({ length: COUNT }, (_, i) => i)
      .filter((i) => !inExercise(i))
      .map((i) => seededIncident(i, { seed: 23, from: FROM, to: TO, bodies }));
  const seededAll = () => [
    ...realOfYear(),
    ...BATCHES.flatMap((b) => Array.from({ length: b.count }, (_, i) => seededIncident(i, { ...b, bodies }))),
  ];

  it('counts the clocks due in the year, the accountability decisions and the earlier years as a plain count does', async () => {
    const numbers = await annualNumbers({
      db: t.handle.db,
      dialect,
      fiscalYear: 2025,
      timeZone: 'Asia/Tokyo',
      scoring: DEFAULT_SCORING,
    });
    const all = seededAll();
    const read = new Set(all.filter((r) => r.centerReceivedAt !== null).map((r) => r.id));
    const inYear = (at: string) => at >= FROM && at < TO;
    const clocks = [
      ...all.flatMap((r) =>
        r.clocks.map((c) => ({
          incidentId: r.id,
          orgId: r.orgId,
          dueAt: c.dueAt,
          outcome: c.outcome,
          minutes: c.lateMinutes,
        })),
      ),
      ...extraClocks.map((c) => ({
        incidentId: c.incident_id,
        orgId: c.org_id,
        dueAt: c.due_at,
        outcome: c.outcome,
        minutes: c.late_minutes,
      })),
    ].filter((c) => read.has(c.incidentId) && inYear(c.dueAt));
    // The extra clocks and the batches outside the year are in the count (the test would not see them otherwise).
    expect(
      clocks.filter((c) => !inYear(all.find((r) => r.id === c.incidentId)?.reportedAt ?? '')).length,
    ).toBeGreaterThan(0);
    expect(clocks.filter((c) => c.dueAt >= TO || c.dueAt < FROM)).toHaveLength(0);
    const percent = (part: number, whole: number) => Math.round((part / whole) * 1000) / 10;
    for (const section of numbers.sections) {
      const ministry = section.ministry.id;
      const under = (orgId: string) =>
        orgId === ministry || bodies.find((b) => b.id === orgId)?.parentId === ministry;
      const value = (key: string) => section.indicators.find((i) => i.key === key);
      const mine = clocks.filter((c) => under(c.orgId));
      const onTime = mine.filter((c) => c.outcome === 'on-time').length;
      const late = mine.filter((c) => c.outcome === 'late').map((c) => c.minutes ?? 0);
      expect(value('deadlineOutcomes')).toMatchObject(
        mine.length === 0
          ? { value: null, basis: 0 }
          : { value: percent(onTime, mine.length), basis: mine.length },
      );
      expect(value('deadlineOpen')).toMatchObject({
        value: mine.length - onTime - late.length,
        basis: mine.length,
      });
      const sorted = [...late].sort((a, b) => a - b);
      expect(value('deadlineLateMedian')).toMatchObject(
        late.length === 0
          ? { value: null, basis: 0 }
          : { value: sorted[Math.ceil(late.length / 2) - 1], basis: late.length },
      );
      const due = tracks.filter((d) => read.has(d.incident_id) && inYear(d.due_at) && under(d.org_id));
      const decided = due.filter((d) => d.decided_at !== null && d.decided_at <= d.due_at).length;
      expect(value('accountabilityOnTime')).toMatchObject(
        due.length === 0
          ? { value: null, basis: 0 }
          : { value: percent(decided, due.length), basis: due.length },
      );
    }
    expect(numbers.trends.byYear).toEqual([
      { fiscalYear: 2021, count: 0 },
      { fiscalYear: 2022, count: 0 },
      { fiscalYear: 2023, count: 0 },
      { fiscalYear: 2024, count: all.filter((r) => read.has(r.id) && r.reportedAt < FROM).length },
      { fiscalYear: 2025, count: numbers.trends.total },
    ]);
  });

  it('gives the same totals, months, categories, severities, counts and nearest-rank percentiles', async () => {
    const numbers = await annualNumbers({
      db: t.handle.db,
      dialect,
      fiscalYear: 2025,
      timeZone: 'Asia/Tokyo',
      scoring: DEFAULT_SCORING,
    });
    const read = realOfYear().filter((r) => r.centerReceivedAt !== null);
    expect(numbers.trends.total).toBe(read.length);
    const months = monthStarts(2025, 'Asia/Tokyo');
    expect(numbers.trends.byMonth.map((m) => m.count)).toEqual(
      months
        .slice(0, 12)
        .map(
          (m, i) =>
            read.filter((r) => r.reportedAt >= m.at && r.reportedAt < (months[i + 1]?.at ?? '')).length,
        ),
    );
    const countBy = (key: (r: (typeof read)[number]) => string | null) => {
      const out = new Map<string | null, number>();
      for (const r of read) out.set(key(r), (out.get(key(r)) ?? 0) + 1);
      return out;
    };
    expect(new Map(numbers.trends.byCategory.map((c) => [c.key, c.count]))).toEqual(
      countBy((r) => r.category),
    );
    const severities = countBy((r) => r.severity);
    for (const s of numbers.trends.bySeverity) expect(s.count).toBe(severities.get(s.key) ?? 0);

    const nearest = (values: number[], p: number) =>
      [...values].sort((a, b) => a - b)[Math.ceil((p * values.length) / 100) - 1] as number;
    const minutes = (ms: number) => Math.round((ms / 1000 / 60) * 10) / 10;
    const percent = (part: number, whole: number) => Math.round((part / whole) * 1000) / 10;
    expect(numbers.sections).toHaveLength(3);
    for (const section of numbers.sections) {
      const ministry = section.ministry.id;
      const mine = read.filter(
        (r) => r.orgId === ministry || bodies.find((b) => b.id === r.orgId)?.parentId === ministry,
      );
      const value = (key: string) => section.indicators.find((i) => i.key === key);
      expect(value('incidents')).toMatchObject({ value: mine.length, basis: mine.length });
      const detect = mine.map((r) => Date.parse(r.reportedAt) - Date.parse(r.detectedAt));
      const arrive = mine.map((r) => Date.parse(r.centerReceivedAt as string) - Date.parse(r.reportedAt));
      expect(value('detectToReportMedian')).toMatchObject({
        value: minutes(nearest(detect, 50)),
        basis: mine.length,
      });
      expect(value('detectToReportP90')).toMatchObject({
        value: minutes(nearest(detect, 90)),
        basis: mine.length,
      });
      expect(value('reportToCenterMedian')).toMatchObject({
        value: minutes(nearest(arrive, 50)),
        basis: mine.length,
      });
      expect(value('reportToCenterP90')).toMatchObject({
        value: minutes(nearest(arrive, 90)),
        basis: mine.length,
      });
      const onTime = mine.filter((r) => r.reportedAt <= r.reportingDueAt).length;
      expect(value('quickReportOnTime')).toMatchObject({
        value: percent(onTime, mine.length),
        basis: mine.length,
      });
      const final = mine.filter((r) => r.finalAt !== null).length;
      expect(value('finalReportsCompleted')).toMatchObject({
        value: percent(final, mine.length),
        basis: mine.length,
      });
    }
  });
});
