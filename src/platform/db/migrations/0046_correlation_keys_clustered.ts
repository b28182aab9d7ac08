import { type Kysely, sql } from 'kysely';
import type { DialectName } from '../database.js';

// Frozen in time: this file must never import application code nor change once released.

export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  // Filing a report adds its values to correlation_keys and looks each one up there. On SQLite the table was a
  // rowid table with its primary key, and each secondary index, as B-trees of their own: four B-trees written per
  // value, and every lookup by an index went on to the table by rowid. Rebuilt WITHOUT ROWID (the primary key's
  // B-tree is the table) with secondary indexes that hold every column a lookup returns (their entries carry the
  // primary key's columns too): three B-trees written, one read per lookup. PostgreSQL: the same secondary indexes
  // with the returned columns INCLUDEd, so that lookups are index-only scans.
  if (dialect === 'sqlite') {
    await sql`create table correlation_keys_clustered (
      incident_id text not null references incidents (id),
      type text not null,
      value text not null,
      realm text not null,
      org_id text not null,
      display text not null,
      match_key text,
      created_at text not null,
      constraint correlation_keys_pk primary key (incident_id, type, value)
    ) without rowid`.execute(db);
    await sql`insert into correlation_keys_clustered
      (incident_id, type, value, realm, org_id, display, match_key, created_at)
      select incident_id, type, value, realm, org_id, display, match_key, created_at from correlation_keys`.execute(
      db,
    );
    await sql`drop table correlation_keys`.execute(db);
    await sql`alter table correlation_keys_clustered rename to correlation_keys`.execute(db);
    await sql`create index correlation_keys_by_value on correlation_keys (realm, value, org_id, display)`.execute(
      db,
    );
    await sql`create index correlation_keys_by_key on correlation_keys (realm, match_key, org_id, display)
      where match_key is not null`.execute(db);
    return;
  }
  await sql`drop index correlation_keys_by_value`.execute(db);
  await sql`drop index correlation_keys_by_key`.execute(db);
  await sql`create index correlation_keys_by_value on correlation_keys (realm, value)
    include (incident_id, type, org_id, display)`.execute(db);
  await sql`create index correlation_keys_by_key on correlation_keys (realm, match_key)
    include (incident_id, type, value, org_id, display) where match_key is not null`.execute(db);
}
