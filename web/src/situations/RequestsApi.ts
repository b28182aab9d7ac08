import { queryOptions } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type {
  MoveInput,
  RequestInput,
  RequestListOut,
  RequestOut,
} from '../../../src/features/situations/requests.schemas.js';
import { newIdempotencyKey, request } from '../api.js';

// The calls of a situation's requests (要請), typed from the server's schemas (type-only).

export type SituationRequest = Static<typeof RequestOut>;
export type RequestBodyState = SituationRequest['bodies'][number];
export type RequestState = RequestBodyState['state'];
export type NewRequest = Static<typeof RequestInput>;
export type Move = Static<typeof MoveInput>;
export const MOVES: readonly Move['state'][] = ['acknowledged', 'in_progress', 'done'];
export const STATES: readonly RequestState[] = ['issued', ...MOVES];

const pathOf = (id: string) => `/api/v1/situations/${encodeURIComponent(id)}/requests`;

export const requestsApi = {
  list: (id: string, signal?: AbortSignal) =>
    request<Static<typeof RequestListOut>>('GET', pathOf(id), signal ? { signal } : {}),
  issue: (id: string, input: NewRequest, idempotencyKey = newIdempotencyKey()) =>
    request<SituationRequest>('POST', pathOf(id), { body: input, idempotencyKey }),
  amend: (id: string, requestId: string, input: { dueAt: string; version: number }) =>
    request<SituationRequest>('POST', `${pathOf(id)}/${encodeURIComponent(requestId)}/due`, { body: input }),
  withdraw: (id: string, requestId: string, input: { version: number; note?: string }) =>
    request<SituationRequest>('POST', `${pathOf(id)}/${encodeURIComponent(requestId)}/withdraw`, {
      body: input,
    }),
  move: (id: string, requestId: string, input: Move) =>
    request<SituationRequest>('POST', `${pathOf(id)}/${encodeURIComponent(requestId)}/moves`, {
      body: input,
    }),
};

/** ['situations', id, 'requests']: made stale by the situation's live events (liveQueries.ts). */
export const requestQueries = {
  list: (id: string) =>
    queryOptions({
      queryKey: ['situations', id, 'requests'],
      queryFn: ({ signal }) => requestsApi.list(id, signal),
    }),
};
