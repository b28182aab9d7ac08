import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestUser } from '../support/harness.js';
import { expectProblem } from './helpers.js';

// An incident's indicators page by page (issue 14: a bulk import gives one incident 100,000): the incident's
// answer carries the first 200 and the total; GET /incidents/{id}/indicators the rest, by cursor, of one type or
// holding a text — only for those who read the incident, with the answer of a missing one for everyone else.

interface Indicator {
  type: string;
  value: string;
  display: string;
  reportSeq: number;
}
interface Page {
  indicators: Indicator[];
  total: number;
  nextCursor: string | null;
}

describe.each(DIALECTS)("an incident's indicators, page by page, on %s", (dialect) => {
  let t: TestApp;
  let g: Awaited<ReturnType<TestApp['government']>>;
  let outsider: TestUser;
  let incidentId: string;
  // Every indicator as filed, in report order: what the pages must give back, in that order.
  const filed: { type: string; value: string }[] = [];

  beforeAll(async () => {
    t = await startTestApp(dialect);
    g = await t.government();
    outsider = await t.user(await t.org('ministry'), 'reporter');
    const first = Array.from({ length: 500 }, (_, i) => ({ type: 'ipv4', value: `192.0.2.${i % 250}` }))
      .map((v, i) => (i < 250 ? v : { type: 'domain', value: `host-${i}.campaign.example` }))
      .concat([]);
    const incident = await t.fileIncident(g.agencyReporter, { indicators: first });
    incidentId = incident.id;
    filed.push(...first.map((i) => ({ type: i.type, value: i.value })));
    const second = [
      { type: 'domain', value: '例え.jp' },
      { type: 'url', value: 'https://evil.example/100%_done' },
      { type: 'domain', value: 'EVIL.example' },
      ...Array.from({ length: 297 }, (_, i) => ({
        type: 'sha256',
        value: `${i.toString(16).padStart(4, '0')}${'a'.repeat(60)}`,
      })),
    ];
    const res = await t.request(g.agencyReporter, {
      method: 'POST',
      url: `/api/v1/incidents/${incidentId}/reports`,
      payload: { kind: 'update', text: '追加の痕跡', indicators: second },
    });
    expect(res.statusCode, res.body).toBe(201);
    filed.push(
      { type: 'domain', value: 'xn--r8jz45g.jp' },
      { type: 'url', value: 'https://evil.example/100%25_done' },
      { type: 'domain', value: 'evil.example' },
      ...second.slice(3).map((i) => ({ type: i.type, value: i.value })),
    );
  }, 120_000);
  afterAll(async () => t?.close());

  type Query = Record<string, string | number | undefined>;
  const page = (u: TestUser, query: Query, id = incidentId) =>
    t.request(u, {
      method: 'GET',
      url: `/api/v1/incidents/${id}/indicators?${new URLSearchParams(Object.entries(query).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)]])))}`,
    });
  /** Every page of a query, walked by its cursors. */
  async function walk(u: TestUser, query: Query): Promise<Page[]> {
    const pages: Page[] = [];
    let cursor: string | null = null;
    do {
      const res = await page(u, cursor ? { ...query, cursor } : query);
      expect(res.statusCode, res.body).toBe(200);
      const p = res.json() as Page;
      pages.push(p);
      cursor = p.nextCursor;
    } while (cursor && pages.length < 20);
    return pages;
  }

  it('answers the first 200 with the incident and the total, and every one in order page by page', async () => {
    const detail = (
      await t.request(g.agencyReporter, { method: 'GET', url: `/api/v1/incidents/${incidentId}` })
    ).json();
    expect(detail.indicatorsTotal).toBe(800);
    // The next page resumes where the incident's own list ends.
    const second = (
      await page(g.agencyReporter, { cursor: detail.indicatorsNextCursor, limit: 600 })
    ).json() as Page;
    expect(second.indicators.map((i) => ({ type: i.type, value: i.value }))).toEqual(filed.slice(200));
    expect(second.nextCursor).toBeNull();
    expect(detail.indicators.map((i: Indicator) => ({ type: i.type, value: i.value }))).toEqual(
      filed.slice(0, 200),
    );

    const pages = await walk(g.agencyReporter, { limit: 300 });
    expect(pages.map((p) => p.indicators.length)).toEqual([300, 300, 200]);
    expect(pages.every((p) => p.total === 800)).toBe(true);
    expect(pages.at(-1)?.nextCursor).toBeNull();
    const all = pages.flatMap((p) => p.indicators);
    expect(all.map((i) => ({ type: i.type, value: i.value }))).toEqual(filed);
    expect(
      all.slice(0, 500).every((i) => i.reportSeq === 1) && all.slice(500).every((i) => i.reportSeq === 2),
    ).toBe(true);
    // The default page is as long as the incident's own list.
    expect((await page(g.agencyReporter, {})).json().indicators).toHaveLength(200);
  });

  it('filters by type and by a text, in either form, whatever its width, case or invisible characters', async () => {
    const domains = await walk(g.ministryOfficer, { type: 'domain', limit: 1000 });
    expect(domains[0]?.total).toBe(252);
    expect(domains[0]?.indicators.every((i) => i.type === 'domain')).toBe(true);
    const value = async (q: string, extra: Record<string, string> = {}) =>
      ((await page(g.analyst, { q, ...extra })).json() as Page).indicators.map((i) => i.value);
    // The displayed form and the canonical one find the same indicator.
    expect(await value('例え')).toEqual(['xn--r8jz45g.jp']);
    expect(await value('xn--r8jz45g')).toEqual(['xn--r8jz45g.jp']);
    // Full-width, upper case, a zero-width space inside: the same text.
    expect(await value('ＥＶ\u200bＩＬ.EXAMPLE', { type: 'domain' })).toEqual(['evil.example']);
    // `%` and `_` are themselves, not patterns.
    expect(await value('100%25_')).toEqual(['https://evil.example/100%25_done']);
    expect(await value('%')).toEqual(['https://evil.example/100%25_done']);
    expect(await value('_d')).toEqual(['https://evil.example/100%25_done']);
    const hosts = await walk(g.agencyReporter, { q: 'campaign.example', limit: 100 });
    expect(hosts.map((p) => p.indicators.length)).toEqual([100, 100, 50]);
    expect(hosts[0]?.total).toBe(250);
    expect(await value('nothing-like-this')).toEqual([]);
  });

  it('refuses a cursor it did not give out, and malformed limits, types and texts, with 400', async () => {
    const forged = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
    for (const cursor of [
      'x',
      forged('i|1'),
      forged('i|1|2|3'),
      forged('i|-1|2'),
      forged('i|1|1e3'),
      forged("i|1|2' or 1=1"),
      forged('c|1|2'),
    ]) {
      const res = await page(g.agencyReporter, { cursor });
      expectProblem(res, 400, 'incidents.invalid_cursor');
    }
    for (const query of [
      { limit: 0 },
      { limit: 1001 },
      { limit: 'ten' },
      { type: 'ipv5' },
      { q: 'x'.repeat(201) },
      { q: '' },
      { sort: 'value' },
    ]) {
      const res = await page(g.agencyReporter, query);
      expectProblem(res, 400, 'request.validation_failed');
    }
  });

  it('answers everyone who may not read the incident as for a missing one, whatever the query or cursor', async () => {
    const missing = await page(outsider, {}, 'no-such-incident');
    expectProblem(missing, 404, 'incidents.not_found');
    const cursor = (await page(g.agencyReporter, { limit: 10 })).json().nextCursor as string;
    const sibling = await t.user(await t.org('agency', { parent: g.ministry }), 'reporter');
    for (const u of [outsider, sibling])
      for (const query of [{}, { q: 'campaign' }, { q: 'no-match-at-all' }, { type: 'url' }, { cursor }]) {
        const res = await page(u, query);
        expectProblem(res, 404, 'incidents.not_found');
        // No oracle: a text that matches answers as one that does not, and as a missing incident.
        expect(res.body, JSON.stringify(query)).toBe(missing.body);
      }
    // A cursor names a place, not an incident: used on another incident it pages that one, if readable.
    const other = await t.fileIncident(outsider, { indicators: [{ type: 'domain', value: 'own.example' }] });
    const res = await page(outsider, { cursor }, other.id);
    expect(res.statusCode).toBe(200);
    expect(res.json().indicators).toEqual([]);
  });

  it('audits each page read as a read of the incident', async () => {
    const before = await t.count('audit_log');
    await page(g.ministryOfficer, { q: 'evil' });
    const rows = await t.handle.db
      .selectFrom('audit_log')
      .select(['action', 'subject_id', 'detail'])
      .orderBy('id', 'desc')
      .limit((await t.count('audit_log')) - before)
      .execute();
    expect(rows).toEqual([expect.objectContaining({ action: 'incident.read', subject_id: incidentId })]);
    expect(JSON.parse(String(rows[0]?.detail))).toEqual({ part: 'indicators' });
  });
});
