import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ApiError, type IncidentDetail } from '../api.js';
import { Pager } from '../incidents/Pager.js';
import { useLang } from '../lang.js';
import { IndicatorTypeOptions } from './IndicatorFields.js';
import {
  DETAIL_INDICATORS,
  type IndicatorPage,
  type IndicatorType,
  indicatorQueries,
} from './indicators.api.js';
import './indicators.css';

/** From this many indicators the list offers a filter by type and text. */
const FILTER_FROM = 20;

/**
 * The indicators of every report of an incident, in report order, in the form people read: the incident's own
 * first page, then page by page from the server (a bulk import gives one incident 100,000), of one type or
 * holding a text when asked.
 */
export function IncidentIndicators({ detail }: { detail: IncidentDetail }) {
  const { t } = useLang();
  const [size, setSize] = useState<number>(DETAIL_INDICATORS);
  // The cursors of the pages before this one: back is one fewer, forward one more.
  const [after, setAfter] = useState<string[]>([]);
  const [filter, setFilter] = useState<{ type: IndicatorType | ''; q: string }>({ type: '', q: '' });
  const [typed, setTyped] = useState(filter);
  // The incident's own answer is the first page, unfiltered, of the default size.
  const own = after.length === 0 && size === DETAIL_INDICATORS && filter.type === '' && filter.q === '';
  const query = useQuery({
    ...indicatorQueries.page(detail.id, { size, cursor: after.at(-1) ?? null, ...filter }),
    enabled: !own,
    placeholderData: keepPreviousData,
  });
  const page: IndicatorPage | undefined = own
    ? {
        indicators: detail.indicators,
        total: detail.indicatorsTotal,
        nextCursor: detail.indicatorsNextCursor,
      }
    : query.data;
  const items = page?.indicators ?? [];
  const filtered = filter.type !== '' || filter.q !== '';
  const apply = (e: FormEvent) => {
    e.preventDefault();
    setAfter([]);
    setFilter({ type: typed.type, q: typed.q.trim() });
  };
  return (
    <section aria-labelledby="indicators-heading" className="incident-indicators">
      <h2 id="indicators-heading">{t('indicators.listHeading')}</h2>
      {detail.indicatorsTotal >= FILTER_FROM && (
        <search>
          <form className="indicator-filter" onSubmit={apply}>
            <label>
              {t('indicators.type')}
              <select
                value={typed.type}
                onChange={(e) => setTyped({ ...typed, type: e.target.value as IndicatorType | '' })}
              >
                <option value="">{t('indicators.filter.allTypes')}</option>
                <IndicatorTypeOptions />
              </select>
            </label>
            <label>
              {t('indicators.filter.text')}
              <input
                type="search"
                value={typed.q}
                maxLength={200}
                onChange={(e) => setTyped({ ...typed, q: e.target.value })}
              />
            </label>
            <button type="submit">{t('indicators.filter.apply')}</button>
          </form>
        </search>
      )}
      {query.isError && !own ? (
        <p className="error" role="alert">
          {t('common.error', { code: query.error instanceof ApiError ? query.error.code : 'network' })}
        </p>
      ) : !page ? (
        <p className="muted">{t('common.loading')}</p>
      ) : items.length === 0 ? (
        <p className="muted">{filtered ? t('indicators.filter.none') : t('indicators.listEmpty')}</p>
      ) : (
        // Busy while another page loads: the rows are still the page before.
        <table aria-busy={(!own && query.isPlaceholderData) || undefined}>
          <thead>
            <tr>
              <th scope="col">{t('indicators.type')}</th>
              <th scope="col">{t('indicators.value')}</th>
              <th scope="col">{t('indicators.note')}</th>
              <th scope="col">{t('indicators.report')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((i) => (
              <tr key={`${i.reportSeq} ${i.type} ${i.value}`}>
                <td>{t(`indicators.type.${i.type as IndicatorType}`)}</td>
                <td>
                  <code title={i.value === i.display ? undefined : i.value}>{i.display}</code>
                  {/* How many incidents the viewer reads share it, counted by the server. */}
                  {(i.correlatedIncidents ?? 0) > 0 && (
                    <span className="badge correlation-badge">
                      {t('correlation.badge', { n: i.correlatedIncidents ?? 0 })}
                    </span>
                  )}
                  {i.warningLists.length > 0 && (
                    <span className="warninglist-flag">
                      {t('indicators.warningListed', { names: i.warningLists.join('、') })}
                    </span>
                  )}
                </td>
                <td>{i.note ?? ''}</td>
                <td>{t('indicators.reportSeq', { n: i.reportSeq })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {page && (after.length > 0 || page.nextCursor !== null) && (
        <Pager
          pageNumber={after.length + 1}
          size={size}
          shown={items.length}
          total={page.total}
          hasNext={page.nextCursor !== null}
          onPrevious={() => setAfter(after.slice(0, -1))}
          onNext={() => {
            if (page.nextCursor) setAfter([...after, page.nextCursor]);
          }}
          onSize={(n) => {
            setSize(n);
            setAfter([]);
          }}
        />
      )}
    </section>
  );
}
