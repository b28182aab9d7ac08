import { queryOptions } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type { LessonListOut } from '../../../src/features/exercises/lessons.schemas.js';
import type { ReportOut } from '../../../src/features/exercises/report.schemas.js';
import { request } from '../api.js';

// The calls of an exercise's report and lessons, typed from the server's schemas (type-only).

export type ExerciseReport = Static<typeof ReportOut>;
export type LessonList = Static<typeof LessonListOut>;
export type Lesson = LessonList['items'][number];

const pathOf = (id: string) => `/api/v1/exercises/${encodeURIComponent(id)}`;

export const reportCsvHref = (id: string) => `${pathOf(id)}/report.csv`;

export const reportQueries = {
  report: (id: string) =>
    queryOptions({
      queryKey: ['exercises', id, 'report'],
      queryFn: ({ signal }) => request<ExerciseReport>('GET', `${pathOf(id)}/report`, { signal }),
    }),
  lessons: (id: string) =>
    queryOptions({
      queryKey: ['exercises', id, 'lessons'],
      queryFn: ({ signal }) => request<LessonList>('GET', `${pathOf(id)}/lessons`, { signal }),
    }),
};
