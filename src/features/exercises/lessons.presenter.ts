import type { LessonView } from './lessons.js';

/** A lesson as the API shows it. */
export const presentLesson = (v: LessonView) => ({
  id: v.row.id,
  exerciseId: v.row.exercise_id,
  exerciseNumber: v.exerciseNumber,
  text: v.row.text,
  owner: v.owner,
  person: v.person,
  status: v.row.status,
  dueOn: v.row.due_on,
  createdAt: v.row.created_at,
  closedAt: v.row.closed_at,
  version: v.row.version,
  history: v.history.map((h) => ({ at: h.at, by: h.byName, status: h.status, note: h.note })),
});
