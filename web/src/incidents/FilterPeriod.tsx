import { fiscalYearOf, formatFiscalYear } from '../format.js';
import { useLang } from '../lang.js';
import type { ListView, Period } from './ListView.js';

const CHOICES: readonly (Period | '')[] = ['', 'today', '7d', 'fy', 'custom'];

/** The period of reporting: everything, today, the last 7 days, this fiscal year (from April 1), or dates. */
export function FilterPeriod({
  view,
  now,
  onChange,
}: {
  view: ListView;
  now: Date;
  onChange: (change: Partial<ListView>) => void;
}) {
  const { t, lang } = useLang();
  const label = (period: Period | '') => {
    switch (period) {
      case '':
        return t('filter.period.all');
      case 'fy':
        return t('filter.period.fy', { fy: formatFiscalYear(fiscalYearOf(now), lang) });
      default:
        return t(`filter.period.${period}`);
    }
  };
  return (
    <fieldset className="list-period">
      <legend>{t('filter.period')}</legend>
      <div className="segments">
        {CHOICES.map((period) => {
          const id = `list-period-${period || 'all'}`;
          return (
            <span key={id} className="segment">
              <input
                type="radio"
                id={id}
                name="list-period"
                checked={view.period === period}
                onChange={() => onChange({ period, from: '', to: '' })}
              />
              <label htmlFor={id}>{label(period)}</label>
            </span>
          );
        })}
      </div>
      {view.period === 'custom' && (
        <div className="list-dates">
          <span className="field">
            <label htmlFor="filter-from">{t('filter.from')}</label>
            <input
              id="filter-from"
              type="date"
              value={view.from}
              max={view.to || undefined}
              onChange={(e) => onChange({ from: e.target.value })}
            />
          </span>
          <span className="field">
            <label htmlFor="filter-to">{t('filter.to')}</label>
            <input
              id="filter-to"
              type="date"
              value={view.to}
              min={view.from || undefined}
              onChange={(e) => onChange({ to: e.target.value })}
            />
          </span>
        </div>
      )}
    </fieldset>
  );
}
