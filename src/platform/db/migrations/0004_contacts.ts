import type { Kysely } from 'kysely';
import type { DialectName } from '../database.js';

// Frozen in time: this file must never import application code nor change once released.

export async function up(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  // The contact structure of a body (連絡体制): who is reached, on which channels, when, in which order.
  // Phones and business hours are JSON text; a removed contact keeps its row (deleted_at) for the history.
  await db.schema
    .createTable('contacts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('phones', 'text', (c) => c.notNull())
    .addColumn('webhook_url', 'text')
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('availability', 'text', (c) => c.notNull())
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('business_hours', 'text', (c) => c.notNull())
    .addColumn('escalation_order', 'integer', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('deleted_at', 'text')
    .addColumn('verified_at', 'text')
    .execute();
  await db.schema
    .createIndex('contacts_org_order')
    .on('contacts')
    .columns(['org_id', 'escalation_order'])
    .execute();
  await db.schema.createIndex('contacts_user').on('contacts').column('user_id').execute();

  // One HMAC key per body for its webhooks. Kept as is, not hashed: Renraku signs with it.
  await db.schema
    .createTable('org_webhook_secrets')
    .addColumn('org_id', 'text', (c) => c.primaryKey().references('orgs.id'))
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}
