import type { Ref } from 'react';
import { useLang } from '../lang.js';
import type { Incident, IncidentSort } from './incidents.api.js';
import { ListRow } from './ListRow.js';

type AriaSort = 'ascending' | 'descending' | undefined;

/** The incidents of one page. Reported-at and severity headers sort (aria-sort tells the order in force). */
export function ListTable({
  items,
  sort,
  fresh,
  busy,
  tableRef,
  navigate,
  onSort,
}: {
  items: Incident[];
  sort: IncidentSort;
  fresh: ReadonlySet<string>;
  busy: boolean;
  tableRef: Ref<HTMLTableElement>;
  navigate: (path: string) => void;
  onSort: (sort: IncidentSort) => void;
}) {
  const { t } = useLang();
  const reported: AriaSort =
    sort === 'reported-desc' ? 'descending' : sort === 'reported-asc' ? 'ascending' : undefined;
  const severity: AriaSort = sort === 'severity-desc' ? 'descending' : undefined;
  return (
    <table
      className="incidents"
      aria-labelledby="list-heading list-scope"
      aria-busy={busy || undefined}
      tabIndex={-1}
      ref={tableRef}
    >
      <thead>
        <tr>
          <th scope="col">{t('list.org')}</th>
          <th scope="col">{t('list.title')}</th>
          <th scope="col" aria-sort={severity}>
            {/* Severity sorts one way only: most severe first, as the API orders it. */}
            <SortButton label={t('list.severity')} order={severity} onClick={() => onSort('severity-desc')} />
          </th>
          <th scope="col">{t('list.tlp')}</th>
          <th scope="col" aria-sort={reported}>
            <SortButton
              label={t('list.reportedAt')}
              order={reported}
              onClick={() => onSort(sort === 'reported-desc' ? 'reported-asc' : 'reported-desc')}
            />
          </th>
          <th scope="col">{t('list.ministry')}</th>
          <th scope="col">{t('list.center')}</th>
          <th scope="col">{t('list.status')}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((incident) => (
          <ListRow key={incident.id} incident={incident} fresh={fresh.has(incident.id)} navigate={navigate} />
        ))}
      </tbody>
    </table>
  );
}

function SortButton({ label, order, onClick }: { label: string; order: AriaSort; onClick: () => void }) {
  const arrow = order === 'ascending' ? '▲' : order === 'descending' ? '▼' : '↕';
  return (
    <button type="button" className={`sort-button${order ? ' sorted' : ''}`} onClick={onClick}>
      {label}
      <span aria-hidden="true" className="sort-arrow">
        {arrow}
      </span>
    </button>
  );
}
