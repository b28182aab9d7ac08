import type { Org } from '../admin/admin.api.js';

// The composer's recipient tree: the ministries with their agencies beneath, narrowed by what is typed. A name
// is found however it is typed: half-width katakana (ｶﾞｲﾑ) and full-width letters (ＭＩＣ) fold to their usual
// form (NFKC), case is ignored, and invisible characters pasted with a name (zero-width spaces, joiners, BOM,
// soft hyphens) are ignored on both sides.

const INVISIBLE = /[\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\uFEFF]/g;

/** A text as the search compares it. Invisible characters go first, so that ｶ + ﾞ split by one still join. */
export const foldForSearch = (text: string): string =>
  text.replace(INVISIBLE, '').normalize('NFKC').replace(INVISIBLE, '').toUpperCase().toLowerCase().trim();

/** A ministry and the agencies it supervises, in the order the server lists them. */
export interface MinistryGroup {
  ministry: Org;
  agencies: Org[];
}

/** The recipients the composer offers: every ministry with its agencies (the center is the tree's root, not a recipient). */
export function groupsOf(orgs: readonly Org[]): MinistryGroup[] {
  return orgs
    .filter((o) => o.kind === 'ministry')
    .map((ministry) => ({
      ministry,
      agencies: orgs.filter((o) => o.kind === 'agency' && o.parent === ministry.slug),
    }));
}

const matches = (org: Org, needle: string) =>
  [org.nameJa, org.nameEn, org.slug, ...org.aliases].some((text) => foldForSearch(text).includes(needle));

/**
 * The groups shown for a query: a ministry that matches comes with all its agencies; otherwise a ministry is
 * shown (as the place of its agencies) when one of its agencies matches, with only those agencies.
 */
export function filterGroups(groups: readonly MinistryGroup[], query: string): MinistryGroup[] {
  const needle = foldForSearch(query);
  if (needle === '') return [...groups];
  const shown: MinistryGroup[] = [];
  for (const group of groups) {
    if (matches(group.ministry, needle)) shown.push(group);
    else {
      const agencies = group.agencies.filter((a) => matches(a, needle));
      if (agencies.length > 0) shown.push({ ministry: group.ministry, agencies });
    }
  }
  return shown;
}

/** The slugs a set of groups shows, ministries first in each group, as selecting "all shown" adds them. */
export const slugsOf = (groups: readonly MinistryGroup[]): string[] =>
  groups.flatMap((g) => [g.ministry.slug, ...g.agencies.map((a) => a.slug)]);

/** `selected` with `slugs` added (kept in the order chosen, each once) or taken away. */
export function withSlugs(selected: readonly string[], slugs: readonly string[], on: boolean): string[] {
  if (!on) return selected.filter((s) => !slugs.includes(s));
  return [...selected, ...slugs.filter((s, i) => !selected.includes(s) && slugs.indexOf(s) === i)];
}
