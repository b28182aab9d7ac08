import { type FormEvent, useId, useState } from 'react';
import { fiscalYearOf, formatFiscalYear } from '../format.js';
import { useLang } from '../lang.js';
import { useQueryState } from '../router.js';
import { recentFiscalYears } from './roles.js';

/** The fiscal year a list shows, kept in the address (`?fy=2025`) so that a reload shows the same year. */
export function useFiscalYear(): [number, (year: number) => void] {
  const [params, setParams] = useQueryState();
  const current = fiscalYearOf(new Date());
  const asked = Number(params.get('fy'));
  const year = Number.isInteger(asked) && asked >= 2000 && asked <= current ? asked : current;
  const choose = (next: number) => {
    const query = new URLSearchParams(params);
    if (next === current) query.delete('fy');
    else query.set('fy', String(next));
    setParams(query, false);
  };
  return [year, choose];
}

/** 年度の選択: the year changes when the user presses Show, never while moving through the options. */
export function FiscalYearPicker({ year, onChoose }: { year: number; onChoose: (year: number) => void }) {
  const { t, lang } = useLang();
  const id = useId();
  const [picked, setPicked] = useState(year);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onChoose(picked);
  };
  return (
    <form className="fiscal-picker" onSubmit={submit}>
      <label htmlFor={id}>{t('fiscal.label')}</label>
      <select id={id} value={picked} onChange={(e) => setPicked(Number(e.target.value))}>
        {recentFiscalYears(fiscalYearOf(new Date())).map((y) => (
          <option key={y} value={y}>
            {formatFiscalYear(y, lang)}
          </option>
        ))}
      </select>
      <button type="submit">{t('fiscal.show')}</button>
    </form>
  );
}
