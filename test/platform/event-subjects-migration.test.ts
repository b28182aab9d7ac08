import { type Kysely, Migrator } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../src/platform/db/migrate.js';
import { migrationsFor } from '../../src/platform/db/migrations/registry.js';
import { eventSubjectOf } from '../../src/platform/events/events.js';
import type { EventsTable } from '../../src/platform/events/events.table.js';
import { createTestDatabase, DIALECTS } from '../support/databases.js';

/** The events table as it was before migration 0049 added txid. */
interface BeforeTxid {
  events: Omit<EventsTable, 'txid'>;
}

// Migration 0031 gives every earlier event the situation or exercise it names, exactly as recording it now
// would (eventSubjectOf): the exercise purge finds them along the index, and no event that merely mentions an id.
describe.each(DIALECTS)('migration 0031_event_subjects on %s', (dialect) => {
  let destroy: (() => Promise<void>) | undefined;
  afterEach(async () => destroy?.());

  it('fills each earlier event’s subject as recording it now does', async () => {
    const handle = await createTestDatabase(dialect, { migrate: false });
    destroy = () => handle.destroy();
    const migrator = new Migrator({
      db: handle.db as unknown as Kysely<unknown>,
      provider: { getMigrations: async () => migrationsFor(handle.dialect) },
    });
    expect((await migrator.migrateTo('0030_exercise_pauses')).error).toBeUndefined();
    const payloads: Record<string, unknown>[] = [
      { situationId: 'sit-1', orgId: 'org-a' },
      { situationId: 'sit-2', exercise: { id: 'ex-1', number: 'EX-1', name: '訓練' } },
      { exerciseId: 'ex-1', number: 'EX-1', situationId: 7 },
      { incidentId: 'inc-1', exercise: { id: 'ex-2', number: 'EX-2', name: 'x' } },
      { text: 'sit-1 と ex-1 に言及するだけ', note: '"situationId": "sit-1"' },
      { situationId: null, exerciseId: ['ex-1'], exercise: 'ex-1' },
      {},
    ];
    await (handle.db as unknown as Kysely<BeforeTxid>)
      .insertInto('events')
      .values(
        payloads.map((p) => ({
          at: '2026-11-25T03:00:00.000Z',
          type: 'situation.declared',
          incident_id: null,
          reader_org_ids: '["org-a"]',
          payload: JSON.stringify(p),
        })),
      )
      .execute();
    expect(await migrateToLatest(handle)).toContain('0031_event_subjects');
    const rows = await handle.db
      .selectFrom('events')
      .select(['payload', 'subject_id'])
      .orderBy('seq')
      .execute();
    expect(rows.map((r) => r.subject_id)).toEqual(['sit-1', 'sit-2', 'ex-1', 'ex-2', null, null, null]);
    for (const r of rows) expect(r.subject_id).toBe(eventSubjectOf(JSON.parse(r.payload)));
  });
});
