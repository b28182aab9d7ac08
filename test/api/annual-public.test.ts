import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SeedBody, seedAnnualIncidents } from '../../bench/annual-seed.js';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestOrg, type TestUser } from '../support/harness.js';

// The annual report's charts drawn on the server (SVG: the table's numbers on the bars, no script, hostile
// category names escaped; read as the report is read) and the public summary: published by the center from a
// final report, the frozen government-wide totals and its text only — never a section, an indicator or a
// comment —, under the public site's rules (no cookie, strict CSP, cache), withdrawn to a dated tombstone; a year
// never published answers the public site's one missing page, byte for byte.

const FROM = '2025-03-31T15:00:00.000Z';
const TO = '2026-03-31T15:00:00.000Z';
const HOSTILE = '<script>alert(1)</script>"&\'';

interface Trends {
  total: number;
  byMonth: { month: string; count: number }[];
  byCategory: { key: string | null; count: number }[];
  bySeverity: { key: string | null; count: number }[];
  byYear: { fiscalYear: number; count: number }[];
}
interface Report {
  report: { revision: number; sha256: string | null };
  trends: Trends;
  sections: { ministry: { id: string; nameJa: string; nameEn: string }; score: { formula: string } }[];
  publicSummary: { withdrawnAt: string | null } | null;
}

const xmlEsc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

