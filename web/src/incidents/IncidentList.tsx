import { useEffect, useMemo, useRef } from 'react';
import type { MessageKey } from '../i18n.js';
import { useLang } from '../lang.js';
import { useQueryState } from '../router.js';
import type { ScreenProps } from '../screen.js';
import { FilterForm } from './FilterForm.js';
import { queryString } from './incidents.api.js';
import { useIncidentPage } from './ListPage.js';
import { ListTable } from './ListTable.js';
import {
  activeFilters,
  apiQuery,
  EMPTY_VIEW,
  type ListView,
  readView,
  refine,
  writeView,
} from './ListView.js';
import { Pager } from './Pager.js';
import './list.css';

/** Whose incidents the list holds, as the server's reader rules (DESIGN §4) decide for the user's body. */
const SCOPE: Record<string, MessageKey> = {
  agency: 'list.scope.agency',
  ministry: 'list.scope.ministry',
  center: 'list.scope.center',
};

const CURSOR_REFUSED = new Set(['incidents.invalid_cursor', 'incidents.cursor_sort_mismatch']);

/**
 * The incidents the user may see, filtered, searched, sorted and paged as the address says; reloads in place
 * whenever a live event makes the list stale, newly reported ones highlighted.
 */
export function IncidentList({ me, feed, navigate, onIncidentsLoaded }: ScreenProps) {
  const { t } = useLang();
  const [params, setParams] = useQueryState();
  const view = useMemo(() => readView(params), [params]);
  const now = new Date();
  const { page, error, busy } = useIncidentPage(queryString(apiQuery(view, now)), onIncidentsLoaded);
  const table = useRef<HTMLTableElement>(null);
  const search = useRef<HTMLInputElement>(null);
  // Set when the user turns a page: once it has loaded, the table takes the focus and comes into sight.
  const turning = useRef(false);
  const fresh = new Set(feed.filter((e) => e.type === 'incident.reported').map((e) => e.incidentId ?? ''));
  const scope = SCOPE[me.org.kind];

  const show = (next: ListView, replace = false) => setParams(writeView(next), replace);
  const turn = (after: string[]) => {
    turning.current = true;
    show({ ...view, after });
  };
  const clear = () => {
    show({ ...EMPTY_VIEW, sort: view.sort, size: view.size });
    search.current?.focus();
  };

  useEffect(() => {
    if (busy || !turning.current) return;
    turning.current = false;
    const element = table.current;
    if (!element) return;
    element.focus({ preventScroll: true });
    if (element.getBoundingClientRect().top < 0) element.scrollIntoView({ block: 'start' });
  }, [busy]);

  return (
    <section aria-labelledby="list-heading" className="incident-list">
      <div className="section-head">
        <div>
          <h1 id="list-heading">{t('list.heading')}</h1>
          {scope && (
            <p id="list-scope" className="list-scope">
              {t(scope)}
            </p>
          )}
        </div>
        <p className="muted list-count" role="status">
          {page ? t('list.count', { n: page.total }) : ''}
        </p>
      </div>
      <FilterForm
        me={me}
        view={view}
        now={now}
        searchRef={search}
        onChange={(change) => show(refine(view, change))}
        onSearch={(q) => show(refine(view, { q }), true)}
        onClear={clear}
      />
      {error ? (
        <div className="error" role="alert">
          <p>
            {error.status === 403
              ? t('list.forbidden')
              : CURSOR_REFUSED.has(error.code)
                ? t('list.badCursor')
                : t('common.error', { code: error.code })}
          </p>
          {CURSOR_REFUSED.has(error.code) && (
            <button type="button" onClick={() => show({ ...view, after: [] })}>
              {t('list.firstPage')}
            </button>
          )}
        </div>
      ) : !page ? (
        <p className="muted">{t('common.loading')}</p>
      ) : page.items.length === 0 ? (
        <div className="list-empty card">
          <p>{t('list.empty')}</p>
          {activeFilters(view) > 0 && <p className="muted">{t('list.emptyFiltered')}</p>}
        </div>
      ) : (
        <ListTable
          items={page.items}
          sort={view.sort}
          fresh={fresh}
          busy={busy}
          tableRef={table}
          navigate={navigate}
          onSort={(sort) => show(refine(view, { sort }))}
        />
      )}
      {page && (page.total > 0 || view.after.length > 0) && (
        <Pager
          pageNumber={view.after.length + 1}
          size={view.size}
          shown={page.items.length}
          total={page.total}
          hasNext={page.nextCursor !== null}
          onPrevious={() => turn(view.after.slice(0, -1))}
          onNext={() => page.nextCursor && turn([...view.after, page.nextCursor])}
          onSize={(size) => show(refine(view, { size }))}
        />
      )}
    </section>
  );
}
