import { type Kysely, sql } from 'kysely';
import type { DialectName } from '../database.js';

// Frozen in time: this file must never import application code nor change once released.

export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  // Correlation's own index of every indicator received, one row per incident and value: `realm` keeps each
  // exercise apart from real data ('' for real), `match_key` is the sortable key containment scans by ranges
  // (an address as fixed-width hex, a host as its labels reversed). PostgreSQL must order it byte by byte.
  const keyType = dialect === 'postgres' ? sql`text collate "C"` : sql`text`;
  await db.schema
    .createTable('correlation_keys')
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('realm', 'text', (c) => c.notNull())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('display', 'text', (c) => c.notNull())
    .addColumn('match_key', keyType)
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('correlation_keys_pk', ['incident_id', 'type', 'value'])
    .execute();
  await db.schema
    .createIndex('correlation_keys_by_value')
    .on('correlation_keys')
    .columns(['realm', 'value'])
    .execute();
  await db.schema
    .createIndex('correlation_keys_by_key')
    .on('correlation_keys')
    .columns(['realm', 'match_key'])
    .where(sql.ref('match_key'), 'is not', null)
    .execute();
  // The matches found, one row per pair of values of two incidents, written from each side (reads are one
  // range of the primary key: an incident's correlations, or a realm's for clusters).
  await db.schema
    .createTable('correlation_links')
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id'))
    .addColumn('other_incident_id', 'text', (c) => c.notNull().references('incidents.id'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('other_type', 'text', (c) => c.notNull())
    .addColumn('other_value', 'text', (c) => c.notNull())
    .addColumn('display', 'text', (c) => c.notNull())
    .addColumn('other_display', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('realm', 'text', (c) => c.notNull())
    .addColumn('found_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('correlation_links_pk', [
      'incident_id',
      'other_incident_id',
      'type',
      'value',
      'other_type',
      'other_value',
    ])
    .execute();
  await db.schema
    .createIndex('correlation_links_by_realm')
    .on('correlation_links')
    .columns(['realm', 'incident_id'])
    .execute();
}
