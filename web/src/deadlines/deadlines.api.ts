import { queryOptions } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type {
  AssessmentHistoryOut,
  AssessmentInput,
  AssessmentOut,
} from '../../../src/features/assessments/assessments.schemas.js';
import type { IncidentDeadlinesOut } from '../../../src/features/deadlines/deadlines.schemas.js';
import { request } from '../api.js';

// The calls of an incident's impact assessment and reporting clocks, typed from the server's schemas.

export type Assessment = Static<typeof AssessmentOut>;
export type AssessmentDraft = Static<typeof AssessmentInput>;
export type IncidentDeadlines = Static<typeof IncidentDeadlinesOut>;

const path = (id: string) => `/api/v1/incidents/${encodeURIComponent(id)}`;

export const deadlinesApi = {
  assessment: (incidentId: string, signal: AbortSignal) =>
    request<Static<typeof AssessmentHistoryOut>>('GET', `${path(incidentId)}/assessment`, { signal }),
  deadlines: (incidentId: string, signal: AbortSignal) =>
    request<IncidentDeadlines>('GET', `${path(incidentId)}/deadlines`, { signal }),
  /** Records a new version on the one read; the same key sent again records it once. */
  record: (incidentId: string, draft: AssessmentDraft, idempotencyKey: string) =>
    request<Assessment>('POST', `${path(incidentId)}/assessment`, { body: draft, idempotencyKey }),
};

/** Under ['incidents', id]: stale with the incident's live events (liveQueries.ts). */
export const deadlinesQueries = {
  assessment: (incidentId: string) =>
    queryOptions({
      queryKey: ['incidents', incidentId, 'assessment'],
      queryFn: ({ signal }) => deadlinesApi.assessment(incidentId, signal),
    }),
  deadlines: (incidentId: string) =>
    queryOptions({
      queryKey: ['incidents', incidentId, 'deadlines'],
      queryFn: ({ signal }) => deadlinesApi.deadlines(incidentId, signal),
    }),
};
