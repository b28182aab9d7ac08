import type { Tx } from '../../platform/db/database.js';

const count = (r: { numDeletedRows: bigint }) => Number(r.numDeletedRows);

/** The ids of an exercise's incidents. */
export const exerciseIncidentIds = async (tx: Tx, exerciseId: string): Promise<string[]> =>
  (await tx.selectFrom('incidents').select('id').where('exercise_id', '=', exerciseId).execute()).map(
    (i) => i.id,
  );

/**
 * Erases an exercise's incidents with their reports, deliveries, readers, search rows and send-backs, once its
 * report is final (what other features hold of them goes first: see the exercise purge).
 */
export async function purgeExerciseIncidents(tx: Tx, exerciseId: string): Promise<Record<string, number>> {
  const ids = await exerciseIncidentIds(tx, exerciseId);
  const out: Record<string, number> = {};
  const tables = [
    'incident_reports',
    'deliveries',
    'incident_readers',
    'incident_search',
    'send_backs',
  ] as const;
  for (const table of tables) out[table] = 0;
  out.incidents = 0;
  for (let i = 0; i < ids.length; i += 300) {
    const chunk = ids.slice(i, i + 300);
    for (const table of tables)
      out[table] =
        (out[table] ?? 0) +
        count(await tx.deleteFrom(table).where('incident_id', 'in', chunk).executeTakeFirst());
    out.incidents += count(await tx.deleteFrom('incidents').where('id', 'in', chunk).executeTakeFirst());
  }
  return out;
}
