import type { Org, OrgCount } from './dashboard.api.js';

// The organization tree (center → ministries → agencies) with each body's open incidents, as the dashboard
// lists it.

export interface TreeNode {
  org: Org;
  /** The body's own open incidents, now. */
  open: number;
  agencies: TreeNode[];
  /** Open incidents of its agencies, so that a closed branch still shows there is something inside. */
  agenciesOpen: number;
}

/** The tree in the server's order (the government's own order of bodies); bodies above, agencies beneath. */
export function buildTree(orgs: Org[], byOrg: OrgCount[]): { roots: TreeNode[]; ministries: TreeNode[] } {
  const open = new Map(byOrg.map((o) => [o.slug, o.open]));
  const node = (org: Org, agencies: TreeNode[] = []): TreeNode => ({
    org,
    open: open.get(org.slug) ?? 0,
    agencies,
    agenciesOpen: agencies.reduce((n, a) => n + a.open, 0),
  });
  const agenciesOf = (slug: string) =>
    orgs.filter((o) => o.kind === 'agency' && o.parent === slug).map((o) => node(o));
  const ministries = orgs.filter((o) => o.kind === 'ministry').map((o) => node(o, agenciesOf(o.slug)));
  const roots = orgs.filter((o) => o.kind === 'center').map((o) => node(o));
  return { roots, ministries };
}

/** Where a click on a body leads: its incidents, a ministry's with those of its agencies. */
export function listPathOf(org: Org): string {
  const query = new URLSearchParams({ org: org.slug });
  if (org.kind === 'ministry') query.set('includeAgencies', 'true');
  return `/?${query}`;
}

/** The branch kept when only bodies with open incidents are shown (null when nothing is open there). */
export function openBranch(ministry: TreeNode): TreeNode | null {
  if (ministry.open === 0 && ministry.agenciesOpen === 0) return null;
  return { ...ministry, agencies: ministry.agencies.filter((a) => a.open > 0) };
}
