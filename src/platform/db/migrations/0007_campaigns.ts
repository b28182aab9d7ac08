import type { Kysely } from 'kysely';
import type { DialectName } from '../database.js';

// Frozen in time: this file must never import application code nor change once released.

export async function up(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  // A verification campaign (連絡体制の確認): bodies are asked to confirm their contact structure by a deadline.
  await db.schema
    .createTable('contact_campaigns')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('deadline_date', 'text', (c) => c.notNull())
    .addColumn('deadline_at', 'text', (c) => c.notNull())
    .addColumn('remind_days', 'integer', (c) => c.notNull())
    .addColumn('first_reminder_at', 'text')
    .addColumn('fiscal_year', 'integer', (c) => c.notNull())
    .addColumn('closed_at', 'text')
    .addColumn('closed_by', 'text')
    .execute();
  await db.schema
    .createIndex('contact_campaigns_fiscal_year')
    .on('contact_campaigns')
    .columns(['fiscal_year', 'started_at'])
    .execute();

  // One row per body asked. A confirmation through the contacts' own verification is read from
  // contacts.verified_at while the campaign is open, and kept here when it closes.
  await db.schema
    .createTable('contact_campaign_entries')
    .addColumn('campaign_id', 'text', (c) => c.notNull().references('contact_campaigns.id'))
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('confirmed_at', 'text')
    .addColumn('confirmed_by', 'text')
    .addColumn('confirmed_via', 'text')
    .addColumn('reminded_before_at', 'text')
    .addColumn('reminded_deadline_at', 'text')
    .addPrimaryKeyConstraint('contact_campaign_entries_pk', ['campaign_id', 'org_id'])
    .execute();
  await db.schema
    .createIndex('contact_campaign_entries_org')
    .on('contact_campaign_entries')
    .column('org_id')
    .execute();

  // A communication check (連絡訓練): a test message to the duty contacts of bodies, timed to acknowledgment.
  await db.schema
    .createTable('communication_checks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('fiscal_year', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('communication_checks_fiscal_year')
    .on('communication_checks')
    .columns(['fiscal_year', 'started_at'])
    .execute();

  // Who was reached for each body: one row per duty contact (contact_id null: the body had nobody to reach).
  await db.schema
    .createTable('communication_check_targets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('check_id', 'text', (c) => c.notNull().references('communication_checks.id'))
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('contact_id', 'text')
    .addColumn('user_id', 'text')
    .addColumn('email', 'text')
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('channels', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text', (c) => c.notNull())
    .addColumn('acknowledged_at', 'text')
    .addColumn('acknowledged_by', 'text')
    .addColumn('ack_via', 'text')
    .addColumn('ack_token_hash', 'text', (c) => c.unique())
    .execute();
  await db.schema
    .createIndex('communication_check_targets_check')
    .on('communication_check_targets')
    .columns(['check_id', 'org_id'])
    .execute();
  await db.schema
    .createIndex('communication_check_targets_user')
    .on('communication_check_targets')
    .column('user_id')
    .execute();
}
