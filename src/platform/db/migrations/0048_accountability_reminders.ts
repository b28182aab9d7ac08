import type { Kysely } from 'kysely';
import type { DialectName } from '../database.js';

// Frozen in time: this file must never import application code nor change once released.

export async function up(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  // When the body was reminded of its public-explanation decision before the due time, and when the overdue
  // decision was escalated: each once, set in the transaction that sends it (a restart repeats neither).
  await db.schema.alterTable('accountability_tracks').addColumn('reminded_at', 'text').execute();
  await db.schema.alterTable('accountability_tracks').addColumn('escalated_at', 'text').execute();
}
