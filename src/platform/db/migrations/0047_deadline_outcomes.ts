import type { Kysely } from 'kysely';
import type { DialectName } from '../database.js';

// Frozen in time: this file must never import application code nor change once released.

export async function up(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  // Each deadline-profile clock's outcome on an incident as last recorded (issue 15 point 5): the deadline sweep
  // writes what the incident page computes, so that the annual report aggregates stored rows in SQL. Filled for
  // existing incidents by the sweep's first run after the upgrade (the computation is application code).
  await db.schema
    .createTable('deadline_outcomes')
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id'))
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('profile_id', 'text', (c) => c.notNull())
    .addColumn('clock_key', 'text', (c) => c.notNull())
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('satisfied_at', 'text')
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('late_minutes', 'integer')
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('deadline_outcomes_pk', ['incident_id', 'profile_id', 'clock_key'])
    .execute();
  await db.schema
    .createIndex('deadline_outcomes_by_due')
    .on('deadline_outcomes')
    .columns(['due_at', 'org_id'])
    .execute();
}
