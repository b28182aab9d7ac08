import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SeedBody, seedAnnualIncidents, seededIncident } from '../../bench/annual-seed.js';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestOrg, type TestUser } from '../support/harness.js';

// The annual report on a generated fiscal year: every number recomputed here from the generated rows (a plain
// in-memory model) and compared; the final report frozen against later data, its hash verified; the PDF's text
// and the XLSX read back.

const FROM = '2025-03-31T15:00:00.000Z'; // 2025-04-01 00:00 in Tokyo
const TO = '2026-03-31T15:00:00.000Z';
const COUNT = 300;

interface Section {
  ministry: { id: string };
  indicators: { key: string; value: number | null; basis: number }[];
  score: { points: number | null; grade: string | null; formula: string };
}
interface Report {
  report: { status: string; revision: number; sha256: string | null };
  trends: {
    total: number;
    byMonth: { month: string; count: number }[];
    byYear: { fiscalYear: number; count: number }[];
    bySeverity: { key: string | null; count: number }[];
  };
  sections: Section[];
}

const nearestRank = (values: number[], p: number) => {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.ceil((p / 100) * s.length) - 1] as number;
};
const minutes = (seconds: number) => Math.round((seconds / 60) * 10) / 10;

describe.each(DIALECTS)('the annual report on a generated fiscal year on %s', (dialect) => {
  let t: TestApp;
  const o = {} as Record<'C' | 'M1' | 'A1' | 'A2' | 'M2' | 'B1', TestOrg>;
  let analyst: TestUser;
  let bodies: SeedBody[];

  beforeAll(async () => {
    t = await startTestApp(dialect);
    o.C = await t.org('center');
    o.M1 = await t.org('ministry');
    o.A1 = await t.org('agency', { parent: o.M1 });
    o.A2 = await t.org('agency', { parent: o.M1 });
    o.M2 = await t.org('ministry');
    o.B1 = await t.org('agency', { parent: o.M2 });
    analyst = await t.user(o.C, 'center-analyst');
    bodies = [
      { id: o.C.id, parentId: null, kind: 'center' },
      { id: o.M1.id, parentId: null, kind: 'ministry' },
      { id: o.A1.id, parentId: o.M1.id, kind: 'agency' },
      { id: o.A2.id, parentId: o.M1.id, kind: 'agency' },
      { id: o.M2.id, parentId: null, kind: 'ministry' },
      { id: o.B1.id, parentId: o.M2.id, kind: 'agency' },
    ];
    const base = { centerId: o.C.id, createdBy: analyst.id, bodies };
    await seedAnnualIncidents(t.handle.db, { ...base, seed: 1, count: COUNT, from: FROM, to: TO });
    // The year before, for the comparison.
    await seedAnnualIncidents(t.handle.db, {
      ...base,
      seed: 2,
      count: 40,
      from: '2024-03-31T15:00:00.000Z',
      to: FROM,
    });
  });
  afterAll(async () => t?.close());

  const get = async (path: string, user = analyst) => {
    const res = await t.request(user, { method: 'GET', url: `/api/v1/annual-reports${path}` });
    return res;
  };

  it('counts what the model counts, per month, per year and per ministry', async () => {
    const made = await t.request(analyst, {
      method: 'POST',
      url: '/api/v1/annual-reports',
      payload: { fiscalYear: 2025 },
    });
    expect(made.statusCode, made.body).toBe(201);
    const res = await get('/2025');
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json() as Report;

    const rows = Array.from({ length: COUNT }, (_, i) =>
      seededIncident(i, { seed: 1, from: FROM, to: TO, bodies }),
    );
    const atCenter = rows.filter((x) => x.centerReceivedAt !== null);
    expect(r.trends.total).toBe(atCenter.length);
    expect(r.trends.byMonth.reduce((n, m) => n + m.count, 0)).toBe(atCenter.length);
    const monthOf = (iso: string) => new Date(Date.parse(iso) + 9 * 3600_000).toISOString().slice(0, 7);
    for (const m of r.trends.byMonth)
      expect(m.count, m.month).toBe(atCenter.filter((x) => monthOf(x.reportedAt) === m.month).length);
    const before = Array.from({ length: 40 }, (_, i) =>
      seededIncident(i, { seed: 2, from: '2024-03-31T15:00:00.000Z', to: FROM, bodies }),
    );
    expect(r.trends.byYear.find((y) => y.fiscalYear === 2024)?.count).toBe(
      before.filter((x) => x.centerReceivedAt).length,
    );
    for (const sev of r.trends.bySeverity)
      expect(sev.count).toBe(atCenter.filter((x) => x.severity === sev.key).length);

    for (const m of [o.M1, o.M2]) {
      const inMinistry = (orgId: string) =>
        bodies.some((b) => b.id === orgId && (b.id === m.id || b.parentId === m.id));
      const mine = atCenter.filter((x) => inMinistry(x.orgId));
      const section = r.sections.find((s) => s.ministry.id === m.id) as Section;
      const value = (k: string) => section.indicators.find((i) => i.key === k)?.value;
      expect(value('incidents')).toBe(mine.length);
      const detect = mine.map((x) => (Date.parse(x.reportedAt) - Date.parse(x.detectedAt)) / 1000);
      const arrive = mine.map(
        (x) => (Date.parse(x.centerReceivedAt as string) - Date.parse(x.reportedAt)) / 1000,
      );
      expect(value('detectToReportMedian')).toBeCloseTo(minutes(nearestRank(detect, 50)), 1);
      expect(value('detectToReportP90')).toBeCloseTo(minutes(nearestRank(detect, 90)), 1);
      expect(value('reportToCenterMedian')).toBeCloseTo(minutes(nearestRank(arrive, 50)), 1);
      expect(value('reportToCenterP90')).toBeCloseTo(minutes(nearestRank(arrive, 90)), 1);
      const onTime = mine.filter((x) => x.reportedAt <= x.reportingDueAt).length;
      expect(value('quickReportOnTime')).toBe(Math.round((onTime / mine.length) * 1000) / 10);
      const final = mine.filter((x) => x.finalAt !== null).length;
      expect(value('finalReportsCompleted')).toBe(Math.round((final / mine.length) * 1000) / 10);
      // Deadline-profile clocks due in the year (as the sweep recorded them): share on time, median lateness, open.
      // (The year before's incidents count too when a clock of theirs fell due in this one.)
      const due = [...mine, ...before.filter((x) => x.centerReceivedAt && inMinistry(x.orgId))]
        .flatMap((x) => x.clocks)
        .filter((c) => c.dueAt >= FROM && c.dueAt < TO);
      expect(value('deadlineOutcomes')).toBe(
        Math.round((due.filter((c) => c.outcome === 'on-time').length / due.length) * 1000) / 10,
      );
      const late = due.flatMap((c) => (c.lateMinutes === null ? [] : [c.lateMinutes]));
      expect(late.length).toBeGreaterThan(0);
      expect(value('deadlineLateMedian')).toBe(nearestRank(late, 50));
      expect(value('deadlineOpen')).toBe(due.filter((c) => c.satisfiedAt === null).length);
      // The policy clause register (none confirmed in this generated year): 0 % of the ministry and its agencies.
      expect(section.indicators.find((i) => i.key === 'policyClause')).toMatchObject({
        value: 0,
        basis: bodies.filter((b) => b.id === m.id || b.parentId === m.id).length,
      });
      // Default scoring: only the two shares above have values; the formula shows them.
      const points =
        Math.round(
          ((40 * (value('quickReportOnTime') as number) + 20 * (value('finalReportsCompleted') as number)) /
            60) *
            10,
        ) / 10;
      expect(section.score.points).toBe(points);
      expect(section.score.formula).toContain('40×quickReportOnTime');
    }
  });

  it('a fiscal year not begun, a bad scoring, a second draft: 4xx, nothing made', async () => {
    const future = await t.request(analyst, {
      method: 'POST',
      url: '/api/v1/annual-reports',
      payload: { fiscalYear: 2027 },
    });
    expect(future.statusCode).toBe(400);
    expect(future.json().code).toBe('annual.future_fiscal_year');
    const bad = await t.request(analyst, {
      method: 'POST',
      url: '/api/v1/annual-reports',
      payload: {
        fiscalYear: 2024,
        scoring: { weights: { incidents: 10 }, grades: [{ grade: 'A', min: 50 }] },
      },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('annual.invalid_scoring');
    const again = await t.request(analyst, {
      method: 'POST',
      url: '/api/v1/annual-reports',
      payload: { fiscalYear: 2025 },
    });
    expect(again.statusCode).toBe(409);
    expect((await get('/2024')).statusCode).toBe(404);
  });

  it('a final report does not change when the data does, and its hash verifies; its PDF and XLSX carry the numbers', async () => {
    const draft = (await get('/2025')).json() as Report;
    const fin = await t.request(analyst, {
      method: 'POST',
      url: '/api/v1/annual-reports/2025/final',
      payload: { revision: draft.report.revision },
    });
    expect(fin.statusCode, fin.body).toBe(200);
    const frozen = (await get('/2025')).json() as Report;
    await seedAnnualIncidents(t.handle.db, {
      seed: 3,
      count: 30,
      from: FROM,
      to: TO,
      bodies,
      centerId: o.C.id,
      createdBy: analyst.id,
    });
    const later = (await get('/2025')).json() as Report;
    expect(later).toEqual(frozen);
    expect(later.trends).toEqual(draft.trends);
    const verify = (await get('/2025/verify')).json() as { verified: boolean; sha256: string };
    expect(verify.verified).toBe(true);
    expect(verify.sha256).toBe(frozen.report.sha256);

    const pdf = await get('/2025/export?format=pdf&lang=en');
    expect(pdf.statusCode, pdf.body).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const doc = await getDocument({ data: new Uint8Array(pdf.rawPayload) }).promise;
    let text = '';
    for (let p = 1; p <= doc.numPages; p++) {
      const content = await (await doc.getPage(p)).getTextContent();
      text += `${content.items.map((i) => ('str' in i ? i.str : '')).join(' ')}\n`;
    }
    expect(text).toContain('Annual report, fiscal year 2025');
    expect(text).toContain(frozen.report.sha256 as string);
    for (const m of frozen.trends.byMonth) expect(text).toContain(`${m.month} | ${m.count}`);
    const ja = await get('/2025/export?format=pdf');
    const jaDoc = await getDocument({ data: new Uint8Array(ja.rawPayload) }).promise;
    const first = await (await jaDoc.getPage(1)).getTextContent();
    expect(first.items.map((i) => ('str' in i ? i.str : '')).join('')).toContain('2025年度 年次報告書');

    const xlsx = await get('/2025/export?format=xlsx&lang=en');
    expect(xlsx.statusCode).toBe(200);
    const files = unzipSync(new Uint8Array(xlsx.rawPayload));
    const sheets = Object.keys(files).filter((f) => /^xl\/worksheets\/sheet\d+\.xml$/.test(f));
    expect(sheets).toHaveLength(8);
    const months = new TextDecoder().decode(files['xl/worksheets/sheet1.xml']);
    // Column B below the header: the counts, written as numbers.
    const values = [...months.matchAll(/<c r="B(\d+)"(?![^>]*t="s")[^>]*><v>(\d+)<\/v>/g)].map((m) =>
      Number(m[2]),
    );
    expect(values).toEqual(frozen.trends.byMonth.map((m) => m.count));

    const csv = await get('/2025/export?format=csv&lang=en');
    expect(csv.body).toContain(`${frozen.trends.byMonth[0]?.month},${frozen.trends.byMonth[0]?.count}`);
  });
});
