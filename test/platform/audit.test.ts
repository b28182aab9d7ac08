import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/harness.js';

describe.each(DIALECTS)('audit log on %s', (dialect) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp(dialect);
  });
  afterEach(async () => t?.close());

  async function withActivity() {
    const g = await t.government();
    const incident = await t.fileIncident(g.agencyReporter);
    await t.request(g.analyst, { method: 'GET', url: `/api/v1/incidents/${incident.id}` });
    await t.request(g.ministryOfficer, { method: 'GET', url: '/api/v1/incidents' });
    return { g, incident };
  }
  const verify = () => t.services.audit.verify(t.handle.db);
  const rows = () => t.handle.db.selectFrom('audit_log').selectAll().orderBy('seq').execute();

  it('writes a row for every change and every read of incident content', async () => {
    const { incident } = await withActivity();
    const actions = (await rows()).filter(
      (r) => r.subject_id === incident.id || r.action === 'incident.list',
    );
    expect(actions.map((r) => r.action)).toEqual(['incident.create', 'incident.read', 'incident.list']);
    expect(await verify()).toMatchObject({ ok: true, rows: (await rows()).length });
  });

  it('a refused change writes no audit row', async () => {
    const g = await t.government();
    const before = (await rows()).length;
    const res = await t.request(g.agencyReporter, {
      method: 'POST',
      url: '/api/v1/incidents',
      payload: t.quickReport({ tlp: 'TLP:PURPLE' }),
    });
    expect(res.statusCode).toBe(400);
    expect((await rows()).length).toBe(before);
  });

  it('detects a row changed behind the application', async () => {
    await withActivity();
    const target = (await rows())[3];
    if (!target) throw new Error('expected activity');
    await t.handle.db
      .updateTable('audit_log')
      .set({ action: 'incident.nothing' })
      .where('seq', '=', target.seq)
      .execute();
    expect(await verify()).toMatchObject({ ok: false, seq: target.seq });
  });

  it('detects a row deleted behind the application', async () => {
    await withActivity();
    const target = (await rows())[2];
    if (!target) throw new Error('expected activity');
    await t.handle.db.deleteFrom('audit_log').where('seq', '=', target.seq).execute();
    expect(await verify()).toMatchObject({ ok: false, seq: (target.seq as number) + 1 });
  });

  it('detects a row inserted behind the application, even one that copies a valid hash', async () => {
    await withActivity();
    const all = await rows();
    const last = all.at(-1);
    if (!last) throw new Error('expected activity');
    const { id: _id, ...copied } = last;
    await t.handle.db
      .insertInto('audit_log')
      .values({ ...copied, seq: (last.seq as number) + 1, prev_hash: last.hash, action: 'incident.read' })
      .execute();
    expect(await verify()).toMatchObject({ ok: false, seq: (last.seq as number) + 1 });
  });

  it('detects a row slipped in before the first one', async () => {
    await withActivity();
    const first = (await rows())[0];
    if (!first) throw new Error('expected activity');
    const { id: _id, ...copied } = first;
    await t.handle.db
      .insertInto('audit_log')
      .values({ ...copied, seq: 0 })
      .execute();
    expect(await verify()).toMatchObject({ ok: false, seq: 0 });
  });

  it('keeps one unbroken chain under concurrent writers', async () => {
    const g = await t.government();
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        t.request(i % 2 ? g.agencyReporter : g.ministryReporter, {
          method: 'POST',
          url: '/api/v1/incidents',
          payload: t.quickReport({ title: `同時 ${i}` }),
        }),
      ),
    );
    const result = await verify();
    expect(result.ok).toBe(true);
    const count = await sql<{
      n: number;
    }>`select count(*) as n from audit_log where action = 'incident.create'`.execute(t.handle.db);
    expect(Number(count.rows[0]?.n)).toBe(12);
  });
});
