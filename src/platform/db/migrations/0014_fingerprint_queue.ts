import { type Kysely, sql } from 'kysely';
import type { DialectName } from '../database.js';

// Frozen in time: this file must never import application code nor change once released.

export async function up(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  // The guard of sharing's index is written after a report commits, off the report path: each incident
  // records up to which report (seq) its fingerprints are in report_fingerprints. Those behind
  // (fingerprinted_seq < report_count) are few at any moment; the partial index finds them.
  await db.schema
    .alterTable('incidents')
    .addColumn('fingerprinted_seq', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  // Until now every report was indexed in its own transaction, and an incident whose reports were indexed
  // carried the marker 'v:1'.
  await sql`update incidents set fingerprinted_seq = report_count where exists (
      select 1 from report_fingerprints f where f.incident_id = incidents.id and f.fingerprint = 'v:1')`.execute(
    db,
  );
  await sql`delete from report_fingerprints where fingerprint = 'v:1'`.execute(db);
  await sql`create index incidents_fingerprints_behind on incidents (id)
    where fingerprinted_seq < report_count`.execute(db);
}
