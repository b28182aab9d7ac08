import type { Kysely } from 'kysely';
import type { DialectName } from '../database.js';

// Frozen in time: this file must never import application code nor change once released.

export async function up(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  // Requests (要請) of the center to bodies in scope of a situation, numbered … per situation.
  await db.schema
    .createTable('situation_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('situation_id', 'text', (c) => c.notNull().references('situations.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('addressees_kind', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('amended_at', 'text')
    .addColumn('withdrawn_at', 'text')
    .addColumn('withdrawn_by', 'text', (c) => c.references('users.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('situation_requests_seq')
    .unique()
    .on('situation_requests')
    .columns(['situation_id', 'seq'])
    .execute();

  // Each addressed body's state of a request, resolved at issue, with who moved it and when, step by step.
  await db.schema
    .createTable('situation_request_bodies')
    .addColumn('request_id', 'text', (c) => c.notNull().references('situation_requests.id'))
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('parent_id', 'text', (c) => c.references('orgs.id'))
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('acknowledged_at', 'text')
    .addColumn('acknowledged_by', 'text', (c) => c.references('users.id'))
    .addColumn('started_at', 'text')
    .addColumn('started_by', 'text', (c) => c.references('users.id'))
    .addColumn('done_at', 'text')
    .addColumn('done_by', 'text', (c) => c.references('users.id'))
    .addColumn('done_note', 'text')
    .addColumn('reminded_at', 'text')
    .addPrimaryKeyConstraint('situation_request_bodies_pk', ['request_id', 'org_id'])
    .execute();
  await db.schema
    .createIndex('situation_request_bodies_org')
    .on('situation_request_bodies')
    .column('org_id')
    .execute();
  await db.schema
    .createIndex('situation_request_bodies_parent')
    .on('situation_request_bodies')
    .column('parent_id')
    .execute();

  // Every move of a body's state, append-only: from, to, by whom (of which body: a ministry on behalf), when.
  await db.schema
    .createTable('situation_request_moves')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('request_id', 'text', (c) => c.notNull().references('situation_requests.id'))
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('from_state', 'text', (c) => c.notNull())
    .addColumn('to_state', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('by_user', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('by_org', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('note', 'text')
    .execute();
  await db.schema
    .createIndex('situation_request_moves_request')
    .on('situation_request_moves')
    .columns(['request_id', 'org_id', 'at'])
    .execute();
}
