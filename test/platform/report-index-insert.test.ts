import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fingerprintsRepository } from '../../src/features/sharing/sharing.fingerprints.repository.js';
import type { DatabaseHandle } from '../../src/platform/db/database.js';
import { createTestDatabase, DIALECTS } from '../support/databases.js';

// The report index is written in statements of a few fixed sizes, the last one filled up with its last row
// again: every row must be stored once, whatever the count, with rows already there left as they are.

describe.each(DIALECTS)('writing the report index on %s', (dialect) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await createTestDatabase(dialect);
  });
  afterAll(async () => handle?.destroy());

  const rowsOf = (incident: string, n: number, from = 0) =>
    Array.from({ length: n }, (_, i) => ({
      fingerprint: `q:${incident}:${from + i}`,
      incident_id: incident,
    }));
  const stored = async (incident: string) =>
    (
      await handle.db
        .selectFrom('report_fingerprints')
        .select('fingerprint')
        .where('incident_id', '=', incident)
        .execute()
    )
      .map((r) => r.fingerprint)
      .sort();

  it.each([0, 1, 15, 16, 17, 64, 65, 250, 499, 500, 501, 1234])('stores %i rows, each once', async (n) => {
    const incident = `incident-${n}`;
    const rows = rowsOf(incident, n);
    await handle.db.transaction().execute((tx) => fingerprintsRepository.insert(tx, rows));
    expect(await stored(incident)).toEqual(rows.map((r) => r.fingerprint).sort());
  });

  it('leaves the rows already there, and adds the others', async () => {
    const incident = 'incident-again';
    await handle.db.transaction().execute((tx) => fingerprintsRepository.insert(tx, rowsOf(incident, 20)));
    // Half already there, half new, and one twice.
    const next = [...rowsOf(incident, 20, 10), ...rowsOf(incident, 1, 29)];
    await handle.db.transaction().execute((tx) => fingerprintsRepository.insert(tx, next));
    expect(await stored(incident)).toEqual(
      rowsOf(incident, 30)
        .map((r) => r.fingerprint)
        .sort(),
    );
  });
});
