import { type Kysely, Migrator, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { receivedId } from '../../src/features/taxii/taxii.received.js';
import { migrateToLatest } from '../../src/platform/db/migrate.js';
import { migrationsFor } from '../../src/platform/db/migrations/registry.js';
import { createTestDatabase, DIALECTS } from '../support/databases.js';

// Migration 0046 stores the date added of "indicators received" (the later of the report and the center's
// reading the incident, on the first row naming each (incident, type, value)) and each indicator's STIX id, as
// the collection used to compute them per page.
describe.each(DIALECTS)('migration 0046_received_date_added on %s', (dialect) => {
  let destroy: (() => Promise<void>) | undefined;
  afterEach(async () => destroy?.());

  it('dates the first naming of each value by the center’s reading, and ids every row', async () => {
    const handle = await createTestDatabase(dialect, { migrate: false });
    destroy = () => handle.destroy();
    const db = handle.db as unknown as Kysely<Record<string, Record<string, unknown>>>;
    const migrator = new Migrator({
      db: db as unknown as Kysely<unknown>,
      provider: { getMigrations: async () => migrationsFor(handle.dialect) },
    });
    expect((await migrator.migrateTo('0045_annual_summaries')).error).toBeUndefined();
    const org = (id: string, kind: string) => ({
      id,
      slug: id,
      kind,
      name_ja: id,
      name_en: id,
      created_at: '2026-01-01T00:00:00.000Z',
    });
    const ind = (incident: string, seq: number, position: number, value: string, at: string) => ({
      incident_id: incident,
      report_seq: seq,
      position,
      org_id: 'agency',
      type: 'ipv4',
      value,
      display: value,
      created_at: at,
    });
    const T1 = '2026-12-01T10:00:00.000Z';
    const T2 = '2026-12-01T11:00:00.000Z';
    const T3 = '2026-12-01T12:00:00.000Z';
    const fill = async (tx: Kysely<Record<string, Record<string, unknown>>>) => {
      await tx
        .insertInto('orgs')
        .values([org('center', 'center'), org('agency', 'agency')])
        .execute();
      await tx
        .insertInto('incident_readers')
        .values([
          // Read by the center since its filing (before its reports), after a review (between them), never.
          { incident_id: 'at-once', org_id: 'center', since: T1 },
          { incident_id: 'at-once', org_id: 'agency', since: T1 },
          { incident_id: 'reviewed', org_id: 'center', since: T2 },
          { incident_id: 'reviewed', org_id: 'agency', since: T1 },
          { incident_id: 'waiting', org_id: 'agency', since: T1 },
        ])
        .execute();
      await tx
        .insertInto('incident_indicators')
        .values([
          ind('at-once', 1, 0, '192.0.2.1', T1),
          ind('at-once', 1, 1, '192.0.2.2', T1),
          ind('at-once', 2, 0, '192.0.2.1', T3),
          ind('at-once', 2, 1, '192.0.2.3', T3),
          ind('reviewed', 1, 0, '192.0.2.1', T1),
          ind('reviewed', 2, 0, '192.0.2.4', T3),
          ind('waiting', 1, 0, '192.0.2.5', T1),
        ])
        .execute();
    };
    // The rows alone: their incidents do not matter to the migration.
    if (dialect === 'sqlite') {
      await sql`pragma foreign_keys = off`.execute(db);
      await fill(db);
      await sql`pragma foreign_keys = on`.execute(db);
    } else
      await db.transaction().execute(async (tx) => {
        await sql`set local session_replication_role = replica`.execute(tx);
        await fill(tx);
      });
    expect(await migrateToLatest(handle)).toContain('0046_received_date_added');
    const rows = await db
      .selectFrom('incident_indicators')
      .select(['incident_id', 'report_seq', 'position', 'value', 'received_at', 'received_id'])
      .orderBy('incident_id')
      .orderBy('report_seq')
      .orderBy('position')
      .execute();
    expect(rows.map((r) => [r.incident_id, r.report_seq, r.position, r.received_at])).toEqual([
      ['at-once', 1, 0, T1],
      ['at-once', 1, 1, T1],
      ['at-once', 2, 0, null],
      ['at-once', 2, 1, T3],
      ['reviewed', 1, 0, T2],
      ['reviewed', 2, 0, T3],
      ['waiting', 1, 0, null],
    ]);
    for (const r of rows)
      expect(r.received_id).toBe(receivedId(String(r.incident_id), 'ipv4', String(r.value)));
  });
});
