import type { Kysely } from 'kysely';
import type { DialectName } from '../database.js';

// Frozen in time: this file must never import application code nor change once released.

export async function up(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  // A large-scale situation (大規模サイバー攻撃事態) declared by the center: numbered S-<fiscal year>-NNN.
  await db.schema
    .createTable('situation_number_counters')
    .addColumn('fiscal_year', 'integer', (c) => c.primaryKey())
    .addColumn('last_number', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('situations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('fiscal_year', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('tlp', 'text', (c) => c.notNull())
    .addColumn('scope_kind', 'text', (c) => c.notNull())
    .addColumn('declared_at', 'text', (c) => c.notNull())
    .addColumn('declared_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('rollcall_due_at', 'text', (c) => c.notNull())
    .addColumn('level_changed_at', 'text')
    .addColumn('stood_down_at', 'text')
    .addColumn('stood_down_by', 'text', (c) => c.references('users.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('situations_declared').on('situations').column('declared_at').execute();

  // The bodies the declaration named (scope `bodies`), as it named them.
  await db.schema
    .createTable('situation_scope')
    .addColumn('situation_id', 'text', (c) => c.notNull().references('situations.id'))
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('with_agencies', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('situation_scope_pk', ['situation_id', 'org_id'])
    .execute();

  // The bodies in scope, resolved once at the declaration (bodies created later are not in scope), each with
  // its supervising ministry then: who sees the situation and whose answers a ministry sees.
  await db.schema
    .createTable('situation_bodies')
    .addColumn('situation_id', 'text', (c) => c.notNull().references('situations.id'))
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('parent_id', 'text', (c) => c.references('orgs.id'))
    // When the body was reminded that its answer is due (once per situation; set by the notifications).
    .addColumn('reminded_at', 'text')
    .addPrimaryKeyConstraint('situation_bodies_pk', ['situation_id', 'org_id'])
    .execute();
  await db.schema.createIndex('situation_bodies_org').on('situation_bodies').column('org_id').execute();
  await db.schema.createIndex('situation_bodies_parent').on('situation_bodies').column('parent_id').execute();

  // Incidents that prompted the declaration, or that a body linked in its answer.
  await db.schema
    .createTable('situation_incidents')
    .addColumn('situation_id', 'text', (c) => c.notNull().references('situations.id'))
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id'))
    .addColumn('linked_at', 'text', (c) => c.notNull())
    .addColumn('linked_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('via', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('situation_incidents_pk', ['situation_id', 'incident_id'])
    .execute();

  // Roll-call answers (被害状況の確認): append-only, one revision per answer of a body; the highest is current.
  await db.schema
    .createTable('rollcall_answers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('situation_id', 'text', (c) => c.notNull().references('situations.id'))
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('incident_id', 'text', (c) => c.references('incidents.id'))
    .addColumn('answered_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('answered_by_org', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('answered_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('rollcall_answers_revision')
    .unique()
    .on('rollcall_answers')
    .columns(['situation_id', 'org_id', 'revision'])
    .execute();

  // The situation's timeline (時系列): declarations, level changes, answers, linked incidents, notes, decisions.
  await db.schema
    .createTable('situation_entries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('situation_id', 'text', (c) => c.notNull().references('situations.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text', (c) => c.references('users.id'))
    .addColumn('actor_org_id', 'text', (c) => c.references('orgs.id'))
    .addColumn('org_id', 'text', (c) => c.references('orgs.id'))
    .addColumn('text', 'text')
    .addColumn('data', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('situation_entries_situation')
    .on('situation_entries')
    .columns(['situation_id', 'at'])
    .execute();
}
