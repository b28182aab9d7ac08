import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forwardOverdue } from '../../src/features/incidents/incidents.routing.js';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestOrg, type TestUser } from '../support/harness.js';

// DESIGN §4 for the dashboard's counts: a body counts exactly what it may list, nothing of another body, never
// an exercise, and the center only what was delivered to it.

interface Stats {
  total: number;
  byOrg: { slug: string; count: number; open: number }[];
  bySeverity: { key: string | null; count: number }[];
  daily: { count: number }[];
}

describe.each(DIALECTS)('who counts what in the statistics on %s', (dialect) => {
  let t: TestApp;
  const o = {} as Record<'C' | 'M1' | 'A1' | 'A2' | 'M2' | 'B1', TestOrg>;
  const u = {} as Record<'C' | 'M1' | 'A1' | 'A2' | 'M2' | 'B1' | 'analyst' | 'admin' | 'auditor', TestUser>;
  const ids = {} as Record<'held' | 'forwarded' | 'm1' | 'b1' | 'm2' | 'c', string>;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    o.C = await t.org('center');
    o.M1 = await t.org('ministry', { reviewMode: true, reviewDeadlineMinutes: 60 });
    o.A1 = await t.org('agency', { parent: o.M1 });
    o.A2 = await t.org('agency', { parent: o.M1 });
    o.M2 = await t.org('ministry');
    o.B1 = await t.org('agency', { parent: o.M2 });
    for (const k of ['C', 'M1', 'A1', 'A2', 'M2', 'B1'] as const)
      u[k] = await t.user(o[k], 'security-officer');
    u.analyst = await t.user(o.C, 'center-analyst');
    u.admin = await t.user(o.C, 'admin');
    u.auditor = await t.user(o.C, 'auditor');
    ids.held = (await t.fileIncident(u.A1, { severity: 'critical' })).id;
    ids.forwarded = (await t.fileIncident(u.A2, { severity: 'high' })).id;
    const fwd = await t.request(u.M1, { method: 'POST', url: `/api/v1/incidents/${ids.forwarded}/forward` });
    expect(fwd.statusCode).toBe(200);
    ids.m1 = (await t.fileIncident(u.M1, { severity: 'low' })).id;
    ids.b1 = (await t.fileIncident(u.B1, { severity: 'medium' })).id;
    ids.m2 = (await t.fileIncident(u.M2)).id;
    ids.c = (await t.fileIncident(u.C, { severity: 'low' })).id;
  });
  afterAll(async () => t?.close());

  const stats = async (user: TestUser, period = 'today') => {
    const res = await t.request(user, { method: 'GET', url: `/api/v1/stats?period=${period}` });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Stats;
  };
  const listed = async (user: TestUser) => {
    const res = await t.request(user, { method: 'GET', url: '/api/v1/incidents?limit=200' });
    return (res.json() as { items: { id: string; org: { slug: string } }[] }).items;
  };
  const perOrg = (s: Stats) => Object.fromEntries(s.byOrg.map((b) => [b.slug, b.count]));

  it('every body counts exactly what it may list, by body', async () => {
    const expected: Record<string, (keyof typeof o)[]> = {
      A1: ['A1'],
      A2: ['A2'],
      M1: ['A1', 'A2', 'M1'],
      B1: ['B1'],
      M2: ['B1', 'M2'],
      // The held report of A1 waits for M1's review: not at the center yet.
      C: ['A2', 'M1', 'B1', 'M2', 'C'],
      analyst: ['A2', 'M1', 'B1', 'M2', 'C'],
    };
    for (const [who, bodies] of Object.entries(expected)) {
      const user = u[who as keyof typeof u];
      for (const period of ['today', '7d', 'fy']) {
        const s = await stats(user, period);
        expect(s.total, `${who} ${period}`).toBe(bodies.length);
        expect(perOrg(s), `${who} ${period}`).toEqual(Object.fromEntries(bodies.map((b) => [o[b].slug, 1])));
        expect(s.daily.reduce((n, d) => n + d.count, 0)).toBe(bodies.length);
        expect(s.bySeverity.reduce((n, d) => n + d.count, 0)).toBe(bodies.length);
      }
      const items = await listed(user);
      expect(items).toHaveLength(bodies.length);
    }
  });

  it('the center does not count a report waiting for review, by severity either, until it arrives', async () => {
    const critical = (s: Stats) => s.bySeverity.find((c) => c.key === 'critical')?.count;
    expect(critical(await stats(u.analyst))).toBe(0);
    expect(critical(await stats(u.M1))).toBe(1);
    expect((await stats(u.analyst)).byOrg.map((b) => b.slug)).not.toContain(o.A1.slug);
    t.clock.advance(61 * 60_000);
    await forwardOverdue(t.handle, t.services.incidentDeps);
    const after = await stats(u.analyst);
    expect(critical(after)).toBe(1);
    expect(perOrg(after)[o.A1.slug]).toBe(1);
  });

  it('an exercise is never counted, not even by its own body', async () => {
    await t.handle.db
      .updateTable('incidents')
      .set({ exercise_id: 'drill-1' })
      .where('id', '=', ids.m2)
      .execute();
    try {
      for (const who of ['M2', 'C'] as const) {
        const s = await stats(u[who], 'fy');
        expect(perOrg(s)[o.M2.slug], who).toBeUndefined();
        expect(s.byOrg.find((b) => b.slug === o.M2.slug)).toBeUndefined();
      }
      expect((await stats(u.M2)).total).toBe(1);
    } finally {
      await t.handle.db
        .updateTable('incidents')
        .set({ exercise_id: null })
        .where('id', '=', ids.m2)
        .execute();
    }
  });

  it('administrators and auditors see no incident content: refused, and nothing is audited', async () => {
    for (const who of [u.admin, u.auditor]) {
      const before = await t.count('audit_log');
      const res = await t.request(who, { method: 'GET', url: '/api/v1/stats' });
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe('auth.forbidden');
      expect(await t.count('audit_log')).toBe(before);
    }
  });
});
