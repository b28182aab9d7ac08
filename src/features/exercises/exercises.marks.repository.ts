import type { Executor } from '../../platform/db/database.js';
import type { ExerciseStatus } from './exercises.table.js';

/** What marks exercise data: the exercise's id, number, name and status. */
export interface ExerciseMark {
  id: string;
  number: string;
  name: string;
  status: ExerciseStatus;
}

export const exerciseMarksRepository = {
  /** The marks of these exercises, by id; an id of no exercise is missing. */
  async marksOf(db: Executor, ids: readonly (string | null)[]): Promise<Map<string, ExerciseMark>> {
    const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
    if (wanted.length === 0) return new Map();
    const rows = await db
      .selectFrom('exercises')
      .select(['id', 'number', 'name', 'status'])
      .where('id', 'in', wanted)
      .execute();
    return new Map(rows.map((r) => [r.id, r]));
  },
};
