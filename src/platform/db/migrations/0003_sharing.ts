import type { Kysely } from 'kysely';
import type { DialectName } from '../database.js';

// Frozen in time: this file must never import application code nor change once released.

export async function up(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  // A share holds exactly what recipients read (already redacted), its audience as asked, and the resolved
  // recipients its consents cover. `round` counts consent rounds (an edit starts one); `revision` counts any
  // change of terms (an edit, or a source making them stricter when it approves).
  await db.schema
    .createTable('shares')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('round', 'integer', (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('indicators', 'text', (c) => c.notNull())
    .addColumn('mitigations', 'text', (c) => c.notNull())
    .addColumn('tlp', 'text', (c) => c.notNull())
    .addColumn('audience', 'text', (c) => c.notNull())
    .addColumn('recipients', 'text', (c) => c.notNull())
    .addColumn('redactions', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('consent_due_at', 'text')
    .addColumn('published_at', 'text')
    .addColumn('withdrawn_at', 'text')
    .addColumn('withdrawn_by', 'text')
    .addColumn('withdraw_reason', 'text')
    .execute();
  await db.schema.createIndex('shares_created').on('shares').columns(['created_at', 'id']).execute();

  await db.schema
    .createTable('share_sources')
    .addColumn('share_id', 'text', (c) => c.notNull().references('shares.id'))
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id'))
    .addPrimaryKeyConstraint('share_sources_pk', ['share_id', 'incident_id'])
    .execute();
  await db.schema.createIndex('share_sources_incident').on('share_sources').column('incident_id').execute();

  await db.schema
    .createTable('consent_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('share_id', 'text', (c) => c.notNull().references('shares.id'))
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('round', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('asked_at', 'text', (c) => c.notNull())
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('reminded_at', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('decided_by', 'text')
    .addColumn('reason', 'text')
    .addColumn('approved_terms', 'text')
    .addColumn('standing_consent_id', 'text')
    .execute();
  await db.schema
    .createIndex('consent_requests_org')
    .on('consent_requests')
    .columns(['org_id', 'status', 'due_at'])
    .execute();
  await db.schema
    .createIndex('consent_requests_share')
    .on('consent_requests')
    .columns(['share_id', 'round'])
    .execute();
  await db.schema
    .createIndex('consent_requests_due')
    .on('consent_requests')
    .columns(['status', 'due_at'])
    .execute();

  // Who may read a published share: whole bodies (user_id '') or, under TLP:RED, named users of a body.
  for (const table of ['share_readers', 'share_retractions'] as const) {
    await db.schema
      .createTable(table)
      .addColumn('share_id', 'text', (c) => c.notNull().references('shares.id'))
      .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
      .addColumn('user_id', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('since', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint(`${table}_pk`, ['share_id', 'org_id', 'user_id'])
      .execute();
    await db.schema.createIndex(`${table}_org`).on(table).columns(['org_id', 'share_id']).execute();
  }

  await db.schema
    .createTable('share_acks')
    .addColumn('share_id', 'text', (c) => c.notNull().references('shares.id'))
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('share_acks_pk', ['share_id', 'org_id', 'kind'])
    .execute();

  await db.schema
    .createTable('standing_consents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('tlp', 'text', (c) => c.notNull())
    .addColumn('audience', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('anonymised', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .addColumn('revoked_by', 'text')
    .execute();
  await db.schema.createIndex('standing_consents_org').on('standing_consents').column('org_id').execute();

  // Live events addressed to named users (TLP:RED) rather than to whole bodies.
  await db.schema.alterTable('events').addColumn('reader_user_ids', 'text').execute();
}
