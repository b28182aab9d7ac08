import type { Kysely } from 'kysely';
import type { DialectName } from '../database.js';

// Frozen in time: this file must never import application code nor change once released.

export async function up(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  // An exercise's report as computed when it was declared final: the figures survive the purge of its data.
  await db.schema
    .createTable('exercise_reports')
    .addColumn('exercise_id', 'text', (c) => c.primaryKey().references('exercises.id'))
    // JSON: the report (per-body timings, misses, slowest links, medians) as it stood at final.
    .addColumn('report', 'text', (c) => c.notNull())
    .addColumn('finalized_at', 'text', (c) => c.notNull())
    .addColumn('finalized_by', 'text', (c) => c.notNull().references('users.id'))
    .execute();

  // Lessons learned (教訓): recorded on an exercise, owned by a body (and optionally a person), followed up
  // until done; an open one is carried to the exercises after its own (the same row, not a copy).
  await db.schema
    .createTable('exercise_lessons')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('exercise_id', 'text', (c) => c.notNull().references('exercises.id'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('owner_org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('owner_user_id', 'text', (c) => c.references('users.id'))
    // open | in_progress | done
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('due_on', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('closed_at', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('exercise_lessons_exercise')
    .on('exercise_lessons')
    .column('exercise_id')
    .execute();
  await db.schema
    .createIndex('exercise_lessons_owner')
    .on('exercise_lessons')
    .columns(['owner_org_id', 'status'])
    .execute();

  // Every change of a lesson's follow-up, never updated nor deleted.
  await db.schema
    .createTable('exercise_lesson_history')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('lesson_id', 'text', (c) => c.notNull().references('exercise_lessons.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .execute();
  await db.schema
    .createIndex('exercise_lesson_history_lesson')
    .on('exercise_lesson_history')
    .columns(['lesson_id', 'at'])
    .execute();
}
