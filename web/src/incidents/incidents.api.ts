import { queryOptions } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type {
  IncidentListOut,
  IncidentOut,
  ListQuery,
} from '../../../src/features/incidents/incidents.schemas.js';
import type { OrgOut } from '../../../src/features/orgs/orgs.schemas.js';
import { api, request } from '../api.js';

// The calls of the incident list and the review queue, typed from the server's schemas (type-only imports:
// nothing of the server is bundled).

export type Incident = Static<typeof IncidentOut>;
export type IncidentPage = Static<typeof IncidentListOut>;

/**
 * The orders the API offers (incidents.cursor.ts SORTS; that module is server code, not bundled). The first
 * is the default.
 */
export const SORTS = ['reported-desc', 'reported-asc', 'last-report-desc', 'severity-desc'] as const;
export type IncidentSort = (typeof SORTS)[number];
// TypeBox cannot name a union built from an array, so the sort is typed from the list above.
export type IncidentQuery = Omit<Static<typeof ListQuery>, 'sort'> & { sort?: IncidentSort };
export type Org = Static<typeof OrgOut>;

/** The query as a query string; absent and empty values are left out (the API refuses an empty enum). */
export function queryString(query: IncidentQuery): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query))
    if (value !== undefined && value !== '') params.set(name, String(value));
  return params.toString();
}

export const incidentsApi = {
  /** One page of the list; `query` is made by queryString. */
  list: (query: string, signal: AbortSignal) =>
    request<IncidentPage>('GET', `/api/v1/incidents?${query}`, { signal }),
  /** Forwards an agency report under review to the center; the same key sent again forwards it once. */
  forward: (id: string, note: string, idempotencyKey: string) =>
    request<Incident>('POST', `/api/v1/incidents/${encodeURIComponent(id)}/forward`, {
      body: note.trim() ? { note: note.trim() } : {},
      idempotencyKey,
    }),
};

/**
 * The incident queries, keyed from the general to the particular: ['incidents', 'list', query] for a page of a
 * list or queue, ['incidents', id] for one incident (and what hangs off it). Live events make them stale by
 * prefix (liveQueries.ts).
 */
export const incidentQueries = {
  list: (query: string) =>
    queryOptions({
      queryKey: ['incidents', 'list', query],
      queryFn: ({ signal }) => incidentsApi.list(query, signal),
    }),
  /** One incident with its reports, deliveries and state. */
  detail: (id: string) =>
    queryOptions({ queryKey: ['incidents', id], queryFn: ({ signal }) => api.incident(id, signal) }),
};
