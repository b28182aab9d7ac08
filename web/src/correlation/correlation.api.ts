import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type {
  ClusterListOut,
  ClusterOut,
  CorrelationsOut,
  ShareDraftOut,
  SharedPageOut,
} from '../../../src/features/correlation/correlation.schemas.js';
import { request } from '../api.js';

export type Correlations = Static<typeof CorrelationsOut>;
export type SharedPage = Static<typeof SharedPageOut>;
export type ClusterList = Static<typeof ClusterListOut>;
export type Cluster = Static<typeof ClusterOut>;
export type ShareDraft = Static<typeof ShareDraftOut>;

/** Correlated incidents a page (the server's default), and shared values a further page. */
export const CORRELATIONS_PAGE = 50;
const SHARED_PAGE = 200;

export const clusterPath = (id: string) => `/correlations/${encodeURIComponent(id)}`;

// Keys under the incident (an incident's page refreshes them) and under ['correlations'] (correlation.found).
export const correlationQueries = {
  /** One page of the incidents correlated with this one: `size` of them after `cursor` (the first without). */
  ofIncident: (id: string, size = CORRELATIONS_PAGE, cursor: string | null = null) =>
    queryOptions({
      queryKey: ['incidents', id, 'correlations', size, cursor],
      queryFn: () =>
        request<Correlations>(
          'GET',
          `/api/v1/incidents/${encodeURIComponent(id)}/correlations?limit=${size}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        ),
    }),
  /** The values shared with one correlated incident beyond those its entry showed, a page at a time. */
  sharedWith: (id: string, otherId: string, first: string) =>
    infiniteQueryOptions({
      queryKey: ['incidents', id, 'correlations', 'with', otherId, first],
      initialPageParam: first,
      getNextPageParam: (page: SharedPage) => page.nextCursor,
      queryFn: ({ pageParam }) =>
        request<SharedPage>(
          'GET',
          `/api/v1/incidents/${encodeURIComponent(id)}/correlations/${encodeURIComponent(otherId)}?limit=${SHARED_PAGE}&cursor=${encodeURIComponent(pageParam)}`,
        ),
    }),
  /** One page of the clusters: `size` of them after `cursor` (the first page without). */
  clusters: (size: number, cursor: string | null) =>
    queryOptions({
      queryKey: ['correlations', 'clusters', size, cursor],
      queryFn: () =>
        request<ClusterList>(
          'GET',
          `/api/v1/correlations/clusters?limit=${size}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        ),
    }),
  cluster: (id: string) =>
    queryOptions({
      queryKey: ['correlations', 'cluster', id],
      queryFn: () => request<Cluster>('GET', `/api/v1/correlations/clusters/${encodeURIComponent(id)}`),
      retry: false,
    }),
};

export const draftShares = (id: string, body: { tlp: string; audience: { kind: 'all' | 'ministries' } }) =>
  request<ShareDraft>('POST', `/api/v1/correlations/clusters/${encodeURIComponent(id)}/share-draft`, {
    body,
  });
