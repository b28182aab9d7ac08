import { queryOptions } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type { OrgOut, ReviewDeadlineOut } from '../../src/features/orgs/orgs.schemas.js';
import { request } from './api.js';

export type Org = Static<typeof OrgOut>;
export type ReviewDeadline = Static<typeof ReviewDeadlineOut>;
export interface OrgList {
  items: Org[];
  reviewDeadline: ReviewDeadline;
}

/** Every body the user may name (GET /api/v1/orgs), with the server's default review deadline. */
export const orgsApi = {
  list: (signal?: AbortSignal) => request<OrgList>('GET', '/api/v1/orgs', signal ? { signal } : {}),
};

/**
 * The one query of the bodies, under ['orgs'], shared by every screen that names, picks or draws them (lists,
 * filters, the composer, the dashboard's tree, the live panel). Bodies rarely change: a screen that changes one
 * invalidates ['orgs'].
 */
export const orgQueries = {
  list: () => queryOptions({ queryKey: ['orgs'], queryFn: ({ signal }) => orgsApi.list(signal) }),
};
