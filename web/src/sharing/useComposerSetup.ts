import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { ApiError, api } from '../api.js';
import { type Org, orgQueries } from '../orgs.queries.js';
import { type ComposerValues, composerOf, emptyComposer } from './composer.values.js';
import { type Share, sharingApi } from './sharing.api.js';

export interface ComposerSetup {
  /** The values to start from; null while loading. */
  initial: ComposerValues | null;
  /** The share being edited (its stored, already redacted content and its sources). */
  editing: Share | null;
  orgs: Org[];
  error: ApiError | null;
}

/**
 * What the composer starts from: a blank share, one prefilled from an incident (`?from=`, as the incident page
 * links), or a stored share to edit; and the bodies, for the audience and to name the sources' bodies.
 */
export function useComposerSetup(editId: string | null, fromIncident: string | null): ComposerSetup {
  const client = useQueryClient();
  const [setup, setSetup] = useState<ComposerSetup>({ initial: null, editing: null, orgs: [], error: null });
  useEffect(() => {
    const abort = new AbortController();
    const { signal } = abort;
    const start = async (): Promise<Pick<ComposerSetup, 'initial' | 'editing'>> => {
      if (editId) {
        const share = await sharingApi.share(editId, signal);
        return { initial: composerOf(share), editing: share };
      }
      const blank = emptyComposer();
      if (!fromIncident) return { initial: blank, editing: null };
      const incident = await api.incident(fromIncident, signal);
      const source = { id: incident.id, title: incident.title, org: incident.org };
      return {
        initial: { ...blank, title: incident.title, body: incident.summary, sources: [source] },
        editing: null,
      };
    };
    Promise.all([start(), client.ensureQueryData(orgQueries.list())]).then(
      ([started, orgs]) => setSetup({ ...started, orgs: orgs.items, error: null }),
      (e: unknown) => {
        if (!signal.aborted)
          setSetup((s) => ({ ...s, error: e instanceof ApiError ? e : new ApiError(0, 'network', '') }));
      },
    );
    return () => abort.abort();
  }, [editId, fromIncident, client]);
  return setup;
}
