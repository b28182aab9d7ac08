import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useEffectEvent } from 'react';
import { ApiError } from '../api.js';
import { type Incident, type IncidentPage, incidentQueries } from './incidents.api.js';

export interface PageState {
  /** The page shown: the last one loaded, kept while the next loads so that nothing jumps. */
  page: IncidentPage | null;
  error: ApiError | null;
  busy: boolean;
}

/** Any failure as the API's problem (a network failure has the code `network`). */
export const asApiError = (e: unknown): ApiError =>
  e instanceof ApiError ? e : new ApiError(0, 'network', '');

/**
 * Loads one page of the list for a query string, again when a live event makes the list stale. The page shown
 * stays until the new one arrives: a reload in place keeps the table, its scroll and the focus.
 */
export function useIncidentPage(query: string, onLoaded: (items: Incident[]) => void): PageState {
  const { data, error, isFetching, isPlaceholderData } = useQuery({
    ...incidentQueries.list(query),
    placeholderData: keepPreviousData,
  });
  const loaded = useEffectEvent(onLoaded);
  useEffect(() => {
    if (data && !isPlaceholderData) loaded(data.items);
  }, [data, isPlaceholderData]);
  return { page: error ? null : (data ?? null), error: error ? asApiError(error) : null, busy: isFetching };
}
