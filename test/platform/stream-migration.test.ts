import { type Kysely, Migrator } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../src/platform/db/migrate.js';
import { migrationsFor } from '../../src/platform/db/migrations/registry.js';
import type { EventsTable } from '../../src/platform/events/events.table.js';
import { createTestDatabase, DIALECTS } from '../support/databases.js';

/** The events table as it was before migration 0049 added txid. */
interface BeforeTxid {
  events: Omit<EventsTable, 'txid'>;
}

// Migration 0013 files the readers of events recorded before it, so that a client resuming across the upgrade
// is replayed what it may receive, and nothing else.
describe.each(DIALECTS)('migration 0013_stream on %s', (dialect) => {
  let destroy: (() => Promise<void>) | undefined;
  afterEach(async () => destroy?.());

  it('gives every earlier event its readers: its named people, else its bodies', async () => {
    const handle = await createTestDatabase(dialect, { migrate: false });
    destroy = () => handle.destroy();
    const migrator = new Migrator({
      db: handle.db as unknown as Kysely<unknown>,
      provider: { getMigrations: async () => migrationsFor(handle.dialect) },
    });
    const before = await migrator.migrateTo('0007_campaigns');
    expect(before.error).toBeUndefined();
    const event = (readerOrgIds: string[], readerUserIds: string[] | null) => ({
      at: '2026-11-25T03:00:00.000Z',
      type: 'report.added',
      incident_id: null,
      reader_org_ids: JSON.stringify(readerOrgIds),
      reader_user_ids: readerUserIds ? JSON.stringify(readerUserIds) : null,
      payload: '{}',
    });
    const seqs = await (handle.db as unknown as Kysely<BeforeTxid>)
      .insertInto('events')
      .values([
        event(['org-a', 'org-b'], null),
        event(['org-a'], ['user-1', 'user-2']),
        event(['org-c'], []),
        event(['org-a', 'org-a'], null),
      ])
      .returning('seq')
      .execute();
    expect(await migrateToLatest(handle)).toContain('0013_stream');
    const rows = await handle.db
      .selectFrom('event_readers')
      .select(['reader_id', 'seq'])
      .orderBy('seq')
      .orderBy('reader_id')
      .execute();
    const [a, b, , d] = seqs.map((s) => s.seq);
    expect(rows).toEqual([
      { reader_id: 'org-a', seq: a },
      { reader_id: 'org-b', seq: a },
      { reader_id: 'user-1', seq: b },
      { reader_id: 'user-2', seq: b },
      { reader_id: 'org-a', seq: d },
    ]);
  });
});
