import { type Kysely, sql } from 'kysely';
import type { DialectName } from '../database.js';

// Frozen in time: this file must never import application code nor change once released.

export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  // An event's readers must carry its transaction's id, or the replay, which reads them by (txid, seq), skips
  // them. The default (the writing transaction's id) made a writer that forgot the column right by luck, and one
  // that wrote the readers in another transaction silently wrong: without it, forgetting is an error. SQLite's
  // txid is always 0 and its default stays (dropping one there rebuilds the table); the application's types
  // make every writer set it on both.
  if (dialect !== 'postgres') return;
  for (const table of ['events', 'event_readers'])
    await sql`alter table ${sql.table(table)} alter column txid drop default`.execute(db);
}
