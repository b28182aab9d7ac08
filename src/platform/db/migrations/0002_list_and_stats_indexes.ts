import { type Kysely, sql } from 'kysely';
import type { DialectName } from '../database.js';

// Frozen in time: this file must never import application code nor change once released.

export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  // Each sort of the incident list pages through one index in its order; the id breaks ties.
  await db.schema.dropIndex('incidents_reported').execute();
  await db.schema
    .createIndex('incidents_reported_id')
    .on('incidents')
    .columns(['reported_at', 'id'])
    .execute();
  await db.schema
    .createIndex('incidents_last_report_id')
    .on('incidents')
    .columns(['last_report_at', 'id'])
    .execute();
  // Severity as a number, critical first and none last. Queries must spell the expression exactly like this
  // for the planner to match it to the index.
  await sql`create index incidents_severity_rank on incidents ((case severity when 'critical' then 4 when 'high' then 3 when 'medium' then 2 when 'low' then 1 else 0 end), reported_at, id)`.execute(
    db,
  );
  if (dialect === 'sqlite') {
    // SQLite joins by nested loops only: counting or aggregating a large reader set (the center's) looks each
    // incident up by id. This index answers those look-ups for the usual filters without reading the table.
    await db.schema
      .createIndex('incidents_by_id_summary')
      .on('incidents')
      .columns(['id', 'exercise_id', 'org_id', 'status', 'severity', 'category', 'reported_at'])
      .execute();
  }
  // "What did this person do": the audit log filtered by actor, newest first.
  await db.schema.createIndex('audit_log_actor').on('audit_log').columns(['actor_user_id', 'seq']).execute();
  // The subject index also answers "when did this user last log in" with one look-up (no more indexes on the
  // busiest table: every request writes it).
  await db.schema.dropIndex('audit_log_subject').execute();
  await db.schema
    .createIndex('audit_log_subject_action')
    .on('audit_log')
    .columns(['subject_type', 'subject_id', 'action', 'at'])
    .execute();
}
