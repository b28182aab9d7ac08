import type { Kysely } from 'kysely';
import type { DialectName } from '../database.js';

// Frozen in time: this file must never import application code nor change once released.

export async function up(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  // The indicators of a report were also written, one by one, at random places of a (type, value) index over
  // every incident — an index only the test "first row naming this value in its incident" still read (correlation
  // has its own since 0033). Keyed by the incident first, that test is one exact lookup, and a report's rows go
  // to one place of the index instead of one page each.
  await db.schema.dropIndex('incident_indicators_by_value').execute();
  await db.schema
    .createIndex('incident_indicators_by_incident_value')
    .on('incident_indicators')
    .columns(['incident_id', 'type', 'value'])
    .execute();
}
