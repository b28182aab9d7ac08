import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orgsDirectory } from '../../src/features/orgs/orgs.directory.js';
import type { DatabaseHandle } from '../../src/platform/db/database.js';
import { createTestDatabase, DIALECTS } from '../support/databases.js';

// A list that turns out empty (no bodies chosen, nothing matched yet) must mean "none" in `in` and "all" in
// `not in`, on PostgreSQL as on SQLite — not a syntax error answered as a 500.

describe.each(DIALECTS)('empty lists on %s', (dialect) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await createTestDatabase(dialect);
  });
  afterAll(() => handle?.destroy());

  it('finds nothing in an empty list and everything not in one, inside and outside other conditions', async () => {
    const all = await handle.db.selectFrom('orgs').select('id').execute();
    expect(await handle.db.selectFrom('orgs').select('id').where('id', 'in', []).execute()).toEqual([]);
    expect(await handle.db.selectFrom('orgs').select('id').where('id', 'not in', []).execute()).toHaveLength(
      all.length,
    );
    const nested = await handle.db
      .selectFrom('orgs')
      .select('id')
      .where((eb) => eb.or([eb('id', 'in', []), eb('kind', 'in', ['center', 'ministry', 'agency'])]))
      .execute();
    expect(nested).toHaveLength(all.length);
    const sub = await handle.db
      .selectFrom('orgs')
      .select('id')
      .where('id', 'in', handle.db.selectFrom('orgs').select('id').where('slug', 'in', []))
      .execute();
    expect(sub).toEqual([]);
    await handle.db.deleteFrom('idempotency_keys').where('key', 'in', []).execute();
    expect(await orgsDirectory.bySlugs(handle.db, [])).toEqual([]);
  });
});
