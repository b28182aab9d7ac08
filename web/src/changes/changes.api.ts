import { queryOptions } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type {
  ChangeListOut,
  ChangeOut,
  ConfirmedOut,
} from '../../../src/features/changes/changes.schemas.js';
import { request } from '../api.js';

// The calls of 確認待ちの変更, typed from the server's schemas (type-only imports).

export type Change = Static<typeof ChangeOut>;
export type Confirmed = Static<typeof ConfirmedOut>;
export type ChangeFilter = 'pending' | 'all';

const changePath = (id: string) => `/api/v1/changes/${encodeURIComponent(id)}`;

export const changesApi = {
  list: (status: ChangeFilter, signal?: AbortSignal) =>
    request<Static<typeof ChangeListOut>>(
      'GET',
      `/api/v1/changes?status=${status}`,
      signal ? { signal } : {},
    ),
  confirm: (id: string) => request<Confirmed>('POST', `${changePath(id)}/confirm`, { body: {} }),
  reject: (id: string, reason: string) =>
    request<Change>('POST', `${changePath(id)}/reject`, { body: reason ? { reason } : {} }),
};

/** The changes of my body (or of my requests), by filter: ['changes', filter]. */
export const changeQueries = {
  list: (status: ChangeFilter) =>
    queryOptions({ queryKey: ['changes', status], queryFn: ({ signal }) => changesApi.list(status, signal) }),
};

/**
 * Whether what a change-making call answered is a change waiting for confirmation (202) rather than the thing
 * changed: the server asks instead of changing when the caller is not the body's own security officer.
 */
export const isAsked = (answer: unknown): answer is Change =>
  typeof answer === 'object' &&
  answer !== null &&
  'confirmBy' in answer &&
  'kind' in answer &&
  (answer as { status?: unknown }).status === 'pending';
