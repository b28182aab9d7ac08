import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { recentFiscalYears } from '../campaigns/roles.js';
import { fiscalYearOf, formatDateTime, formatFiscalYear } from '../format.js';
import { useLang } from '../lang.js';
import { useLoaded } from '../queries.js';
import { followLink } from '../router.js';
import type { ScreenProps } from '../screen.js';
import { annualApi, annualQueries, annualReportPath, problemOf } from './annual.api.js';
import { mayDraft } from './roles.js';

/** 年次報告書の一覧: every fiscal year's report; the center starts the draft of a past or current year. */
export function AnnualList({ me, navigate }: ScreenProps) {
  const { t, lang } = useLang();
  const client = useQueryClient();
  const { data, error } = useLoaded(annualQueries.list());
  const [problem, setProblem] = useState<string | null>(null);
  const taken = new Set(data?.items.map((r) => r.fiscalYear) ?? []);
  const free = recentFiscalYears(fiscalYearOf(new Date())).filter((y) => !taken.has(y));
  const draft = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const year = Number(new FormData(event.currentTarget).get('year'));
    setProblem(null);
    try {
      await annualApi.draft(year);
      await client.invalidateQueries({ queryKey: ['annual'] });
      navigate(annualReportPath(year));
    } catch (e) {
      setProblem(problemOf(e));
    }
  };
  return (
    <section aria-labelledby="annual-heading" className="admin annual">
      <h1 id="annual-heading">{t('annual.list.heading')}</h1>
      <p className="muted">{t('annual.list.intro')}</p>
      {problem && (
        <p className="error" role="alert">
          {t('annual.error', { detail: problem })}
        </p>
      )}
      {error ? <p className="error">{t('annual.error', { detail: problemOf(error) })}</p> : null}
      {mayDraft(me) && free.length > 0 && (
        <form className="annual-draft" onSubmit={draft} aria-labelledby="annual-draft-heading">
          <h2 id="annual-draft-heading">{t('annual.draft.heading')}</h2>
          <label htmlFor="annual-draft-year">{t('annual.draft.year')}</label>
          <select id="annual-draft-year" name="year" defaultValue={free[0]}>
            {free.map((y) => (
              <option key={y} value={y}>
                {formatFiscalYear(y, lang)}
              </option>
            ))}
          </select>
          <button type="submit">{t('annual.draft.submit')}</button>
        </form>
      )}
      {data && data.items.length === 0 && <p>{t('annual.list.empty')}</p>}
      {data && data.items.length > 0 && (
        <div className="table-scroll">
          <table data-testid="annual-list">
            <caption>{t('annual.list.table')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('annual.col.year')}</th>
                <th scope="col">{t('annual.col.status')}</th>
                <th scope="col">{t('annual.col.updated')}</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((r) => (
                <tr key={r.fiscalYear}>
                  <th scope="row">
                    <a
                      href={annualReportPath(r.fiscalYear)}
                      onClick={followLink(navigate, annualReportPath(r.fiscalYear))}
                    >
                      {formatFiscalYear(r.fiscalYear, lang)}
                    </a>
                  </th>
                  <td>{t(r.status === 'final' ? 'annual.status.final' : 'annual.status.draft')}</td>
                  <td>{formatDateTime(r.updatedAt, lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
