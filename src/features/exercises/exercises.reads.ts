import type { Executor } from '../../platform/db/database.js';
import { type ExerciseMark, exerciseMarksRepository } from './exercises.marks.repository.js';

export type { ExerciseMark };

/** The mark that exercise data carries in the API, live events, e-mails and webhooks. */
export interface ExerciseRef {
  id: string;
  number: string;
  name: string;
}

/** An exercise's mark as outputs carry it (no status). */
export const exerciseRef = (m: ExerciseMark): ExerciseRef => ({ id: m.id, number: m.number, name: m.name });

/** Whether an exercise is being played (its data may be created): running or paused. */
export const exerciseLive = (m: ExerciseMark | undefined): m is ExerciseMark =>
  m !== undefined && (m.status === 'running' || m.status === 'paused');

/**
 * What other features may know of exercises to mark and segregate their data: the number, name and status of
 * an exercise, never its scenario (participants must not learn the injects to come).
 */
export const exercisesReads = {
  /** The marks of these exercises (nulls ignored), by id. */
  marksOf: exerciseMarksRepository.marksOf,
  /** One exercise's mark, if it exists. */
  async markOf(db: Executor, id: string | null): Promise<ExerciseMark | undefined> {
    if (id === null) return undefined;
    return (await exerciseMarksRepository.marksOf(db, [id])).get(id);
  },
};

/** What a live event about data of this exercise adds to its payload: `{ exercise }`, nothing for real data. */
export async function exerciseEventMark(
  db: Executor,
  exerciseId: string | null,
): Promise<{ exercise?: ExerciseRef }> {
  const mark = await exercisesReads.markOf(db, exerciseId);
  return mark ? { exercise: exerciseRef(mark) } : {};
}
