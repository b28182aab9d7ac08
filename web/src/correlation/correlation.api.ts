import { queryOptions } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type {
  ClusterListOut,
  ClusterOut,
  CorrelationsOut,
  ShareDraftOut,
} from '../../../src/features/correlation/correlation.schemas.js';
import { request } from '../api.js';

export type Correlations = Static<typeof CorrelationsOut>;
export type ClusterList = Static<typeof ClusterListOut>;
export type Cluster = Static<typeof ClusterOut>;
export type ShareDraft = Static<typeof ShareDraftOut>;

export const clusterPath = (id: string) => `/correlations/${encodeURIComponent(id)}`;

// Keys under the incident (an incident's page refreshes them) and under ['correlations'] (correlation.found).
export const correlationQueries = {
  ofIncident: (id: string) =>
    queryOptions({
      queryKey: ['incidents', id, 'correlations'],
      queryFn: () => request<Correlations>('GET', `/api/v1/incidents/${encodeURIComponent(id)}/correlations`),
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
