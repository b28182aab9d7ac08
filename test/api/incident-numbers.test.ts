import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as m0018 from '../../src/platform/db/migrations/0018_incident_numbers.js';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, T0, type TestApp, type TestUser } from '../support/harness.js';

interface Filed {
  id: string;
  number: string;
}

describe.each(DIALECTS)('incident numbers on %s', (dialect) => {
  let t: TestApp;
  let g: Awaited<ReturnType<TestApp['government']>>;
  beforeAll(async () => {
    t = await startTestApp(dialect);
    g = await t.government();
  });
  afterAll(async () => t?.close());

  const file = async (u: TestUser, overrides: Record<string, unknown> = {}) =>
    (await t.fileIncident(u, overrides)) as unknown as Filed;
  const search = async (u: TestUser, q: string) => {
    const res = await t.request(u, { method: 'GET', url: '/api/v1/incidents', query: { q } });
    expect(res.statusCode, res.body).toBe(200);
    return (res.json().items as Filed[]).map((i) => i.id);
  };

  it('numbers quick reports in turn within the fiscal year, beside the UUID', async () => {
    const first = await file(g.agencyReporter);
    const second = await file(g.ministryReporter);
    expect(first.number).toBe('2026-000001');
    expect(second.number).toBe('2026-000002');
    expect(first.id).toMatch(/^[0-9a-f-]{36}$/);
    const read = await t.request(g.analyst, { method: 'GET', url: `/api/v1/incidents/${first.id}` });
    expect(read.json().number).toBe('2026-000001');
  });

  it('gives many quick reports filed at once distinct, consecutive numbers', async () => {
    const before = await file(g.agencyReporter);
    const at = Number(before.number.slice(5));
    const answers = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        t.request(i % 2 ? g.agencyReporter : g.ministryReporter, {
          method: 'POST',
          url: '/api/v1/incidents',
          payload: t.quickReport({ title: `同時 ${i}` }),
        }),
      ),
    );
    for (const a of answers) expect(a.statusCode, a.body).toBe(201);
    const numbers = answers.map((a) => Number((a.json() as Filed).number.slice(5))).sort((x, y) => x - y);
    expect(numbers).toEqual(Array.from({ length: 24 }, (_, i) => at + 1 + i));
  });

  it('starts again at 1 on April 1 in Japan, the first day of the fiscal year', async () => {
    // 23:59 on March 31 in Tokyo is still fiscal 2026; one minute later it is 2027.
    t.clock.set('2027-03-31T14:59:00.000Z');
    const march = await file(g.agencyReporter);
    expect(march.number.startsWith('2026-')).toBe(true);
    t.clock.set('2027-03-31T15:00:00.000Z');
    const april = await file(g.agencyReporter);
    const next = await file(g.agencyReporter);
    expect([april.number, next.number]).toEqual(['2027-000001', '2027-000002']);
    t.clock.set(T0);
  });

  it('is found by search, whole or by its last digits, by those who see the incident only', async () => {
    const filed = await file(g.agencyReporter, { title: '番号で探す' });
    const digits = filed.number.slice(5);
    expect(await search(g.agencyReporter, filed.number)).toEqual([filed.id]);
    expect(await search(g.agencyReporter, digits)).toContain(filed.id);
    expect(await search(g.analyst, filed.number)).toEqual([filed.id]);
    // Another ministry does not see it, by number or otherwise.
    const other = await t.org('ministry');
    const stranger = await t.user(other, 'security-officer');
    expect(await search(stranger, filed.number)).toEqual([]);
    // A number is no id.
    const byNumber = await t.request(g.agencyReporter, {
      method: 'GET',
      url: `/api/v1/incidents/${filed.number}`,
    });
    expect(byNumber.statusCode).toBe(404);
  });

  it('keeps its number through updates and the final report, and stays searchable', async () => {
    const filed = await file(g.agencyReporter);
    const res = await t.request(g.agencyReporter, {
      method: 'POST',
      url: `/api/v1/incidents/${filed.id}/reports`,
      payload: { kind: 'final', text: '対応を完了した。' },
    });
    expect(res.json().number).toBe(filed.number);
    expect(await search(g.agencyReporter, filed.number)).toEqual([filed.id]);
  });

  it('migration 0018 numbers existing incidents in the order they were reported, per fiscal year', async () => {
    const app = await startTestApp(dialect);
    try {
      const gov = await app.government();
      // Filed out of order: the later report first.
      app.clock.set('2026-05-01T00:00:00.000Z');
      const may = (await app.fileIncident(gov.agencyReporter)) as unknown as Filed;
      app.clock.set('2026-03-31T14:00:00.000Z'); // 23:00 in Tokyo: fiscal 2025
      const march = (await app.fileIncident(gov.agencyReporter)) as unknown as Filed;
      app.clock.set('2026-04-02T00:00:00.000Z');
      const april = (await app.fileIncident(gov.agencyReporter)) as unknown as Filed;
      // Back to the schema before 0018, the rows kept.
      const db = app.handle.db as unknown as Kysely<unknown>;
      await db.schema.dropIndex('incidents_number').execute();
      await db.schema.alterTable('incidents').dropColumn('number').execute();
      await db.schema.alterTable('incidents').dropColumn('details').execute();
      await db.schema.dropTable('incident_number_counters').execute();
      await m0018.up(db, dialect);
      const rows = await sql<{ id: string; number: string }>`select id, number from incidents`.execute(db);
      const numbers = new Map(rows.rows.map((r) => [r.id, r.number]));
      expect([march.id, april.id, may.id].map((id) => numbers.get(id))).toEqual([
        '2025-000001',
        '2026-000001',
        '2026-000002',
      ]);
      // New reports carry on after the backfilled ones.
      app.clock.set('2026-06-01T00:00:00.000Z');
      expect(((await app.fileIncident(gov.agencyReporter)) as unknown as Filed).number).toBe('2026-000003');
    } finally {
      await app.close();
    }
  });
});

describe.each(DIALECTS)('incident numbers with a prefix on %s', (dialect) => {
  let t: TestApp;
  let g: Awaited<ReturnType<TestApp['government']>>;
  beforeAll(async () => {
    t = await startTestApp(dialect, { config: { incidentNumberPrefix: 'NISC-' } });
    g = await t.government();
  });
  afterAll(async () => t?.close());

  it('shows the prefix and finds the incident with or without it', async () => {
    const filed = (await t.fileIncident(g.agencyReporter)) as unknown as Filed;
    expect(filed.number).toBe('NISC-2026-000001');
    for (const q of ['NISC-2026-000001', 'nisc-2026-000001', '2026-000001', '000001']) {
      const res = await t.request(g.agencyReporter, {
        method: 'GET',
        url: '/api/v1/incidents',
        query: { q },
      });
      expect(
        res.json().items.map((i: Filed) => i.id),
        q,
      ).toEqual([filed.id]);
    }
  });
});
