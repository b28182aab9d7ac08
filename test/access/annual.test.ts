import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SeedBody, seedAnnualIncidents } from '../../bench/annual-seed.js';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestOrg, type TestUser } from '../support/harness.js';

// DESIGN §3–4 for the annual report: the center and its auditors read every section; a ministry the
// government-wide totals and its own section only; an agency and an administrator nothing (404 as for a
// missing one); comments only on one's own section; the final is taken once; incidents the center does not
// read (held at a ministry's review) never enter the numbers, nor does another ministry's section reach a ministry.

const FROM = '2025-03-31T15:00:00.000Z';
const TO = '2026-03-31T15:00:00.000Z';

interface Report {
  report: { revision: number };
  scope: string;
  trends: { total: number };
  sections: { ministry: { id: string } }[];
  comments: { ministryId: string; body: string }[];
}

describe.each(DIALECTS)('who reads which section of the annual report on %s', (dialect) => {
  let t: TestApp;
  const o = {} as Record<'C' | 'M1' | 'A1' | 'M2' | 'B1', TestOrg>;
  const u = {} as Record<
    'analyst' | 'coordinator' | 'auditor' | 'admin' | 'M1' | 'M1r' | 'A1' | 'M2',
    TestUser
  >;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    o.C = await t.org('center');
    o.M1 = await t.org('ministry');
    o.A1 = await t.org('agency', { parent: o.M1 });
    o.M2 = await t.org('ministry');
    o.B1 = await t.org('agency', { parent: o.M2 });
    u.analyst = await t.user(o.C, 'center-analyst');
    u.coordinator = await t.user(o.C, 'center-coordinator');
    u.auditor = await t.user(o.C, 'auditor');
    u.admin = await t.user(o.C, 'admin');
    u.M1 = await t.user(o.M1, 'security-officer');
    u.M1r = await t.user(o.M1, 'reporter');
    u.A1 = await t.user(o.A1, 'security-officer');
    u.M2 = await t.user(o.M2, 'security-officer');
    const bodies: SeedBody[] = [
      { id: o.M1.id, parentId: null, kind: 'ministry' },
      { id: o.A1.id, parentId: o.M1.id, kind: 'agency' },
      { id: o.M2.id, parentId: null, kind: 'ministry' },
      { id: o.B1.id, parentId: o.M2.id, kind: 'agency' },
    ];
    await seedAnnualIncidents(t.handle.db, {
      seed: 7,
      count: 120,
      from: FROM,
      to: TO,
      bodies,
      centerId: o.C.id,
      createdBy: u.analyst.id,
    });
    const made = await t.request(u.analyst, {
      method: 'POST',
      url: '/api/v1/annual-reports',
      payload: { fiscalYear: 2025 },
    });
    expect(made.statusCode, made.body).toBe(201);
  });
  afterAll(async () => t?.close());

  const read = (user: TestUser) => t.request(user, { method: 'GET', url: '/api/v1/annual-reports/2025' });
  const comment = (user: TestUser, ministryId: string, body = '所見です') =>
    t.request(user, {
      method: 'POST',
      url: `/api/v1/annual-reports/2025/sections/${ministryId}/comments`,
      payload: { body },
    });

  it('the center and its auditors read every section; a ministry the totals and its own section', async () => {
    const all = (await read(u.analyst)).json() as Report;
    expect(all.scope).toBe('all');
    expect(all.sections.map((s) => s.ministry.id).sort()).toEqual([o.M1.id, o.M2.id].sort());
    const audited = (await read(u.auditor)).json() as Report;
    expect(audited.sections).toHaveLength(2);
    for (const [who, own] of [
      [u.M1, o.M1],
      [u.M1r, o.M1],
      [u.M2, o.M2],
    ] as const) {
      const res = await read(who);
      expect(res.statusCode).toBe(200);
      const mine = res.json() as Report;
      expect(mine.scope).toBe('own-section');
      expect(mine.sections.map((s) => s.ministry.id)).toEqual([own.id]);
      expect(mine.trends.total).toBe(all.trends.total);
      expect(res.body).not.toContain(own.id === o.M1.id ? o.M2.id : o.M1.id);
    }
  });

  it("numbers kept from the center's read are cut to a ministry's own section in every format; others still 404", async () => {
    const all = (await read(u.analyst)).json() as Report & { computedAt: string };
    for (const fmt of ['csv', 'xlsx'])
      expect(
        (
          await t.request(u.analyst, {
            method: 'GET',
            url: `/api/v1/annual-reports/2025/export?format=${fmt}`,
          })
        ).statusCode,
      ).toBe(200);
    // The ministry's read comes from the numbers the center's computed (the same computedAt), cut to its section.
    const mine = (await read(u.M1)).json() as Report & { computedAt: string };
    expect(mine.computedAt).toBe(all.computedAt);
    expect(mine.sections.map((s) => s.ministry.id)).toEqual([o.M1.id]);
    const csv = await t.request(u.M1, {
      method: 'GET',
      url: '/api/v1/annual-reports/2025/export?format=csv&lang=en',
    });
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toContain(o.M1.slug);
    expect(csv.body).not.toContain(o.M2.slug);
    expect(csv.body).not.toContain(o.M2.id);
    for (const who of [u.A1, u.admin])
      for (const fmt of ['csv', 'xlsx', 'pdf'])
        expect(
          (await t.request(who, { method: 'GET', url: `/api/v1/annual-reports/2025/export?format=${fmt}` }))
            .statusCode,
        ).toBe(404);
  });

  it('an agency and an administrator read nothing: 404 as for a missing report, and an empty list', async () => {
    for (const who of [u.A1, u.admin]) {
      const res = await read(who);
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe('annual.not_found');
      const missing = await t.request(who, { method: 'GET', url: '/api/v1/annual-reports/2019' });
      expect(missing.json()).toEqual(res.json());
      const list = await t.request(who, { method: 'GET', url: '/api/v1/annual-reports' });
      expect(list.json()).toEqual({ items: [] });
      for (const fmt of ['csv', 'pdf', 'xlsx']) {
        const x = await t.request(who, {
          method: 'GET',
          url: `/api/v1/annual-reports/2025/export?format=${fmt}`,
        });
        expect(x.statusCode).toBe(404);
      }
    }
    // The administrator cannot draft one, nor comment as if it were a ministry.
    const draft = await t.request(u.admin, {
      method: 'POST',
      url: '/api/v1/annual-reports',
      payload: { fiscalYear: 2024 },
    });
    expect(draft.statusCode).toBe(404);
    expect((await comment(u.admin, o.M1.id)).statusCode).toBe(404);
  });

  it('a ministry comments on its own section only; another section, a forged one, an agency: 404', async () => {
    expect((await comment(u.M1, o.M1.id)).statusCode).toBe(201);
    const other = await comment(u.M1, o.M2.id);
    expect(other.statusCode).toBe(404);
    expect(other.json().code).toBe('annual.not_found');
    expect((await comment(u.M1, 'forged-0000')).statusCode).toBe(404);
    expect((await comment(u.M1, o.A1.id)).statusCode).toBe(404);
    expect((await comment(u.analyst, 'forged-0000')).statusCode).toBe(404);
    expect((await comment(u.A1, o.M1.id)).statusCode).toBe(404);
    // A reporter of the ministry reads its section but the review is its security officers'.
    expect((await comment(u.M1r, o.M1.id)).statusCode).toBe(403);
    // Text that shows nothing is refused and stores nothing.
    const invisible = await comment(u.M1, o.M1.id, '\u200b\u200b');
    expect(invisible.statusCode).toBe(400);
    const m2 = (await read(u.M2)).json() as Report;
    expect(m2.comments).toEqual([]);
    const m1 = (await read(u.M1)).json() as Report;
    expect(m1.comments.map((c) => c.body)).toEqual(['所見です']);
  });

  it('incidents held at a ministry (not delivered) are not counted', async () => {
    const all = (await read(u.analyst)).json() as Report;
    const delivered = await t.handle.db
      .selectFrom('incident_readers')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('org_id', '=', o.C.id)
      .executeTakeFirstOrThrow();
    expect(all.trends.total).toBe(Number(delivered.n));
    expect(all.trends.total).toBeLessThan(120);
  });

  it('two finals at once: one wins, the other is a 409; a ministry cannot finalise; then no comment', async () => {
    const { report } = (await read(u.analyst)).json() as Report;
    const byMinistry = await t.request(u.M1, {
      method: 'POST',
      url: '/api/v1/annual-reports/2025/final',
      payload: { revision: report.revision },
    });
    expect(byMinistry.statusCode).toBe(403);
    const [a, b] = await Promise.all(
      [u.analyst, u.coordinator].map((who) =>
        t.request(who, {
          method: 'POST',
          url: '/api/v1/annual-reports/2025/final',
          payload: { revision: report.revision },
        }),
      ),
    );
    expect([a?.statusCode, b?.statusCode].sort()).toEqual([200, 409]);
    const again = await t.request(u.analyst, {
      method: 'POST',
      url: '/api/v1/annual-reports/2025/final',
      payload: { revision: report.revision },
    });
    expect(again.statusCode).toBe(409);
    expect((await comment(u.M1, o.M1.id)).statusCode).toBe(409);
    const m2 = (await read(u.M2)).json() as Report;
    expect(m2.sections.map((s) => s.ministry.id)).toEqual([o.M2.id]);
  });
});
