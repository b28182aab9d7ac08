import { queryOptions } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type {
  ExerciseDetailOut,
  ExerciseListOut,
} from '../../../src/features/exercises/exercises.schemas.js';
import type {
  AssigneesOut,
  LessonEditInput,
  LessonInput,
  LessonOut,
} from '../../../src/features/exercises/lessons.schemas.js';
import { ApiError, request } from '../api.js';

// The calls of exercise control (訓練の管理), typed from the server's schemas (type-only).

export type ExerciseList = Static<typeof ExerciseListOut>;
export type Exercise = ExerciseList['items'][number];
export type ExerciseDetail = Static<typeof ExerciseDetailOut>;
export type Inject = ExerciseDetail['injects'][number];
export type ControlAction = 'start' | 'pause' | 'resume' | 'end';
export type NewLesson = Static<typeof LessonInput>;
export type LessonStatus = Static<typeof LessonOut>['status'];
export type LessonEdit = Static<typeof LessonEditInput>;
export type Assignees = Static<typeof AssigneesOut>;

/** One problem of a scenario the server refused: its inject (index from 0) and field, a stable code. */
export interface ScenarioProblem {
  index: number | null;
  field: string | null;
  code: string;
  message: string;
}

/** The problems of a refused scenario (`exercises.scenario_invalid`), or none for any other refusal. */
export const problemsOf = (error: unknown): ScenarioProblem[] =>
  error instanceof ApiError && Array.isArray(error.extra.problems)
    ? (error.extra.problems as ScenarioProblem[])
    : [];

/** A scenario as sent: the document the builder made, or the text of a file. */
export type ScenarioSource = { scenario: Record<string, unknown> } | { file: string };

const base = '/api/v1/exercises';
const pathOf = (id: string) => `${base}/${encodeURIComponent(id)}`;

export const exercisesApi = {
  create: (source: ScenarioSource, idempotencyKey: string) =>
    request<ExerciseDetail>('POST', base, { body: source, idempotencyKey }),
  edit: (id: string, version: number, source: ScenarioSource) =>
    request<ExerciseDetail>('PUT', `${pathOf(id)}/scenario`, { body: { version, ...source } }),
  control: (id: string, action: ControlAction, version: number, idempotencyKey: string) =>
    request<ExerciseDetail>('POST', `${pathOf(id)}/${action}`, { body: { version }, idempotencyKey }),
  recordLesson: (id: string, lesson: NewLesson) =>
    request<unknown>('POST', `${pathOf(id)}/lessons`, { body: lesson }),
  editLesson: (lessonId: string, input: LessonEdit) =>
    request<Static<typeof LessonOut>>('PATCH', `/api/v1/exercise-lessons/${encodeURIComponent(lessonId)}`, {
      body: input,
    }),
  followUp: (lessonId: string, input: { status: LessonStatus; note?: string; version: number }) =>
    request<unknown>('POST', `/api/v1/exercise-lessons/${encodeURIComponent(lessonId)}/follow-up`, {
      body: input,
    }),
};

/** Exercise queries live under ['exercises']: the list, and each exercise with its report and lessons. */
export const exerciseQueries = {
  list: () =>
    queryOptions({
      queryKey: ['exercises', 'list'],
      queryFn: ({ signal }) => request<ExerciseList>('GET', base, { signal }),
    }),
  /** The people a coordinator may make a lesson's owner (the center's). */
  assignees: () =>
    queryOptions({
      queryKey: ['exercises', 'assignees'],
      queryFn: ({ signal }) => request<Assignees>('GET', '/api/v1/exercise-lessons/assignees', { signal }),
    }),
  one: (id: string) =>
    queryOptions({
      queryKey: ['exercises', id, 'control'],
      queryFn: ({ signal }) => request<ExerciseDetail>('GET', pathOf(id), { signal }),
    }),
};

/** An offset in seconds as scenarios write it: T+1h30m, T+0 for the start. */
export function offsetText(seconds: number): string {
  if (seconds === 0) return 'T+0';
  const d = Math.floor(seconds / 86_400);
  const h = Math.floor((seconds % 86_400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return `T+${d ? `${d}d` : ''}${h ? `${h}h` : ''}${m ? `${m}m` : ''}${s ? `${s}s` : ''}`;
}
