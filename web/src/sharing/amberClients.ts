import type { Share } from './sharing.api.js';
import { recipientsOf, type Stricter } from './stricter.js';

// Under TLP:AMBER a ministry's agencies receive a share as its clients: the server adds them to the recipients
// of every ministry it goes to (share-design, "TLP expansion"). What that means for a body tightening terms.

/** A body of the organization tree, as GET /api/v1/orgs lists it (`parent`: the ministry's slug). */
export interface TreeOrg {
  slug: string;
  parent: string | null;
}

const parentOf = (tree: readonly TreeOrg[], slug: string) =>
  tree.find((o) => o.slug === slug)?.parent ?? null;

/**
 * The bodies unticked that still receive the share under TLP:AMBER, because their ministry stays ticked: each
 * with that ministry. Empty under any other TLP, and for named people (TLP:RED).
 */
export function stillClients(
  share: Share,
  s: Stricter,
  tree: readonly TreeOrg[],
): { agency: string; ministry: string }[] {
  if (s.tlp !== 'TLP:AMBER' || share.audience.kind === 'users') return [];
  return recipientsOf(share).flatMap((agency) => {
    const ministry = parentOf(tree, agency);
    return !s.kept.includes(agency) && ministry && s.kept.includes(ministry) ? [{ agency, ministry }] : [];
  });
}

/**
 * The bodies TLP:AMBER would add to a share asked under a looser TLP (TLP:CLEAR, TLP:GREEN): the agencies of
 * its ministries that were not asked. Choosing TLP:AMBER there would reach more people, which no approval may.
 */
export function amberAdds(share: Share, tree: readonly TreeOrg[]): string[] {
  if (share.tlp === 'TLP:AMBER' || share.audience.kind === 'users') return [];
  const asked = new Set(recipientsOf(share));
  return tree
    .filter((o) => o.parent !== null && asked.has(o.parent) && !asked.has(o.slug))
    .map((o) => o.slug);
}
