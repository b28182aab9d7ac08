import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SeedBody, seedAnnualIncidents, seededIncident } from '../../bench/annual-seed.js';
import { annualNumbers, monthStarts } from '../../src/features/annual/annual.numbers.js';
import { DEFAULT_SCORING } from '../../src/features/annual/annual.scoring.js';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestOrg, type TestUser } from '../support/harness.js';

// The annual report's counts and percentile spans (one paged pass on SQLite, grouped queries and window functions
// on PostgreSQL) against a straightforward computation over the same random incidents, recomputed in memory from
// the seed: more than a page of the SQLite pass, bodies of every kind, incidents held at a ministry's review.

const FROM = '2025-03-31T15:00:00.000Z';
const TO = '2026-03-31T15:00:00.000Z';
const COUNT = 2600;

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
  });
  afterAll(async () => t?.close());

  it('gives the same totals, months, categories, severities, counts and nearest-rank percentiles', async () => {
    const numbers = await annualNumbers({
      db: t.handle.db,
      dialect,
      fiscalYear: 2025,
      timeZone: 'Asia/Tokyo',
      scoring: DEFAULT_SCORING,
    });
    const read = Array.from({ length: COUNT }, (_, i) =>
      seededIncident(i, { seed: 23, from: FROM, to: TO, bodies }),
    ).filter((r) => r.centerReceivedAt !== null);
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
