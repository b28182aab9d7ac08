import type { Kysely } from 'kysely';
import type { DialectName } from '../database.js';

// Frozen in time: this file must never import application code nor change once released.

export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  // The policy clause register (ポリシーへの記載, issue 15 point 4): each record says that one version of a body's
  // information security policy holds the reporting duty. Recorded, then confirmed by the body's security officer;
  // a later confirmation supersedes the earlier one, which stays as history. The body's supervising ministry is
  // copied in so that who sees the record is decided on the row. The excerpt (a PDF) lives in the database, as
  // attachments do, so that every node serves it and a backup holds it.
  await db.schema
    .createTable('policy_clauses')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('parent_id', 'text', (c) => c.references('orgs.id'))
    .addColumn('document_name', 'text', (c) => c.notNull())
    .addColumn('document_version', 'text', (c) => c.notNull())
    .addColumn('in_force_on', 'text', (c) => c.notNull())
    .addColumn('clause_text', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('excerpt_name', 'text')
    .addColumn('excerpt_size', 'integer')
    .addColumn('excerpt_sha256', 'text')
    .addColumn('excerpt', dialect === 'postgres' ? 'bytea' : 'blob')
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addColumn('confirmed_by', 'text')
    .addColumn('confirmed_at', 'text')
    .addColumn('confirmed_fiscal_year', 'integer')
    .addColumn('superseded_by', 'text')
    .addColumn('superseded_at', 'text')
    .addColumn('revision', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('policy_clauses_by_org')
    .on('policy_clauses')
    .columns(['org_id', 'recorded_at'])
    .execute();
  await db.schema
    .createIndex('policy_clauses_by_confirmation')
    .on('policy_clauses')
    .columns(['confirmed_at', 'org_id'])
    .execute();

  // Requests (要請) from a ministry to its agencies (or from the center to the ministries) to add the clause and
  // to confirm their contact structures by a due date; one target row per body asked, with its answer.
  await db.schema
    .createTable('policy_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('asks_clause', 'integer', (c) => c.notNull())
    .addColumn('asks_contacts', 'integer', (c) => c.notNull())
    .addColumn('due_date', 'text', (c) => c.notNull())
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('remind_at', 'text')
    .addColumn('fiscal_year', 'integer', (c) => c.notNull())
    .addColumn('closed_at', 'text')
    .addColumn('closed_by', 'text')
    .execute();
  await db.schema
    .createIndex('policy_requests_by_year')
    .on('policy_requests')
    .columns(['fiscal_year', 'created_at'])
    .execute();
  await db.schema
    .createTable('policy_request_targets')
    .addColumn('request_id', 'text', (c) => c.notNull().references('policy_requests.id'))
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('clause_id', 'text', (c) => c.references('policy_clauses.id'))
    .addColumn('clause_confirmed_at', 'text')
    .addColumn('contacts_confirmed_at', 'text')
    .addColumn('answered_at', 'text')
    .addColumn('answered_by', 'text')
    .addColumn('reminded_at', 'text')
    .addColumn('escalated_at', 'text')
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('policy_request_targets_pk', ['request_id', 'org_id'])
    .execute();
  await db.schema
    .createIndex('policy_request_targets_by_org')
    .on('policy_request_targets')
    .columns(['org_id', 'answered_at'])
    .execute();
}
