import { type Kysely, sql } from 'kysely';
import type { DialectName } from '../database.js';

// Frozen in time: this file must never import application code nor change once released.

export async function up(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  // A revocation addressed to one former holder of a share (a body, or a named person under TLP:RED) that no
  // longer receives it — removed from its audience, or the share withdrawn: the objects it held, each as a
  // `revoked: true` version carrying no content, so that its tools drop them instead of keeping them silently.
  await db.schema
    .createTable('share_stix_revocations')
    .addColumn('share_id', 'text', (c) => c.notNull().references('shares.id'))
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('object_id', 'text', (c) => c.notNull())
    .addColumn('modified', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('date_added', 'text', (c) => c.notNull())
    .addColumn('object', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('share_stix_revocations_pk', ['share_id', 'org_id', 'user_id', 'object_id'])
    .execute();
  // A holder's pages walk its revocations in the order they were added.
  await db.schema
    .createIndex('share_stix_revocations_by_holder')
    .on('share_stix_revocations')
    .columns(['org_id', 'date_added', 'object_id'])
    .execute();
  // Which retraction of each former holder its revocations were worked out for (its `since` then): worked out
  // once, when it stopped reading, so that what the share gains later never counts as held by it.
  await db.schema
    .createTable('share_stix_holders_revoked')
    .addColumn('share_id', 'text', (c) => c.notNull().references('shares.id'))
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('since', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('share_stix_holders_revoked_pk', ['share_id', 'org_id', 'user_id'])
    .execute();
  // The shares changed since their STIX versions were last brought up to date (with the state they changed to):
  // an export brings these up to date instead of comparing every share in the database on every request.
  await db.schema
    .createTable('share_stix_pending')
    .addColumn('share_id', 'text', (c) => c.primaryKey().references('shares.id'))
    .addColumn('state', 'text', (c) => c.notNull())
    .execute();
  await sql`insert into share_stix_pending (share_id, state)
    select s.id, s.status || ':' || s.revision || ':' || s.round || ':' || s.updated_at from shares s
    where s.status in ('published', 'withdrawn')`.execute(db);
}
