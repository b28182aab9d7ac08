import type { Kysely } from 'kysely';
import type { DialectName } from '../database.js';

// Frozen in time: this file must never import application code nor change once released.

export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  // Files attached to an incident's reports. The bytes live in the database (BLOB, bytea) so that every node
  // of a PostgreSQL deployment serves them and a backup holds them with the report they belong to.
  await db.schema
    .createTable('attachments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id'))
    .addColumn('report_seq', 'integer', (c) => c.notNull())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('uploaded_by', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('media_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('content', dialect === 'postgres' ? 'bytea' : 'blob', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('attachments_by_incident')
    .on('attachments')
    .columns(['incident_id', 'created_at'])
    .execute();
  // The hashes become indicators (correlated across reports): looked up by value.
  await db.schema.createIndex('attachments_by_sha256').on('attachments').column('sha256').execute();

  // The attachments a share carries: exactly those its consent request showed, chosen by the center.
  await db.schema
    .createTable('share_attachments')
    .addColumn('share_id', 'text', (c) => c.notNull().references('shares.id'))
    .addColumn('attachment_id', 'text', (c) => c.notNull().references('attachments.id'))
    .addPrimaryKeyConstraint('share_attachments_pk', ['share_id', 'attachment_id'])
    .execute();
  await db.schema
    .createIndex('share_attachments_by_attachment')
    .on('share_attachments')
    .column('attachment_id')
    .execute();
}
