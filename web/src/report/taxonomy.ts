import { useEffect, useState } from 'react';
import type { Static } from 'typebox';
import type { TaxonomyOut } from '../../../src/features/incidents/incidents.schemas.js';
import { request } from '../api.js';

/** The categories profile of the deployment (GET /api/v1/taxonomy). */
export type Taxonomy = Static<typeof TaxonomyOut>;

// Asked once per page load: a deployment's profile does not change while it runs.
let loading: Promise<Taxonomy> | null = null;

/** The deployment's categories profile, or null until it is known (or when it could not be loaded). */
export function useTaxonomy(): Taxonomy | null {
  const [taxonomy, setTaxonomy] = useState<Taxonomy | null>(null);
  useEffect(() => {
    let live = true;
    loading ??= request<Taxonomy>('GET', '/api/v1/taxonomy');
    loading.then(
      (answer) => live && setTaxonomy(answer),
      () => {
        // Asked again by the next form that needs it; the select offers what is chosen meanwhile.
        loading = null;
      },
    );
    return () => {
      live = false;
    };
  }, []);
  return taxonomy;
}
