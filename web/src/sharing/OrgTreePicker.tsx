import { type KeyboardEvent, useMemo, useState } from 'react';
import type { Org } from '../admin/admin.api.js';
import { orgName } from '../format.js';
import type { MessageKey } from '../i18n.js';
import { useLang } from '../lang.js';
import { useFocusAfterRender } from '../ui/focus.js';
import { OrgChips } from './OrgChips.js';
import { filterGroups, groupsOf, type MinistryGroup, slugsOf, withSlugs } from './orgSearch.js';
import './orgPicker.css';

const boxId = (slug: string) => `audience-org-${slug}`;

/**
 * The chosen bodies as a tree: the center at the root, each ministry with its agencies folded beneath it, a
 * search that narrows the tree, the chosen ones as removable chips and a count read out as it changes. What it
 * changes is the same list of slugs the flat list of checkboxes changed.
 */
export function OrgTreePicker({
  orgs,
  selected,
  includeAgencies,
  error,
  onChange,
  legend = 'compose.orgs',
  includeLabel = 'compose.includeAgencies',
}: {
  orgs: readonly Org[];
  selected: readonly string[];
  includeAgencies: boolean;
  error: string | undefined;
  onChange: (patch: { orgs?: string[]; includeAgencies?: boolean }) => void;
  /** What the tree chooses for (共有する組織 in the share composer; another screen names its own). */
  legend?: MessageKey;
  includeLabel?: MessageKey;
}) {
  const { t, lang } = useLang();
  const [query, setQuery] = useState('');
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const focusAfterRender = useFocusAfterRender();
  const groups = useMemo(() => groupsOf(orgs), [orgs]);
  const shown = useMemo(() => filterGroups(groups, query), [groups, query]);
  const center = orgs.find((o) => o.kind === 'center');
  const searching = query.trim() !== '';
  const chosen = new Set(selected);
  const set = (slugs: readonly string[], on: boolean) => onChange({ orgs: withSlugs(selected, slugs, on) });
  const toggleOpen = (slug: string) =>
    setExpanded((current) => {
      const next = new Set(current);
      if (!next.delete(slug)) next.add(slug);
      return next;
    });
  // Enter in the search box narrows; it must not send the share.
  const keepForm = (event: KeyboardEvent) => {
    if (event.key === 'Enter') event.preventDefault();
  };

  const box = (org: Org) => (
    <span className="check">
      <input
        type="checkbox"
        id={boxId(org.slug)}
        checked={chosen.has(org.slug)}
        onChange={(e) => set([org.slug], e.target.checked)}
      />
      <label htmlFor={boxId(org.slug)}>{orgName(org, lang)}</label>
    </span>
  );

  const group = ({ ministry, agencies }: MinistryGroup) => {
    const name = orgName(ministry, lang);
    const listId = `share-orgs-group-${ministry.slug}`;
    const open = searching || expanded.has(ministry.slug);
    const whole = [ministry.slug, ...agencies.map((a) => a.slug)];
    const allChosen = whole.every((s) => chosen.has(s));
    const chosenBelow = agencies.filter((a) => chosen.has(a.slug)).length;
    return (
      <li key={ministry.slug} className="org-group">
        <div className="org-row">
          {agencies.length > 0 && !searching && (
            <button
              type="button"
              className="disclosure"
              aria-expanded={open}
              aria-controls={listId}
              onClick={() => toggleOpen(ministry.slug)}
            >
              <span aria-hidden="true">{open ? '▾' : '▸'}</span>
              <span className="visually-hidden">
                {t('compose.tree.agenciesOf', { name, count: agencies.length })}
              </span>
            </button>
          )}
          {box(ministry)}
          {agencies.length > 0 && (
            <button type="button" className="ghost group-select" onClick={() => set(whole, !allChosen)}>
              <span className="visually-hidden">{`${name}${lang === 'ja' ? '：' : ': '}`}</span>
              {t(allChosen ? 'compose.tree.unselectGroup' : 'compose.tree.selectGroup', {
                count: agencies.length,
              })}
            </button>
          )}
          {!open && chosenBelow > 0 && (
            <span className="muted">{t('compose.tree.chosenBelow', { count: chosenBelow })}</span>
          )}
        </div>
        {agencies.length > 0 && open && (
          <ul
            id={listId}
            className="plain-list nested"
            aria-label={t('compose.tree.agenciesOf', { name, count: agencies.length })}
          >
            {agencies.map((agency) => (
              <li key={agency.slug}>{box(agency)}</li>
            ))}
          </ul>
        )}
      </li>
    );
  };

  return (
    <fieldset
      id="share-orgs"
      className={`org-picker${error ? ' invalid' : ''}`}
      aria-describedby={error ? 'share-orgs-error' : undefined}
      tabIndex={-1}
    >
      <legend>{t(legend)}</legend>
      {error && (
        <p id="share-orgs-error" className="field-error">
          {error}
        </p>
      )}
      <div className="org-search">
        <label htmlFor="share-orgs-search">{t('compose.tree.search')}</label>
        <input
          id="share-orgs-search"
          type="search"
          autoComplete="off"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={keepForm}
        />
      </div>
      <p id="share-orgs-count" className="org-count" aria-live="polite">
        {t('compose.tree.count', { count: selected.length })}
      </p>
      <div className="org-bulk">
        <button type="button" disabled={shown.length === 0} onClick={() => set(slugsOf(shown), true)}>
          {t(searching ? 'compose.tree.allShown' : 'compose.tree.all')}
        </button>
        <button type="button" disabled={selected.length === 0} onClick={() => onChange({ orgs: [] })}>
          {t('compose.tree.none')}
        </button>
      </div>
      <OrgChips
        orgs={orgs}
        selected={selected}
        onRemove={(slug, next) => {
          set([slug], false);
          focusAfterRender(() => document.getElementById(next ?? 'share-orgs-search'));
        }}
      />
      <p className="org-root">{center ? orgName(center, lang) : t('orgs.kind.center')}</p>
      {shown.length === 0 ? (
        <p className="muted">{t('compose.tree.noMatch')}</p>
      ) : (
        <ul className="plain-list org-tree">{shown.map(group)}</ul>
      )}
      <div className="check include-agencies">
        <input
          type="checkbox"
          id="share-include-agencies"
          checked={includeAgencies}
          onChange={(e) => onChange({ includeAgencies: e.target.checked })}
        />
        <label htmlFor="share-include-agencies">{t(includeLabel)}</label>
      </div>
    </fieldset>
  );
}
