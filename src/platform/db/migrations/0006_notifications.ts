import type { Kysely } from 'kysely';
import type { DialectName } from '../database.js';

// Frozen in time: this file must never import application code nor change once released.

export async function up(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  // A body's choices per kind of event; a kind without a row follows the built-in default.
  await db.schema
    .createTable('notification_rules')
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('min_severity', 'text')
    .addColumn('roles', 'text', (c) => c.notNull())
    .addColumn('channels', 'text', (c) => c.notNull())
    .addColumn('ack_minutes', 'integer')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .addPrimaryKeyConstraint('notification_rules_pk', ['org_id', 'event'])
    .execute();

  // One row per contact reached. The contacts reached about one event for one body form a chain (chain_id is
  // the id of its first notification); escalation adds to the chain, an acknowledgment ends it.
  await db.schema
    .createTable('notifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('chain_id', 'text', (c) => c.notNull())
    .addColumn('step', 'integer', (c) => c.notNull())
    .addColumn('alert_org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('contact_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text')
    .addColumn('email', 'text')
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('subject_type', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('incident_id', 'text')
    .addColumn('tlp', 'text')
    .addColumn('channels', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('ack_requested', 'integer', (c) => c.notNull())
    .addColumn('escalate_at', 'text')
    .addColumn('escalated_at', 'text')
    .addColumn('acknowledged_at', 'text')
    .addColumn('acknowledged_by', 'text')
    .addColumn('ack_via', 'text')
    .addColumn('ack_token_hash', 'text', (c) => c.unique())
    .addColumn('failed_at', 'text')
    .addColumn('last_error', 'text')
    .execute();
  await db.schema.createIndex('notifications_due').on('notifications').column('escalate_at').execute();
  await db.schema.createIndex('notifications_chain').on('notifications').column('chain_id').execute();
  await db.schema
    .createIndex('notifications_user')
    .on('notifications')
    .columns(['user_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('notifications_email')
    .on('notifications')
    .columns(['email', 'created_at'])
    .execute();

  // What happened to each chain, in order: who was reached by which channel, deliveries, failures,
  // escalations and the acknowledgment. Listed on the incident.
  await db.schema
    .createTable('notification_steps')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('chain_id', 'text', (c) => c.notNull())
    .addColumn('notification_id', 'text')
    .addColumn('incident_id', 'text')
    .addColumn('alert_org_id', 'text', (c) => c.notNull())
    .addColumn('org_id', 'text')
    .addColumn('contact_id', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('channel', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('notification_steps_incident')
    .on('notification_steps')
    .columns(['incident_id', 'at'])
    .execute();
  await db.schema
    .createIndex('notification_steps_chain')
    .on('notification_steps')
    .columns(['chain_id', 'at'])
    .execute();
}
