import { type Kysely, sql } from 'kysely';
import type { DialectName } from '../database.js';

// Frozen in time: this file must never import application code nor change once released.

// The situation or exercise a live event names (its payload's `situationId`, else `exerciseId`, else the exercise
// mark's `exercise.id`, when a string), in a column of its own: the purge of an exercise's data finds its events
// along an index instead of scanning every payload for the id.
const PATHS = ['situationId', 'exerciseId', 'exercise.id'] as const;

export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  await db.schema.alterTable('events').addColumn('subject_id', 'text').execute();
  // Partial: most events (an incident's) name no situation, and the report path should not index them.
  await db.schema
    .createIndex('events_subject')
    .on('events')
    .column('subject_id')
    .where(sql.ref('subject_id'), 'is not', null)
    .execute();
  const named =
    dialect === 'sqlite'
      ? PATHS.map(
          (p) => `case when json_type(payload, '$.${p}') = 'text' then json_extract(payload, '$.${p}') end`,
        )
      : PATHS.map((p) => {
          const path = `'{${p.replace('.', ',')}}'`;
          return `case when jsonb_typeof(payload::jsonb #> ${path}) = 'string' then payload::jsonb #>> ${path} end`;
        });
  // Only the rows that can name one are read (a payload without these keys names nothing).
  await sql
    .raw(
      `update events set subject_id = coalesce(${named.join(', ')})
       where payload like '%"situationId"%' or payload like '%"exerciseId"%' or payload like '%"exercise"%'`,
    )
    .execute(db);
}
