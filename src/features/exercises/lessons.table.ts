/** Lessons learned (教訓) of exercises and their follow-up (migration 0029). Private to the feature. */
export interface LessonsTables {
  exercise_lessons: ExerciseLessonsTable;
  exercise_lesson_history: ExerciseLessonHistoryTable;
}

export type LessonStatus = 'open' | 'in_progress' | 'done';

export interface ExerciseLessonsTable {
  id: string;
  /** The exercise that taught it; an open lesson is carried to the later ones (the same row). */
  exercise_id: string;
  text: string;
  owner_org_id: string;
  owner_user_id: string | null;
  status: LessonStatus;
  /** YYYY-MM-DD, optional. */
  due_on: string | null;
  created_at: string;
  created_by: string;
  /** When it was last set done (null while open or in progress). */
  closed_at: string | null;
  version: number;
}

export interface ExerciseLessonHistoryTable {
  id: string;
  lesson_id: string;
  at: string;
  by: string;
  status: LessonStatus;
  note: string | null;
}