describe.each(DIALECTS)('annual charts and the public summary on %s', (dialect) => {
  let t: TestApp;
  const o = {} as Record<'C' | 'M1' | 'A1' | 'M2', TestOrg>;
  const u = {} as Record<'analyst' | 'auditor' | 'admin' | 'M1' | 'A1' | 'M2', TestUser>;
  let bodies: SeedBody[];

  beforeAll(async () => {
    t = await startTestApp(dialect);
    o.C = await t.org('center');
    o.M1 = await t.org('ministry');
    o.A1 = await t.org('agency', { parent: o.M1 });
    o.M2 = await t.org('ministry');
    u.analyst = await t.user(o.C, 'center-analyst');
    u.auditor = await t.user(o.C, 'auditor');
    u.admin = await t.user(o.C, 'admin');
    u.M1 = await t.user(o.M1, 'security-officer');
    u.A1 = await t.user(o.A1, 'security-officer');
    u.M2 = await t.user(o.M2, 'security-officer');
    bodies = [
      { id: o.M1.id, parentId: null, kind: 'ministry' },
      { id: o.A1.id, parentId: o.M1.id, kind: 'agency' },
      { id: o.M2.id, parentId: null, kind: 'ministry' },
    ];
    const seed = { from: FROM, to: TO, bodies, centerId: o.C.id, createdBy: u.analyst.id };
    await seedAnnualIncidents(t.handle.db, { ...seed, seed: 11, count: 80 });
    // A category name as hostile as configuration could make one.
    const one = await t.handle.db.selectFrom('incidents').select('id').limit(1).executeTakeFirstOrThrow();
    await t.handle.db.updateTable('incidents').set({ category: HOSTILE }).where('id', '=', one.id).execute();
    const made = await t.request(u.analyst, {
      method: 'POST',
      url: '/api/v1/annual-reports',
      payload: { fiscalYear: 2025 },
    });
    expect(made.statusCode, made.body).toBe(201);
  });
  afterAll(async () => t?.close());

  const get = (user: TestUser | null, url: string, headers: Record<string, string> = {}) =>
    t.request(user, { method: 'GET', url, headers });
  const read = async (user = u.analyst) => (await get(user, '/api/v1/annual-reports/2025')).json() as Report;
  const publish = (user: TestUser, payload: object, year = 2025) =>
    t.request(user, { method: 'POST', url: `/api/v1/annual-reports/${year}/public-summary`, payload });

  it('draws each chart as an SVG with its table’s numbers, escaped, with no script', async () => {
    const r = await read();
    const month = await get(u.analyst, '/api/v1/annual-reports/2025/charts/month?lang=en');
    expect(month.statusCode, month.body).toBe(200);
    expect(month.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(month.headers['content-security-policy']).toContain("default-src 'none'");
    expect(month.headers['x-content-type-options']).toBe('nosniff');
    expect(month.body).toMatch(/^<svg[^>]* role="img" aria-label="Incidents by month">/);
    for (const m of r.trends.byMonth) expect(month.body).toContain(`${m.month}: ${m.count}`);
    const category = await get(u.analyst, '/api/v1/annual-reports/2025/charts/category');
    expect(category.statusCode).toBe(200);
    const svg = category.body;
    expect(r.trends.byCategory.some((c) => c.key === HOSTILE)).toBe(true);
    expect(svg).not.toMatch(/<script|onload=|onerror=|javascript:|<foreignObject/i);
    expect(svg).not.toContain(HOSTILE);
    expect(svg).toContain(xmlEsc('<script>alert(1)</script>'));
    // Every bar's count is written on the chart (the label's text), as the table holds it.
    const labels = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
    for (const c of r.trends.byCategory) expect(labels).toContain(String(c.count));
    for (const chart of ['severity', 'kind', 'year'])
      expect((await get(u.analyst, `/api/v1/annual-reports/2025/charts/${chart}`)).statusCode).toBe(200);
    expect((await get(u.analyst, '/api/v1/annual-reports/2025/charts/sections')).statusCode).toBe(400);
  });

  it('a chart is read as the report is: a ministry and an auditor yes; an agency and an admin 404 as for no report', async () => {
    for (const who of [u.M1, u.auditor])
      expect((await get(who, '/api/v1/annual-reports/2025/charts/month')).statusCode).toBe(200);
    const unknown = await get(u.analyst, '/api/v1/annual-reports/2019/charts/month');
    expect(unknown.statusCode).toBe(404);
    for (const who of [u.A1, u.admin]) {
      const res = await get(who, '/api/v1/annual-reports/2025/charts/month');
      expect(res.statusCode).toBe(404);
      expect(res.json()).toEqual(unknown.json());
    }
  });

  it('the PDF draws every chart with the same numbers', async () => {
    const r = await read();
    const pdf = await get(u.analyst, '/api/v1/annual-reports/2025/export?format=pdf&lang=en');
    expect(pdf.statusCode, pdf.body).toBe(200);
    const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const doc = await getDocument({ data: new Uint8Array(pdf.rawPayload) }).promise;
    const items: string[] = [];
    for (let p = 1; p <= doc.numPages; p++)
      for (const i of (await (await doc.getPage(p)).getTextContent()).items)
        if ('str' in i && i.str.trim()) items.push(i.str.trim());
    for (const title of ['Incidents by category', 'Incidents by severity', 'Incidents by kind of body'])
      expect(items).toContain(title);
    // Each severity bar: its label followed by its count.
    const at = items.indexOf('Incidents by severity');
    for (const [i, s] of r.trends.bySeverity.entries()) {
      expect(items[at + 1 + 2 * i]).toBe(s.key ?? '(none)');
      expect(items[at + 2 + 2 * i]).toBe(String(s.count));
    }
  });

  it('publishes only from a final report, only by the center; bad text changes nothing', async () => {
    const draft = await publish(u.analyst, { textJa: '概要' });
    expect(draft.statusCode).toBe(409);
    expect(draft.json().code).toBe('annual.not_final');
    const { report } = await read();
    const fin = await t.request(u.analyst, {
      method: 'POST',
      url: '/api/v1/annual-reports/2025/final',
      payload: { revision: report.revision },
    });
    expect(fin.statusCode, fin.body).toBe(200);
    expect((await publish(u.M1, { textJa: '概要' })).statusCode).toBe(403);
    expect((await publish(u.auditor, { textJa: '概要' })).statusCode).toBe(403);
    for (const who of [u.A1, u.admin]) {
      const res = await publish(who, { textJa: '概要' });
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe('annual.not_found');
    }
    expect((await publish(u.analyst, { textJa: '概要' }, 2019)).statusCode).toBe(404);
    const invisible = await publish(u.analyst, { textJa: '\u200b\u2060' });
    expect(invisible.statusCode).toBe(400);
    expect(invisible.json().code).toBe('text.empty');
    expect((await publish(u.analyst, { textJa: 'a', extra: 1 })).statusCode).toBe(400);
    expect((await read()).publicSummary).toBeNull();
    expect((await get(null, '/public/annual/2025')).statusCode).toBe(404);
  });

  it('the public page shows the frozen totals and the text, nothing of a section, under the site’s rules', async () => {
    const frozen = await read();
    // Two publications at once (a double click, two analysts): one is made, the other is a 409.
    const text = { textJa: `令和7年度の概要 ${HOSTILE}`, textEn: 'The year in brief' };
    const raced = await Promise.all([publish(u.analyst, text), publish(u.analyst, text)]);
    expect(raced.map((r) => r.statusCode).sort(), raced.map((r) => r.body).join('\n')).toEqual([201, 409]);
    expect((await publish(u.analyst, { textJa: 'もう一度' })).statusCode).toBe(409);
    // Data changed after the final: the public numbers are the frozen ones.
    await seedAnnualIncidents(t.handle.db, {
      seed: 12,
      count: 20,
      from: FROM,
      to: TO,
      bodies,
      centerId: o.C.id,
      createdBy: u.analyst.id,
    });
    const page = await get(null, '/public/annual/2025', { cookie: 'renraku_session=whatever' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['set-cookie']).toBeUndefined();
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page.headers['cache-control']).toMatch(/^public/);
    const html = page.body;
    expect(html).toContain(`${frozen.trends.total}件`);
    for (const m of frozen.trends.byMonth)
      expect(html).toContain(`<tr><th scope="row">${m.month}</th><td>${m.count}</td></tr>`);
    for (const c of frozen.trends.byCategory) expect(html).toContain(`<td>${c.count}</td>`);
    expect(html).toContain('令和7年度の概要 &lt;script&gt;');
    expect(html).not.toContain('<script');
    expect(html).toContain('The year in brief');
    for (const s of frozen.sections) {
      for (const marker of [s.ministry.id, s.ministry.nameJa, s.ministry.nameEn, s.score.formula])
        expect(html).not.toContain(marker);
    }
    expect(html).not.toContain(frozen.report.sha256 as string);
    for (const word of ['quickReportOnTime', '評価', 'grade']) expect(html).not.toContain(word);
    const chart = await get(null, '/public/annual/2025/charts/month.svg');
    expect(chart.statusCode).toBe(200);
    expect(chart.headers['content-type']).toMatch(/^image\/svg\+xml/);
    for (const m of frozen.trends.byMonth) expect(chart.body).toContain(`${m.month}: ${m.count}`);
    const again = await get(null, '/public/annual/2025', { 'if-none-match': String(page.headers.etag) });
    expect(again.statusCode).toBe(304);
    expect((await get(null, '/public')).body).toContain('href="/public/annual/2025"');
  });

  it('a year never published, a malformed one, a chart of none: the one missing page, byte for byte', async () => {
    const missing = await get(null, '/public/notices/01900000-0000-7000-8000-000000000000');
    expect(missing.statusCode).toBe(404);
    for (const path of [
      '/public/annual/2024',
      '/public/annual/2031',
      '/public/annual/２０２５',
      '/public/annual/2025%E2%80%8B',
      '/public/annual/02025',
      '/public/annual/2024/charts/month.svg',
      '/public/annual/2025/charts/sections.svg',
      '/public/annual/2025/charts/month',
    ]) {
      const res = await get(null, path);
      expect(res.statusCode, path).toBe(404);
      expect(res.body, path).toBe(missing.body);
      expect(res.headers['content-type'], path).toBe(missing.headers['content-type']);
      expect(res.headers['cache-control'], path).toBe('no-store');
    }
  });

  it('withdrawing leaves a dated tombstone with no number or text; a second withdrawal is a 409', async () => {
    const frozen = await read();
    expect(
      (await t.request(u.M1, { method: 'POST', url: '/api/v1/annual-reports/2025/public-summary/withdraw' }))
        .statusCode,
    ).toBe(403);
    const w = await t.request(u.analyst, {
      method: 'POST',
      url: '/api/v1/annual-reports/2025/public-summary/withdraw',
    });
    expect(w.statusCode, w.body).toBe(200);
    expect(w.json().withdrawnAt).toEqual(expect.any(String));
    const again = await t.request(u.analyst, {
      method: 'POST',
      url: '/api/v1/annual-reports/2025/public-summary/withdraw',
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('annual.summary_withdrawn');
    const tomb = await get(null, '/public/annual/2025');
    expect(tomb.statusCode).toBe(200);
    expect(tomb.body).toContain('【取り下げ】');
    expect(tomb.body).toMatch(/<time datetime="[^"]+">/);
    expect(tomb.body).not.toContain('令和7年度の概要');
    expect(tomb.body).not.toContain(`${frozen.trends.total}件`);
    expect((await get(null, '/public/annual/2025/charts/month.svg')).statusCode).toBe(404);
    expect((await publish(u.analyst, { textJa: '再公表' })).statusCode).toBe(409);
    const audit = await t.handle.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', 'like', 'annual.summary%')
      .execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['annual.summary_publish', 'annual.summary_withdraw']);
  });
});
