import type { Kysely } from 'kysely';
import type { DialectName } from '../database.js';

// Frozen in time: this file must never import application code nor change once released.

export async function up(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  // Every version of every STIX object a published share has been exported as, kept so that a later export
  // (a STIX download, a TAXII poll) shows consumers what changed: a new `modified` for a changed object, a
  // `revoked: true` version for a removed indicator or a withdrawn share, never a silent drop.
  await db.schema
    .createTable('share_stix_versions')
    .addColumn('object_id', 'text', (c) => c.notNull())
    .addColumn('modified', 'text', (c) => c.notNull())
    .addColumn('share_id', 'text', (c) => c.notNull().references('shares.id'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('revoked', 'integer', (c) => c.notNull())
    .addColumn('date_added', 'text', (c) => c.notNull())
    .addColumn('object', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('share_stix_versions_pk', ['object_id', 'modified'])
    .execute();
  // Exports and TAXII pages walk versions in the order they were added.
  await db.schema
    .createIndex('share_stix_versions_by_added')
    .on('share_stix_versions')
    .columns(['date_added', 'object_id', 'modified'])
    .execute();
  await db.schema
    .createIndex('share_stix_versions_by_share')
    .on('share_stix_versions')
    .column('share_id')
    .execute();
  // The state of the share (status, revision, round, updated_at) its versions were last brought up to date with.
  await db.schema
    .createTable('share_stix_sync')
    .addColumn('share_id', 'text', (c) => c.primaryKey().references('shares.id'))
    .addColumn('state', 'text', (c) => c.notNull())
    .execute();
}
