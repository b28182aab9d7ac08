import { useEffect, useRef, useState } from 'react';
import { useLang } from '../lang.js';
import { activeFilters, type InboxView, KINDS, MAX_Q, STATUSES_OF } from './inbox.view.js';

/**
 * The search box and the status and kind filters of the shares inbox. The selects apply as they change; the
 * search on Enter or its button (a term is sent whole, not letter by letter while a Japanese word is composed).
 */
export function ShareFilters({ view, onChange }: { view: InboxView; onChange: (next: InboxView) => void }) {
  const { t } = useLang();
  const [typed, setTyped] = useState(view.q);
  const search = useRef<HTMLInputElement>(null);
  // A term from elsewhere (back button, clearing) replaces what is in the box.
  useEffect(() => setTyped(view.q), [view.q]);
  const clear = () => {
    onChange({ ...view, status: '', kind: '', q: '' });
    search.current?.focus();
  };
  return (
    <search className="share-filters" aria-labelledby="share-filters-heading">
      <h2 id="share-filters-heading" className="visually-hidden">
        {t('shares.filters')}
      </h2>
      <form
        className="card"
        onSubmit={(e) => {
          e.preventDefault();
          onChange({ ...view, q: typed.trim() });
        }}
      >
        <div className="search">
          <label htmlFor="share-search">{t('shares.search')}</label>
          <input
            id="share-search"
            type="search"
            ref={search}
            value={typed}
            maxLength={MAX_Q}
            autoComplete="off"
            aria-describedby="share-search-hint"
            onChange={(e) => setTyped(e.target.value)}
          />
          <button type="submit">{t('shares.searchSubmit')}</button>
          <small id="share-search-hint" className="muted">
            {t('shares.searchHint')}
          </small>
        </div>
        <div className="share-filter-row">
          <div className="field">
            <label htmlFor="share-status">{t('shares.filter.status')}</label>
            <select
              id="share-status"
              value={view.status}
              onChange={(e) => onChange({ ...view, status: e.target.value as InboxView['status'] })}
            >
              <option value="">{t('filter.any')}</option>
              {STATUSES_OF[view.box].map((s) => (
                <option key={s} value={s}>
                  {t(`share.status.${s}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="share-kind">{t('shares.filter.kind')}</label>
            <select
              id="share-kind"
              value={view.kind}
              onChange={(e) => onChange({ ...view, kind: e.target.value as InboxView['kind'] })}
            >
              <option value="">{t('filter.any')}</option>
              {KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`share.kind.${k}`)}
                </option>
              ))}
            </select>
          </div>
          {activeFilters(view) > 0 && (
            <button type="button" className="clear-filters" onClick={clear}>
              {t('filter.clear')}
            </button>
          )}
        </div>
      </form>
    </search>
  );
}
