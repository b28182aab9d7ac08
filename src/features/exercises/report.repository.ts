import type { Executor, Tx } from '../../platform/db/database.js';
import type { ExercisesTable } from './exercises.table.js';

export type ExerciseRow = ExercisesTable;

export const reportRepository = {
  byId: (db: Executor, id: string) =>
    db.selectFrom('exercises').selectAll().where('id', '=', id).executeTakeFirst(),

  /** The times the exercise was paused, in order (to: null while it still is). */
  pausesOf: async (db: Executor, exerciseId: string) =>
    (
      await db
        .selectFrom('exercise_pauses')
        .select(['paused_at', 'resumed_at'])
        .where('exercise_id', '=', exerciseId)
        .orderBy('paused_at')
        .execute()
    ).map((p) => ({ from: p.paused_at, to: p.resumed_at })),

  /** The exercises ended in [from, to), oldest first (drafts and running ones never). */
  endedIn: (db: Executor, from: string, to: string) =>
    db
      .selectFrom('exercises')
      .selectAll()
      .where('status', 'in', ['ended', 'final', 'purged'])
      .where('ended_at', '>=', from)
      .where('ended_at', '<', to)
      .orderBy('ended_at')
      .orderBy('id')
      .execute(),

  /** The report frozen at final, as JSON. */
  frozen: async (db: Executor, exerciseId: string) =>
    (
      await db
        .selectFrom('exercise_reports')
        .select('report')
        .where('exercise_id', '=', exerciseId)
        .executeTakeFirst()
    )?.report ?? null,

  /** The frozen reports of the exercises started before this time, newest first. */
  earlierFinals: (db: Executor, before: string) =>
    db
      .selectFrom('exercise_reports as r')
      .innerJoin('exercises as e', 'e.id', 'r.exercise_id')
      .select(['e.id', 'e.number', 'e.started_at', 'r.report'])
      .where('e.started_at', '<', before)
      .orderBy('e.started_at', 'desc')
      .limit(20)
      .execute(),

  /** Ended → final with its report frozen, only if it is still ended (one of two racing finals wins). */
  async finalize(tx: Tx, e: { id: string; at: string; by: string; report: string }): Promise<boolean> {
    const changed = await tx
      .updateTable('exercises')
      .set((eb) => ({ status: 'final', final_at: e.at, version: eb('version', '+', 1) }))
      .where('id', '=', e.id)
      .where('status', '=', 'ended')
      .executeTakeFirst();
    if (Number(changed.numUpdatedRows) !== 1) return false;
    await tx
      .insertInto('exercise_reports')
      .values({ exercise_id: e.id, report: e.report, finalized_at: e.at, finalized_by: e.by })
      .execute();
    return true;
  },

  /** Final → purged, only if it is still final (a second purge finds it purged). */
  async markPurged(tx: Tx, e: { id: string; at: string; by: string }): Promise<boolean> {
    const changed = await tx
      .updateTable('exercises')
      .set((eb) => ({ status: 'purged', purged_at: e.at, purged_by: e.by, version: eb('version', '+', 1) }))
      .where('id', '=', e.id)
      .where('status', '=', 'final')
      .executeTakeFirst();
    return Number(changed.numUpdatedRows) === 1;
  },

  /** The injects' outcomes name what playing them created: they go with the purged data. */
  clearInjectOutcomes: async (tx: Tx, exerciseId: string) =>
    Number(
      (
        await tx
          .updateTable('exercise_injects')
          .set({ outcome: null })
          .where('exercise_id', '=', exerciseId)
          .where('outcome', 'is not', null)
          .executeTakeFirst()
      ).numUpdatedRows,
    ),
};
