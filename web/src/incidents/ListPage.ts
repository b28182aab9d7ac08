import { useEffect, useEffectEvent, useState } from 'react';
import { ApiError } from '../api.js';
import { type Incident, type IncidentPage, incidentsApi } from './incidents.api.js';

export interface PageState {
  /** The page shown: the last one loaded, kept while the next loads so that nothing jumps. */
  page: IncidentPage | null;
  /** The query string `page` answers; differs from the one asked while loading. */
  shown: string;
  error: ApiError | null;
  busy: boolean;
}

/**
 * Loads one page of the list for a query string, again whenever `version` changes (a live event). The page
 * shown stays until the new one arrives: a reload in place keeps the table, its scroll and the focus.
 */
export function useIncidentPage(
  query: string,
  version: number,
  onLoaded: (items: Incident[]) => void,
): PageState {
  const [state, setState] = useState<PageState>({ page: null, shown: '', error: null, busy: true });
  const loaded = useEffectEvent(onLoaded);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` is the signal to load again.
  useEffect(() => {
    const abort = new AbortController();
    setState((s) => ({ ...s, busy: true }));
    incidentsApi.list(query, abort.signal).then(
      (page) => {
        setState({ page, shown: query, error: null, busy: false });
        loaded(page.items);
      },
      (e: unknown) => {
        if (abort.signal.aborted) return;
        const error = e instanceof ApiError ? e : new ApiError(0, 'network', '');
        setState({ page: null, shown: query, error, busy: false });
      },
    );
    return () => abort.abort();
  }, [query, version]);

  return state;
}
