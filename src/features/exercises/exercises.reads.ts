import type { Executor } from '../../platform/db/database.js';
import { type ExerciseMark, exerciseMarksRepository } from './exercises.marks.repository.js';
import { type Participation, participationIn } from './exercises.participation.js';

export type { ExerciseMark, Participation };

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
  /** Who took part in the exercises ended in a period, with their timings (the annual report; figures only). */
  participationIn,
};

/**
 * The mark of data of this exercise among marks read (`marksOf`); undefined for real data. Exercise data stays
 * marked even should its exercise's row be gone (its number and name then empty).
 */
export function markOf(marks: Map<string, ExerciseMark>, exerciseId: string | null): ExerciseRef | undefined {
  if (exerciseId === null) return undefined;
  const mark = marks.get(exerciseId);
  return mark ? exerciseRef(mark) : { id: exerciseId, number: '', name: '' };
}

/** What a live event about data of this exercise adds to its payload: `{ exercise }`, nothing for real data. */
export async function exerciseEventMark(
  db: Executor,
  exerciseId: string | null,
): Promise<{ exercise?: ExerciseRef }> {
  const mark = await exercisesReads.markOf(db, exerciseId);
  return mark ? { exercise: exerciseRef(mark) } : {};
}
