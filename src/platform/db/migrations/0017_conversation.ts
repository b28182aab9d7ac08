import type { Kysely } from 'kysely';
import type { DialectName } from '../database.js';

// Frozen in time: this file must never import application code nor change once released.

export async function up(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  // Messages on an incident between its readers (the center, the ministry, the agency), in order. A message
  // is read by whoever reads the incident now: the reader set decides, not the message.
  await db.schema
    .createTable('incident_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id'))
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('author_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('reply_to', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('incident_messages_order')
    .on('incident_messages')
    .columns(['incident_id', 'created_at', 'id'])
    .execute();

  // A supervising ministry's request to its agency for more (差し戻し) while it reviews the agency's incident;
  // answered by the agency's next follow-up report.
  await db.schema
    .createTable('send_backs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id'))
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('requested_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('answered_at', 'text')
    .addColumn('answered_seq', 'integer')
    .execute();
  await db.schema
    .createIndex('send_backs_incident')
    .on('send_backs')
    .columns(['incident_id', 'requested_at'])
    .execute();

  // The ministry's note to the center, kept with the delivery it forwarded (before: in the audit log only).
  await db.schema.alterTable('deliveries').addColumn('note', 'text').execute();

  // The center's reminders to the recipients of a share who have not read it: when, by whom, to which bodies.
  await db.schema
    .createTable('share_reminders')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('share_id', 'text', (c) => c.notNull().references('shares.id'))
    .addColumn('sent_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('sent_at', 'text', (c) => c.notNull())
    .addColumn('org_ids', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('share_reminders_share')
    .on('share_reminders')
    .columns(['share_id', 'sent_at'])
    .execute();
}
