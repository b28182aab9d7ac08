import type { Kysely } from 'kysely';
import type { DialectName } from '../database.js';

// Frozen in time: this file must never import application code nor change once released.

export async function up(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  // Each time an exercise was paused, and when it resumed (or ended; null while still paused): the report's
  // timings leave out the time paused between the start and the end of each measure.
  await db.schema
    .createTable('exercise_pauses')
    .addColumn('exercise_id', 'text', (c) => c.notNull().references('exercises.id'))
    .addColumn('paused_at', 'text', (c) => c.notNull())
    .addColumn('resumed_at', 'text')
    .addPrimaryKeyConstraint('exercise_pauses_pk', ['exercise_id', 'paused_at'])
    .execute();
}
