import type { Org } from '../admin/admin.api.js';
import { orgName } from '../format.js';
import { useLang } from '../lang.js';

export const chipId = (slug: string) => `share-orgs-chip-${slug}`;

/**
 * The chosen bodies, one removable chip each. Removing one hands the focus to the chip that takes its place
 * (or the one before, or — the last gone — to the caller's default), so that the keyboard never falls to the
 * top of the page.
 */
export function OrgChips({
  orgs,
  selected,
  onRemove,
}: {
  orgs: readonly Org[];
  selected: readonly string[];
  onRemove: (slug: string, focusNext: string | null) => void;
}) {
  const { t, lang } = useLang();
  if (selected.length === 0) return null;
  const nameOf = (slug: string) => {
    const org = orgs.find((o) => o.slug === slug);
    return org ? orgName(org, lang) : slug;
  };
  return (
    <ul className="plain-list org-chips" aria-label={t('compose.tree.chosen')}>
      {selected.map((slug, i) => {
        const next = selected[i + 1] ?? selected[i - 1];
        return (
          <li key={slug}>
            <button
              type="button"
              id={chipId(slug)}
              className="chip"
              onClick={() => onRemove(slug, next ? chipId(next) : null)}
            >
              <span aria-hidden="true">{nameOf(slug)} ×</span>
              <span className="visually-hidden">{t('compose.tree.remove', { name: nameOf(slug) })}</span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
