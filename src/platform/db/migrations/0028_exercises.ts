import type { Kysely } from 'kysely';
import type { DialectName } from '../database.js';

// Frozen in time: this file must never import application code nor change once released.

export async function up(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  // An initial-response exercise (初動対処訓練): a scenario of injects played at offsets from its start, numbered
  // X-<fiscal year>-NNN per fiscal year.
  await db.schema
    .createTable('exercise_number_counters')
    .addColumn('fiscal_year', 'integer', (c) => c.primaryKey())
    .addColumn('last_number', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('exercises')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('fiscal_year', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    // The scenario as validated (JSON): its targets and its injects; the injects are also rows below.
    .addColumn('scenario', 'text', (c) => c.notNull())
    // draft → running ⇄ paused → ended → final (report closed) → purged
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('started_at', 'text')
    // Exercise control plays the injects as this person (a center coordinator).
    .addColumn('started_by', 'text', (c) => c.references('users.id'))
    .addColumn('paused_at', 'text')
    // Milliseconds spent paused so far: an inject is due at started_at + its offset + this.
    .addColumn('paused_ms', 'integer', (c) => c.notNull())
    .addColumn('ended_at', 'text')
    .addColumn('final_at', 'text')
    .addColumn('purged_at', 'text')
    .addColumn('purged_by', 'text', (c) => c.references('users.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('exercises_status').on('exercises').columns(['status', 'created_at']).execute();

  // The scenario's injects, in order; `played_at` is set in the transaction that plays the inject, so that a
  // restart neither repeats nor skips one.
  await db.schema
    .createTable('exercise_injects')
    .addColumn('exercise_id', 'text', (c) => c.notNull().references('exercises.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('offset_seconds', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    // JSON: what the inject does (its body, level, text…), as the scenario says it.
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('played_at', 'text')
    // JSON: what playing it created (ids), or why it could not be played.
    .addColumn('outcome', 'text')
    .addPrimaryKeyConstraint('exercise_injects_pk', ['exercise_id', 'seq'])
    .execute();
  await db.schema
    .createIndex('exercise_injects_pending')
    .on('exercise_injects')
    .columns(['played_at', 'exercise_id', 'offset_seconds'])
    .execute();

  // A situation declared by an exercise's inject belongs to it; real views only ever read rows where it is null
  // (incidents carry the same column since migration 0001; no index of it there, which would mislead the planner
  // of the incident list: exercise incidents are read by exercise).
  await db.schema
    .alterTable('situations')
    .addColumn('exercise_id', 'text', (c) => c.references('exercises.id'))
    .execute();
  await db.schema.createIndex('situations_exercise').on('situations').column('exercise_id').execute();
}
