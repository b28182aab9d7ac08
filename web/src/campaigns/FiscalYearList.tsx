import { type ReactNode, useRef, useState } from 'react';
import type { Me } from '../api.js';
import { formatFiscalYear } from '../format.js';
import { useLang } from '../lang.js';
import { orgQueries } from '../orgs.queries.js';
import { type Loaded, useLoaded } from '../queries.js';
import { FiscalYearPicker } from './FiscalYearPicker.js';
import { refusalText } from './problemText.js';
import { runsCampaigns } from './roles.js';
import { StartDialog, type Started } from './StartDialog.js';

/**
 * The campaigns or checks of a fiscal year: the year picker, the start button and dialog for those who run
 * them, and the year's list once loaded (or why it is not). Texts come translated.
 */
export function FiscalYearList<T>({
  kind,
  me,
  year,
  onYear,
  list,
  startLabel,
  emptyText,
  onStarted,
  children,
}: {
  kind: Started['kind'];
  me: Me;
  year: number;
  onYear: (year: number) => void;
  list: Loaded<{ items: T[] }>;
  startLabel: string;
  emptyText: string;
  onStarted: (started: Started) => void;
  children: (items: T[]) => ReactNode;
}) {
  const { t, lang } = useLang();
  const runs = runsCampaigns(me);
  const orgs = useLoaded({ ...orgQueries.list(), enabled: runs });
  const [starting, setStarting] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  const items = list.data?.items ?? [];

  return (
    <>
      <div className="section-head">
        <FiscalYearPicker key={year} year={year} onChoose={onYear} />
        {runs && (
          <button type="button" className="primary" ref={opener} onClick={() => setStarting(true)}>
            {startLabel}
          </button>
        )}
      </div>
      {starting && (
        <StartDialog
          kind={kind}
          me={me}
          orgs={orgs.data?.items ?? []}
          onCancel={() => setStarting(false)}
          onStarted={(started) => {
            setStarting(false);
            onStarted(started);
          }}
        />
      )}
      <h2 className="list-heading">
        {formatFiscalYear(year, lang)}
        {list.data && <span className="muted small"> {t('campaigns.count', { n: items.length })}</span>}
      </h2>
      {list.error ? (
        <p className="error" role="alert">
          {refusalText(t, list.error)}
        </p>
      ) : !list.data ? (
        <p className="muted">{t('common.loading')}</p>
      ) : items.length === 0 ? (
        <p>{emptyText}</p>
      ) : (
        children(items)
      )}
    </>
  );
}
