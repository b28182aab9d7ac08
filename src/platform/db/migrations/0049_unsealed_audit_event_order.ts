import { type Kysely, sql } from 'kysely';
import type { DialectName } from '../database.js';

// Frozen in time: this file must never import application code nor change once released.

export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  // Audit rows get an id of their own, given at insert; their place in the hash chain (seq, prev_hash, hash)
  // is given when they are sealed. On PostgreSQL rows are written unsealed (seq null, hashes empty) and sealed
  // after commit by one sealer, so that no commit waits for the chain's head; on SQLite, with one writer, they
  // are still written sealed (id = seq). Rows written before keep their chain: id = seq.
  await db.schema.alterTable('audit_log').addColumn('id', 'bigint').execute();
  await sql`update audit_log set id = seq`.execute(db);
  if (dialect === 'postgres') {
    await sql`create sequence audit_log_id_seq owned by audit_log.id`.execute(db);
    await sql`select setval('audit_log_id_seq', coalesce((select max(seq) from audit_log), 0) + 1, false)`.execute(
      db,
    );
    await sql`alter table audit_log
      alter column id set default nextval('audit_log_id_seq'),
      alter column id set not null,
      drop constraint audit_log_pkey,
      add constraint audit_log_pkey primary key (id),
      alter column seq drop default,
      alter column seq drop not null`.execute(db);
    await sql`drop sequence if exists audit_log_seq_seq`.execute(db);
    await sql`create unique index audit_log_seq on audit_log (seq)`.execute(db);
    // What the sealer reads: the rows still unsealed, in id order.
    await sql`create index audit_log_unsealed on audit_log (id) where seq is null`.execute(db);
  } else {
    await sql`create unique index audit_log_id on audit_log (id)`.execute(db);
  }

  // Live events are read in the order their transactions became visible, not in the order of their numbers: on
  // PostgreSQL each row carries its transaction's id (xid8), and readers take only rows of transactions older
  // than their snapshot's xmin, by (txid, seq). Rows written before share the migration's transaction id, in
  // seq order. On SQLite, whose single writer commits in seq order, txid is 0.
  if (dialect === 'postgres') {
    for (const table of ['events', 'event_readers'])
      await sql`alter table ${sql.table(table)} add column txid xid8 not null default pg_current_xact_id()`.execute(
        db,
      );
    await sql`create index events_cursor on events (txid, seq)`.execute(db);
    await sql`create index event_readers_cursor on event_readers (reader_id, txid, seq)`.execute(db);
  } else {
    for (const table of ['events', 'event_readers'])
      await sql`alter table ${sql.table(table)} add column txid integer not null default 0`.execute(db);
  }
}
