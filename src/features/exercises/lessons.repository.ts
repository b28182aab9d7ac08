import type { Executor, Tx } from '../../platform/db/database.js';
import type { ExerciseLessonHistoryTable, ExerciseLessonsTable } from './lessons.table.js';

export type LessonRow = ExerciseLessonsTable;
export type LessonHistoryRow = ExerciseLessonHistoryTable;

export const lessonsRepository = {
  async insert(tx: Tx, row: LessonRow, first: LessonHistoryRow) {
    await tx.insertInto('exercise_lessons').values(row).execute();
    await tx.insertInto('exercise_lesson_history').values(first).execute();
  },

  byId: (db: Executor, id: string) =>
    db.selectFrom('exercise_lessons').selectAll().where('id', '=', id).executeTakeFirst(),

  /** The lessons an exercise taught, oldest first. */
  ofExercise: (db: Executor, exerciseId: string) =>
    db
      .selectFrom('exercise_lessons')
      .selectAll()
      .where('exercise_id', '=', exerciseId)
      .orderBy('created_at')
      .orderBy('id')
      .execute(),

  /**
   * The lessons of earlier exercises carried to one created at `createdAt`: those still open, or closed only
   * after it was created (their closing is part of its follow-up). Oldest first.
   */
  carriedTo: (db: Executor, exerciseId: string, createdAt: string) =>
    db
      .selectFrom('exercise_lessons as l')
      .innerJoin('exercises as e', 'e.id', 'l.exercise_id')
      .selectAll('l')
      .select('e.number as exercise_number')
      .where('l.exercise_id', '!=', exerciseId)
      .where('e.created_at', '<', createdAt)
      .where((eb) => eb.or([eb('l.status', '!=', 'done'), eb('l.closed_at', '>', createdAt)]))
      .orderBy('l.created_at')
      .orderBy('l.id')
      .execute(),

  historyOf: (db: Executor, lessonIds: readonly string[]) =>
    lessonIds.length === 0
      ? Promise.resolve([] as LessonHistoryRow[])
      : db
          .selectFrom('exercise_lesson_history')
          .selectAll()
          .where('lesson_id', 'in', [...lessonIds])
          .orderBy('at')
          .orderBy('id')
          .execute(),

  /** A follow-up at the version the caller saw; false when another change came first. */
  async followUp(
    tx: Tx,
    l: { id: string; version: number; status: LessonRow['status']; closedAt: string | null },
    entry: LessonHistoryRow,
  ): Promise<boolean> {
    if (!(await atVersion(tx, l, { status: l.status, closed_at: l.closedAt }))) return false;
    await tx.insertInto('exercise_lesson_history').values(entry).execute();
    return true;
  },

  /** The text and owning person at the version the caller saw; false when another change came first. */
  async edit(
    tx: Tx,
    l: { id: string; version: number; text: string; person: string | null },
  ): Promise<boolean> {
    return atVersion(tx, l, { text: l.text, owner_user_id: l.person });
  },
};

/** Changes a lesson only at the version the caller saw, moving it on by one; false when another change came first. */
async function atVersion(
  tx: Tx,
  l: { id: string; version: number },
  set: Partial<Pick<LessonRow, 'status' | 'closed_at' | 'text' | 'owner_user_id'>>,
): Promise<boolean> {
  const r = await tx
    .updateTable('exercise_lessons')
    .set({ ...set, version: l.version + 1 })
    .where('id', '=', l.id)
    .where('version', '=', l.version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
