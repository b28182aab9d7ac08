import type { Org } from '../admin/admin.api.js';
import type { NewSituation, ScopeKind } from './situations.api.js';

/** The scope as the declaration form holds it: a kind, and for named bodies the chosen slugs. */
export interface ScopeValues {
  kind: ScopeKind;
  orgs: string[];
  withAgencies: boolean;
}

export const NO_SCOPE: ScopeValues = { kind: 'all', orgs: [], withAgencies: true };

/**
 * How many bodies the declaration will ask, as the server resolves the scope: every body but the center, every
 * ministry, or the named bodies with (when asked) the agencies of the named ministries.
 */
export function askedCount(scope: ScopeValues, orgs: readonly Org[]): number {
  if (scope.kind === 'all') return orgs.filter((o) => o.kind !== 'center').length;
  if (scope.kind === 'ministries') return orgs.filter((o) => o.kind === 'ministry').length;
  const asked = new Set(scope.orgs);
  if (scope.withAgencies)
    for (const o of orgs)
      if (o.parent && scope.orgs.includes(o.parent) && o.kind === 'agency') asked.add(o.slug);
  return asked.size;
}

/** The scope as the API takes it. */
export function scopeInput(scope: ScopeValues, orgs: readonly Org[]): NewSituation['scope'] {
  if (scope.kind !== 'bodies') return { kind: scope.kind };
  return {
    kind: 'bodies',
    bodies: scope.orgs.map((slug) => ({
      orgSlug: slug,
      withAgencies: scope.withAgencies && orgs.find((o) => o.slug === slug)?.kind === 'ministry',
    })),
  };
}
