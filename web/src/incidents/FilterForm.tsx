import { type Ref, useState } from 'react';
import { SEVERITIES } from '../../../src/features/incidents/vocabulary.js';
import type { Me } from '../api.js';
import { useLang } from '../lang.js';
import { CategoryOptions, taxonomyKey } from '../report/CategoryOptions.js';
import { useTaxonomy } from '../report/taxonomy.js';
import { FilterOrg } from './FilterOrg.js';
import { FilterPeriod } from './FilterPeriod.js';
import { FilterSearch } from './FilterSearch.js';
import { SORTS } from './incidents.api.js';
import { activeFilters, type ListView } from './ListView.js';

// Wide screens open the filters; a phone starts with them folded so that the list is in sight.
const WIDE = '(min-width: 40rem)';

/** The search box and the filters, applied as they change; the search once typing pauses. */
export function FilterForm({
  me,
  view,
  now,
  searchRef,
  onChange,
  onSearch,
  onClear,
}: {
  me: Me;
  view: ListView;
  now: Date;
  searchRef: Ref<HTMLInputElement>;
  onChange: (change: Partial<ListView>) => void;
  onSearch: (q: string) => void;
  onClear: () => void;
}) {
  const { t } = useLang();
  const taxonomy = useTaxonomy();
  const [open, setOpen] = useState(() => window.matchMedia(WIDE).matches || activeFilters(view) > 0);
  const active = activeFilters(view);
  const select = (name: 'status' | 'severity' | 'category') => ({
    id: `filter-${name}`,
    value: view[name],
    // Each select offers only values of its own field.
    onChange: (e: { target: { value: string } }) => onChange({ [name]: e.target.value } as Partial<ListView>),
  });

  return (
    <search className="list-filters" aria-labelledby="filter-heading">
      <form className="card" onSubmit={(e) => e.preventDefault()}>
        <FilterSearch q={view.q} onSearch={onSearch} inputRef={searchRef} />
        <details open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
          <summary>
            <span id="filter-heading">{t('filter.heading')}</span>
            {active > 0 && <span className="muted"> {t('filter.active', { n: active })}</span>}
          </summary>
          <div className="filter-grid">
            <div className="field">
              <label htmlFor="filter-status">{t('filter.status')}</label>
              <select {...select('status')}>
                <option value="">{t('filter.any')}</option>
                <option value="open">{t('list.status.open')}</option>
                <option value="final">{t('list.status.final')}</option>
              </select>
            </div>
            <div className="field">
              <label htmlFor="filter-severity">{t('filter.severity')}</label>
              <select {...select('severity')}>
                <option value="">{t('filter.any')}</option>
                {[...SEVERITIES].reverse().map((s) => (
                  <option key={s} value={s}>
                    {t(`severity.${s}`)}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="filter-category">{t('filter.category')}</label>
              <select key={taxonomyKey(taxonomy)} {...select('category')}>
                <option value="">{t('filter.any')}</option>
                <CategoryOptions taxonomy={taxonomy} current={view.category} withRsit />
              </select>
            </div>
            {me.org.kind !== 'agency' && <FilterOrg me={me} view={view} onChange={onChange} />}
            <div className="field">
              <label htmlFor="filter-sort">{t('filter.sort')}</label>
              <select
                id="filter-sort"
                value={view.sort}
                onChange={(e) => onChange({ sort: e.target.value as ListView['sort'] })}
              >
                {SORTS.map((s) => (
                  <option key={s} value={s}>
                    {t(`filter.sort.${s}`)}
                  </option>
                ))}
              </select>
            </div>
            <FilterPeriod view={view} now={now} onChange={onChange} />
          </div>
        </details>
        {active > 0 && (
          <button type="button" className="clear-filters" onClick={onClear}>
            {t('filter.clear')}
          </button>
        )}
      </form>
    </search>
  );
}
