import { type Kysely, sql } from 'kysely';
import type { DialectName } from '../database.js';

// Frozen in time: this file must never import application code nor change once released.

/** The tables the annual report's passes over a year of incidents read. */
const READ = ['incidents', 'incident_readers', 'deadline_outcomes', 'accountability_tracks'] as const;

/** PostgreSQL's shards: a writing transaction moves the one its id names, so that concurrent ones rarely meet. */
const SHARDS = 64;

export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  // The data version of the annual report's numbers (issue 15): moved, in the same transaction, by every write to
  // the tables its passes read — whoever writes (a unit, the CLI, a bulk load, an operator's SQL, another node) —
  // so that the numbers of a draft are kept with the version they were computed at and reused while it stands.
  // The version is the sum of the shards: it grows with every commit that wrote those tables.
  await db.schema
    .createTable('annual_data_version')
    .addColumn('shard', 'integer', (c) => c.primaryKey())
    .addColumn('n', dialect === 'postgres' ? 'bigint' : 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  if (dialect === 'sqlite') {
    // One writer at a time: one row, moved by every row written (SQLite has no statement triggers).
    await sql`insert into annual_data_version (shard, n) values (0, 0)`.execute(db);
    for (const table of READ)
      for (const op of ['insert', 'update', 'delete'])
        await sql
          .raw(
            `create trigger ${table}_${op}_annual_data after ${op} on ${table} ` +
              'begin update annual_data_version set n = n + 1 where shard = 0; end',
          )
          .execute(db);
    return;
  }
  await sql
    .raw(`insert into annual_data_version (shard, n) select g, 0 from generate_series(0, ${SHARDS - 1}) g`)
    .execute(db);
  // A writing transaction moves its shard once, at its commit (a deferred constraint trigger): the shard's row
  // lock is the last lock it takes, so it can wait there only for another transaction that is committing too,
  // never form a cycle with the locks of its work (moved at each statement, it deadlocked the report path).
  await sql
    .raw(
      `create function annual_data_changed() returns trigger language plpgsql as $$
      begin
        if current_setting('renraku.annual_data_moved', true) is distinct from txid_current()::text then
          perform set_config('renraku.annual_data_moved', txid_current()::text, true);
          update annual_data_version set n = n + 1 where shard = txid_current() % ${SHARDS};
        end if;
        return null;
      end $$`,
    )
    .execute(db);
  for (const table of READ) {
    await sql
      .raw(
        `create constraint trigger ${table}_annual_data after insert or update or delete on ${table} ` +
          'deferrable initially deferred for each row execute function annual_data_changed()',
      )
      .execute(db);
    // TRUNCATE has no row trigger: moved at once (an operator's, outside the report path).
    await sql
      .raw(
        `create trigger ${table}_annual_data_truncate after truncate on ${table} ` +
          'for each statement execute function annual_data_changed()',
      )
      .execute(db);
  }
}
