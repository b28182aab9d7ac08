import type { Kysely } from 'kysely';
import type { DialectName } from '../database.js';

// Frozen in time: this file must never import application code nor change once released.

export async function up(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  // Each STIX bundle or MISP event imported into a draft share, by a digest of its id and content: the same
  // file imported again finds its draft instead of making another. No foreign key: the fingerprint is claimed
  // before the share it names is written, so that two racing imports of one file make one draft.
  await db.schema
    .createTable('share_imports')
    .addColumn('fingerprint', 'text', (c) => c.primaryKey())
    .addColumn('share_id', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('source_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}
