import { type Kysely, Migrator, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { prefixOf } from '../../src/features/correlation/correlation.keys.js';
import { migrateToLatest } from '../../src/platform/db/migrate.js';
import { migrationsFor } from '../../src/platform/db/migrations/registry.js';
import { createTestDatabase, DIALECTS } from '../support/databases.js';

// Migration 0042 records the prefix lengths of the networks already in correlation's index, per family, exactly
// as storing them now does (prefixOf): correlation then probes those lengths for every address it meets.
describe.each(DIALECTS)('migration 0042_correlation_prefixes on %s', (dialect) => {
  let destroy: (() => Promise<void>) | undefined;
  afterEach(async () => destroy?.());

  it('records the prefix length and family of every network stored before it, and of nothing else', async () => {
    const handle = await createTestDatabase(dialect, { migrate: false });
    destroy = () => handle.destroy();
    const migrator = new Migrator({
      db: handle.db as unknown as Kysely<unknown>,
      provider: { getMigrations: async () => migrationsFor(handle.dialect) },
    });
    expect((await migrator.migrateTo('0041_taxii_inbox')).error).toBeUndefined();
    const values = [
      { type: 'cidr', value: '45.83.120.0/24' },
      { type: 'cidr', value: '45.83.0.0/16' },
      { type: 'cidr', value: '10.0.0.0/8' },
      { type: 'cidr', value: '2a01:4f8::/32' },
      { type: 'cidr', value: '2a01:4f8:0:1::/64' },
      { type: 'cidr', value: '::/0' },
      { type: 'ipv4', value: '45.83.120.7' },
      { type: 'url', value: 'http://45.83.120.7/x/24' },
      { type: 'domain', value: 'evil.example' },
    ];
    const rows = values.map((v, i) => ({
      incident_id: `incident-${i % 3}`,
      ...v,
      realm: i === 2 ? 'exercise-1' : '',
      org_id: 'org-a',
      display: v.value,
      match_key: null,
      created_at: '2026-12-06T00:00:00.000Z',
    }));
    // The index's rows alone: their incidents do not matter to the migration.
    if (dialect === 'sqlite') {
      await sql`pragma foreign_keys = off`.execute(handle.db);
      await handle.db.insertInto('correlation_keys').values(rows).execute();
      await sql`pragma foreign_keys = on`.execute(handle.db);
    } else
      await handle.db.transaction().execute(async (tx) => {
        await sql`set local session_replication_role = replica`.execute(tx);
        await tx.insertInto('correlation_keys').values(rows).execute();
      });
    expect(await migrateToLatest(handle)).toContain('0042_correlation_prefixes');
    const stored = await handle.db
      .selectFrom('correlation_prefixes')
      .select(['family', 'prefix'])
      .orderBy('family')
      .orderBy('prefix')
      .execute();
    const expected = values
      .flatMap((v) => {
        const p = prefixOf(v.type, v.value);
        return p ? [p] : [];
      })
      .sort((a, b) => a.family - b.family || a.prefix - b.prefix);
    expect(stored.map((s) => ({ family: Number(s.family), prefix: Number(s.prefix) }))).toEqual(expected);
  });
});
