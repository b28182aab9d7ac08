import { useLang } from '../lang.js';
import { PERIODS, type Period } from './period.js';

/** Today, the last 7 days or this fiscal year, as radio buttons: arrow keys move between them. */
export function PeriodSwitch({ period, onChange }: { period: Period; onChange: (period: Period) => void }) {
  const { t } = useLang();
  return (
    <fieldset className="period-switch">
      <legend>{t('dashboard.period.legend')}</legend>
      {PERIODS.map((p) => (
        <span key={p} className="segment">
          <input
            type="radio"
            id={`period-${p}`}
            name="dashboard-period"
            value={p}
            checked={p === period}
            onChange={() => onChange(p)}
          />
          <label htmlFor={`period-${p}`}>{t(`dashboard.period.${p}`)}</label>
        </span>
      ))}
    </fieldset>
  );
}
