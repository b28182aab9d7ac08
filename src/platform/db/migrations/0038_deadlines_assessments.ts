import type { Kysely } from 'kysely';
import type { DialectName } from '../database.js';

// Frozen in time: this file must never import application code nor change once released.

export async function up(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  // Deadline profiles as an administrator changed or added them; a shipped profile without a row here is as
  // shipped. The definition is JSON (name, trigger, clocks, the bodies it covers).
  await db.schema
    .createTable('deadline_profiles')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull().references('users.id'))
    .execute();

  // Impact assessments of an incident, in versions: each change is a new row, the last one holds.
  await db.schema
    .createTable('incident_assessments')
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('recorded_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addColumn('report_seq', 'integer')
    .addColumn('persons', 'integer', (c) => c.notNull())
    .addColumn('categories', 'text', (c) => c.notNull())
    .addColumn('sensitive', 'integer', (c) => c.notNull())
    .addColumn('rights_infringed', 'integer', (c) => c.notNull())
    .addColumn('serious_impediment', 'integer', (c) => c.notNull())
    .addColumn('public_services_affected', 'integer', (c) => c.notNull())
    .addColumn('malicious', 'integer', (c) => c.notNull())
    .addColumn('public_explanation', 'integer', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('incident_assessments_pk', ['incident_id', 'version'])
    .execute();

  // The reminders and overdue notices sent for a clock, one per clock, kind and due time: a restart or another
  // node does not send them again, and a due time moved by a new assessment is reminded anew.
  await db.schema
    .createTable('deadline_reminders')
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id'))
    .addColumn('profile_id', 'text', (c) => c.notNull())
    .addColumn('clock_key', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('deadline_reminders_pk', [
      'incident_id',
      'profile_id',
      'clock_key',
      'kind',
      'due_at',
    ])
    .execute();
}
