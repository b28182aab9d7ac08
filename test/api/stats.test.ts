import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestUser } from '../support/harness.js';
import { expectProblem } from './helpers.js';

interface Stats {
  period: string;
  from: string;
  to: string;
  timeZone: string;
  total: number;
  open: number;
  final: number;
  bySeverity: { key: string | null; count: number }[];
  byCategory: { key: string | null; count: number }[];
  byOrg: { slug: string; kind: string; parent: string | null; count: number; open: number }[];
  daily: { date: string; count: number }[];
}

// Asia/Tokyo (UTC+9): local midnight of a date is 15:00 UTC the day before.
const NOW = '2026-11-25T03:00:00.000Z';

describe.each(DIALECTS)('incident statistics on %s', (dialect) => {
  let t: TestApp;
  let g: Awaited<ReturnType<TestApp['government']>>;

  /** Files an incident at a given time (the clock only moves forward). */
  const fileAt = async (user: TestUser, at: string, fields: Record<string, unknown> = {}) => {
    t.clock.set(at);
    return (await t.fileIncident(user, fields)).id;
  };

  beforeAll(async () => {
    t = await startTestApp(dialect, { start: '2026-03-31T00:00:00.000Z' });
    g = await t.government();
    // 23:59:59.999 on March 31 in Tokyo: the fiscal year before. Still open.
    await fileAt(g.agencyReporter, '2026-03-31T14:59:59.999Z', { severity: 'low' });
    // Midnight of April 1 in Tokyo: the first instant of the fiscal year.
    const april = await fileAt(g.ministryReporter, '2026-03-31T15:00:00.000Z', {
      severity: 'high',
      category: 'fraud/phishing',
    });
    const final = await t.request(g.ministryReporter, {
      method: 'POST',
      url: `/api/v1/incidents/${april}/reports`,
      payload: { kind: 'final', text: '対処完了' },
    });
    expect(final.statusCode).toBe(201);
    // A minute before the 7 days begin (November 19, 00:00 in Tokyo), and the moment they do.
    await fileAt(g.agencyReporter, '2026-11-18T14:59:00.000Z', { severity: 'critical' });
    await fileAt(g.agencyOfficer, '2026-11-18T15:00:00.000Z', { category: 'fraud/phishing' });
    // Half an hour before today begins, and today's midnight.
    await fileAt(g.agencyReporter, '2026-11-24T14:30:00.000Z', {
      severity: 'high',
      category: 'availability/ddos',
    });
    await fileAt(g.ministryReporter, '2026-11-24T15:00:00.000Z', { severity: 'medium' });
    await fileAt(g.agencyReporter, NOW, { severity: 'high', category: 'fraud/phishing' });
  });
  afterAll(async () => t?.close());

  const stats = async (user: TestUser, period?: string) => {
    const res = await t.request(user, {
      method: 'GET',
      url: '/api/v1/stats',
      query: period ? { period } : {},
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Stats;
  };
  const counts = (list: { key: string | null; count: number }[]) =>
    Object.fromEntries(list.filter((c) => c.count > 0).map((c) => [String(c.key), c.count]));

  it('today: since local midnight, now included', async () => {
    const s = await stats(g.analyst, 'today');
    expect(s).toMatchObject({
      period: 'today',
      from: '2026-11-24T15:00:00.000Z',
      to: NOW,
      timeZone: 'Asia/Tokyo',
      total: 2,
      open: 2,
      final: 0,
    });
    expect(s.daily).toEqual([{ date: '2026-11-25', count: 2 }]);
  });

  it('7d (the default): the seven calendar days ending today, every day listed', async () => {
    const s = await stats(g.analyst);
    expect(s).toMatchObject({ period: '7d', from: '2026-11-18T15:00:00.000Z', total: 4, open: 4 });
    expect(s.daily).toEqual([
      { date: '2026-11-19', count: 1 },
      { date: '2026-11-20', count: 0 },
      { date: '2026-11-21', count: 0 },
      { date: '2026-11-22', count: 0 },
      { date: '2026-11-23', count: 0 },
      { date: '2026-11-24', count: 1 },
      { date: '2026-11-25', count: 2 },
    ]);
    expect(s.bySeverity.map((c) => c.key)).toEqual(['critical', 'high', 'medium', 'low', null]);
    expect(counts(s.bySeverity)).toEqual({ high: 2, medium: 1, null: 1 });
    expect(s.byCategory).toEqual([
      { key: 'fraud/phishing', count: 2 },
      { key: 'availability/ddos', count: 1 },
      { key: null, count: 1 },
    ]);
  });

  it('fy: from April 1, with the days so far', async () => {
    const s = await stats(g.analyst, 'fy');
    expect(s).toMatchObject({ from: '2026-03-31T15:00:00.000Z', total: 6, open: 5, final: 1 });
    expect(s.daily).toHaveLength(239);
    expect(s.daily[0]).toEqual({ date: '2026-04-01', count: 1 });
    expect(s.daily.reduce((n, d) => n + d.count, 0)).toBe(6);
    expect(counts(s.bySeverity)).toEqual({ critical: 1, high: 3, medium: 1, null: 1 });
  });

  it('per body: incidents of the period, and those open now whenever reported', async () => {
    const s = await stats(g.ministryOfficer, 'today');
    expect(s.byOrg).toEqual([
      // 1 today; open now: today's, November's three and March's.
      expect.objectContaining({
        slug: g.agency.slug,
        kind: 'agency',
        parent: g.ministry.slug,
        count: 1,
        open: 5,
      }),
      // 1 today; the April incident is final.
      expect.objectContaining({
        slug: g.ministry.slug,
        kind: 'ministry',
        parent: g.center.slug,
        count: 1,
        open: 1,
      }),
    ]);
    const agency = await stats(g.agencyReporter, 'today');
    expect(agency.byOrg).toEqual([expect.objectContaining({ slug: g.agency.slug, count: 1, open: 5 })]);
    expect(agency.total).toBe(1);
  });

  it('counts in the configured time zone', async () => {
    const utc = await startTestApp(dialect, {
      start: '2026-11-24T14:00:00.000Z',
      config: { timeZone: 'UTC' },
    });
    try {
      const u = await utc.government();
      await utc.fileIncident(u.agencyReporter);
      utc.clock.set(NOW);
      await utc.fileIncident(u.agencyReporter);
      const res = await utc.request(u.analyst, { method: 'GET', url: '/api/v1/stats?period=today' });
      // 14:00 UTC on the 24th was already the 25th in Tokyo, but not in UTC.
      expect(res.json()).toMatchObject({ timeZone: 'UTC', from: '2026-11-25T00:00:00.000Z', total: 1 });
      const week = (await utc.request(u.analyst, { method: 'GET', url: '/api/v1/stats' })).json() as Stats;
      expect(week.daily.slice(-2)).toEqual([
        { date: '2026-11-24', count: 1 },
        { date: '2026-11-25', count: 1 },
      ]);
    } finally {
      await utc.close();
    }
  });

  it('counts days across a change of daylight saving time', async () => {
    // Berlin: UTC+1 until 01:00 UTC on 2026-03-29, UTC+2 after.
    const berlin = await startTestApp(dialect, {
      start: '2026-03-28T22:30:00.000Z',
      config: { timeZone: 'Europe/Berlin' },
    });
    try {
      const b = await berlin.government();
      for (const at of ['2026-03-28T22:30:00.000Z', '2026-03-28T23:30:00.000Z', '2026-03-29T22:30:00.000Z']) {
        berlin.clock.set(at);
        await berlin.fileIncident(b.agencyReporter);
      }
      berlin.clock.set('2026-03-30T10:00:00.000Z');
      const days = async (period: string) => {
        const res = await berlin.request(b.analyst, { method: 'GET', url: `/api/v1/stats?period=${period}` });
        return (res.json() as Stats).daily.slice(-3);
      };
      const expected = [
        { date: '2026-03-28', count: 1 },
        { date: '2026-03-29', count: 1 },
        { date: '2026-03-30', count: 1 },
      ];
      expect(await days('7d')).toEqual(expected);
      // The fiscal year from April 2025 spans two changes.
      expect(await days('fy')).toEqual(expected);
    } finally {
      await berlin.close();
    }
  });

  it('writes one audit row per call', async () => {
    const before = await t.count('audit_log');
    await stats(g.analyst, 'fy');
    const rows = await t.handle.db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '>', before)
      .orderBy('seq')
      .execute();
    expect(rows.map((r) => [r.action, r.actor_user_id, JSON.parse(r.detail)])).toEqual([
      ['incident.stats', g.analyst.id, { period: 'fy' }],
    ]);
  });

  it.each([
    ['an unknown period', { period: 'month' }],
    ['an unknown parameter', { org: 'x' }],
    ['two periods', { period: ['today', 'fy'] }],
  ] as [string, Record<string, string | string[]>][])('refuses %s', async (_name, query) => {
    const before = await t.count('audit_log');
    const res = await t.request(g.analyst, { method: 'GET', url: '/api/v1/stats', query });
    expectProblem(res, 400, 'request.validation_failed');
    expect(await t.count('audit_log')).toBe(before);
  });

  it('needs a caller', async () => {
    expectProblem(
      await t.request(null, { method: 'GET', url: '/api/v1/stats' }),
      401,
      'auth.unauthenticated',
    );
  });
});
