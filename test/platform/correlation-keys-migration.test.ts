import { CompiledQuery, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECTS } from '../support/databases.js';

// Migration 0046 rebuilds correlation_keys (SQLite: WITHOUT ROWID, the primary key's B-tree is the table) with
// secondary indexes that hold what a lookup returns: a lookup by value or by key range reads one index only.
describe.each(DIALECTS)('migration 0046_correlation_keys_clustered on %s', (dialect) => {
  let destroy: (() => Promise<void>) | undefined;
  afterEach(async () => destroy?.());

  it('answers lookups by value and by key range from an index alone', async () => {
    const handle = await createTestDatabase(dialect);
    destroy = () => handle.destroy();
    // One connection (a transaction): PostgreSQL is told to prefer any index on these empty tables.
    const plan = (text: string, parameters: unknown[]) =>
      handle.db.transaction().execute(async (tx) => {
        if (dialect === 'postgres') await sql`set local enable_seqscan = off`.execute(tx);
        const query = dialect === 'sqlite' ? `explain query plan ${text}` : `explain ${text}`;
        const rows = await tx.executeQuery<Record<string, string>>(CompiledQuery.raw(query, parameters));
        return rows.rows.map((r) => Object.values(r).join(' ')).join('\n');
      });
    const param = (i: number) => (dialect === 'sqlite' ? '?' : `$${i}`);
    const byValue = await plan(
      `select incident_id, org_id, type, value, display from correlation_keys where realm = ${param(1)} and value = ${param(2)}`,
      ['', '192.0.2.1'],
    );
    const byKey = await plan(
      `select incident_id, org_id, type, value, display from correlation_keys where realm = ${param(1)} and match_key >= ${param(2)} and match_key <= ${param(3)} order by match_key limit 10`,
      ['', 'a', 'b'],
    );
    if (dialect === 'sqlite') {
      expect(byValue).toMatch(/USING COVERING INDEX correlation_keys_by_value/);
      expect(byKey).toMatch(/USING COVERING INDEX correlation_keys_by_key/);
      const table = await sql<{
        sql: string;
      }>`select sql from sqlite_master where name = 'correlation_keys'`.execute(handle.db);
      expect(table.rows[0]?.sql).toMatch(/without rowid/i);
    } else {
      expect(byValue).toMatch(/Index Only Scan using correlation_keys_by_value/);
      expect(byKey).toMatch(/Index Only Scan using correlation_keys_by_key/);
    }
  });
});
