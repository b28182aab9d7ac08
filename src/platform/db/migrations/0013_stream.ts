import { type Kysely, sql } from 'kysely';
import type { DialectName } from '../database.js';

// Frozen in time: this file must never import application code nor change once released.

export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  // Who may receive each live event, one row per reader: a body's id, or for events addressed to named people
  // their user ids. A reconnecting client replays along (reader, seq) for its body and itself, so that a
  // caller who may see few events never reads the others.
  let table = db.schema
    .createTable('event_readers')
    .addColumn('reader_id', 'text', (c) => c.notNull())
    .addColumn('seq', dialect === 'postgres' ? 'bigint' : 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('event_readers_pk', ['reader_id', 'seq']);
  // On SQLite the key is the table: one B-tree, read in order.
  if (dialect === 'sqlite') table = table.modifyEnd(sql`without rowid`);
  await table.execute();

  // Events recorded before this migration get their readers from the JSON they carry.
  if (dialect === 'sqlite')
    await sql`insert into event_readers (reader_id, seq)
      select distinct r.value, e.seq from events e, json_each(coalesce(e.reader_user_ids, e.reader_org_ids)) r
      where r.type = 'text'`.execute(db);
  else
    await sql`insert into event_readers (reader_id, seq)
      select distinct r, e.seq from events e,
        jsonb_array_elements_text(coalesce(e.reader_user_ids, e.reader_org_ids)::jsonb) r`.execute(db);
}
