import { aliasesOf, domainsOf, type OrgRow } from './orgs.directory.js';

/** A body as the API shows it: its parent by slug, its review deadline as it applies. */
export const presentOrg = (
  o: OrgRow,
  slugById: ReadonlyMap<string, string>,
  maxReviewDeadlineMinutes: number,
) => ({
  slug: o.slug,
  kind: o.kind,
  nameJa: o.name_ja,
  nameEn: o.name_en,
  parent: o.parent_id ? (slugById.get(o.parent_id) ?? null) : null,
  reviewMode: o.review_mode === 1,
  // A deadline set before the bound existed counts as the bound (see planRoute): shown as it applies.
  reviewDeadlineMinutes:
    o.review_deadline_minutes === null ? null : Math.min(o.review_deadline_minutes, maxReviewDeadlineMinutes),
  aliases: aliasesOf(o),
  domains: domainsOf(o),
});
