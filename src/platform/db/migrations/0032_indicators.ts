import type { Kysely } from 'kysely';
import type { DialectName } from '../database.js';

// Frozen in time: this file must never import application code nor change once released.

export async function up(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  // The typed indicators each report names, in their one canonical form (and the form people read).
  await db.schema
    .createTable('incident_indicators')
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id'))
    .addColumn('report_seq', 'integer', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('display', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('incident_indicators_pk', ['incident_id', 'report_seq', 'position'])
    .execute();
  // Correlation looks indicators up by value across every incident.
  await db.schema
    .createIndex('incident_indicators_by_value')
    .on('incident_indicators')
    .columns(['type', 'value'])
    .execute();
}
