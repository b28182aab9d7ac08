import { type Kysely, sql } from 'kysely';
import type { DialectName } from '../database.js';

// Frozen in time: this file must never import application code nor change once released.

export async function up(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  // Changes to a body's people and contacts made by someone outside it: they wait here for the body's security
  // officer (or a second administrator) to confirm them. Changes the body makes itself are listed here too,
  // already applied. `payload` holds what applying needs and is emptied once the change is decided; `summary`
  // is what people are shown, and stays.
  await db.schema
    .createTable('pending_changes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('subject_key', 'text', (c) => c.notNull())
    .addColumn('subject_user_id', 'text')
    .addColumn('subject_email', 'text')
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('requested_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('requested_email', 'text', (c) => c.notNull())
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text')
    .addColumn('confirm_by', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('reason', 'text')
    .execute();
  await db.schema
    .createIndex('pending_changes_org')
    .on('pending_changes')
    .columns(['org_id', 'requested_at'])
    .execute();
  await db.schema
    .createIndex('pending_changes_due')
    .on('pending_changes')
    .columns(['status', 'expires_at'])
    .execute();
  await db.schema
    .createIndex('pending_changes_subject_user')
    .on('pending_changes')
    .columns(['subject_user_id', 'status'])
    .execute();
  // One open request per thing at a time (a user, an e-mail address, a contact, a body's rules).
  await db.schema
    .createIndex('pending_changes_one_open')
    .on('pending_changes')
    .column('subject_key')
    .unique()
    .where(sql.ref('status'), '=', 'pending')
    .execute();

  // Since when a user holds its current role (null: since the account was created). Consent given by a role
  // younger than the configured age is flagged.
  await db.schema.alterTable('users').addColumn('role_granted_at', 'text').execute();
  await db.schema
    .alterTable('consent_requests')
    .addColumn('young_account', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('standing_consents')
    .addColumn('young_account', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}
