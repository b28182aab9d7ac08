import type { Tx } from '../../platform/db/database.js';

const count = (r: { numDeletedRows: bigint }) => Number(r.numDeletedRows);

/**
 * Erases an exercise's situations and all that hangs off them (scope, bodies, answers, timeline, links), once
 * its report is final: called by the exercise purge in its transaction (wired by the composition root).
 */
export async function purgeExerciseSituations(tx: Tx, exerciseId: string): Promise<Record<string, number>> {
  const ids = (
    await tx.selectFrom('situations').select('id').where('exercise_id', '=', exerciseId).execute()
  ).map((s) => s.id);
  const out: Record<string, number> = {};
  const tables = [
    'rollcall_answers',
    'situation_entries',
    'situation_incidents',
    'situation_bodies',
    'situation_scope',
  ] as const;
  for (const table of tables)
    out[table] =
      ids.length === 0
        ? 0
        : count(await tx.deleteFrom(table).where('situation_id', 'in', ids).executeTakeFirst());
  out.situations =
    ids.length === 0 ? 0 : count(await tx.deleteFrom('situations').where('id', 'in', ids).executeTakeFirst());
  return out;
}

/** The ids of an exercise's situations (what notices and live events name). */
export const exerciseSituationIds = async (tx: Tx, exerciseId: string): Promise<string[]> =>
  (await tx.selectFrom('situations').select('id').where('exercise_id', '=', exerciseId).execute()).map(
    (s) => s.id,
  );
