import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { DialectName } from '../database.js';

// Frozen in time: this file must never import application code nor change once released.

export async function up(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  // The deployment's own secret behind the STIX ids that stand for a value (a shared indicator's id names its
  // share, type and value). Over the public namespace in the source code, anyone handed such an id — a body
  // given the revocation of an indicator removed before it held the share — could find the value by hashing
  // guesses (every IPv4 address is 2³² hashes). Made once, at random, kept with the data (backups and every
  // node share it), never shown.
  await db.schema
    .createTable('stix_id_keys')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('key', 'text', (c) => c.notNull())
    .execute();
  await db
    .insertInto('stix_id_keys' as never)
    .values({ name: 'indicator', key: randomUUID() } as never)
    .execute();
  // Published shares export their indicators under the new ids at the next export: consumers get the ids
  // issued before revoked (content-free, as for any removed indicator) and the same indicators under new ids.
  await sql`delete from share_stix_sync
    where share_id in (select s.id from shares s where s.status = 'published')`.execute(db);
  await sql`insert into share_stix_pending (share_id, state)
    select s.id, s.status || ':' || s.revision || ':' || s.round || ':' || s.updated_at from shares s
    where s.status = 'published'
      and not exists (select 1 from share_stix_pending p where p.share_id = s.id)`.execute(db);
}
