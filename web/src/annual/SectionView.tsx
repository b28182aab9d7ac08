import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import type { Me } from '../api.js';
import { formatDateTime, orgName } from '../format.js';
import type { MessageKey } from '../i18n.js';
import { useLang } from '../lang.js';
import { type AnnualReport, annualApi, problemOf, type Section } from './annual.api.js';
import { mayComment } from './roles.js';

const UNIT: Record<string, MessageKey> = {
  count: 'annual.unit.count',
  minutes: 'annual.unit.minutes',
  percent: 'annual.unit.percent',
};

/** One ministry's evaluation: each indicator with its definition beside it, the score with its formula, comments. */
export function SectionView({ me, report, section }: { me: Me; report: AnnualReport; section: Section }) {
  const { t, lang } = useLang();
  const client = useQueryClient();
  const [problem, setProblem] = useState<string | null>(null);
  const year = report.report.fiscalYear;
  const ministry = orgName(section.ministry, lang);
  const definitions = new Map(report.definitions.map((d) => [d.key, d]));
  const comments = report.comments.filter((c) => c.ministryId === section.ministry.id);
  const comment = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const body = String(new FormData(form).get('body') ?? '');
    setProblem(null);
    try {
      await annualApi.comment(year, section.ministry.id, body);
      form.reset();
      await client.invalidateQueries({ queryKey: ['annual'] });
    } catch (e) {
      setProblem(problemOf(e));
    }
  };
  const headingId = `section-${section.ministry.slug}`;
  return (
    <section aria-labelledby={headingId} className="annual-section" data-testid="annual-section">
      <h3 id={headingId}>{t('annual.section.heading', { ministry, agencies: section.agencies })}</h3>
      <p className="annual-score">
        <strong>
          {section.score.points === null
            ? t('annual.score.none')
            : t('annual.score', { points: section.score.points, grade: section.score.grade ?? '—' })}
        </strong>
        <br />
        <span className="muted">{t('annual.formula', { formula: section.score.formula })}</span>
      </p>
      <div className="table-scroll">
        <table className="annual-indicators">
          <caption>{t('annual.section.table', { ministry })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('annual.col.indicator')}</th>
              <th scope="col">{t('annual.col.value')}</th>
              <th scope="col">{t('annual.col.basis')}</th>
              <th scope="col">{t('annual.col.definition')}</th>
            </tr>
          </thead>
          <tbody>
            {section.indicators.map((i) => {
              const d = definitions.get(i.key);
              return (
                <tr key={i.key} data-key={i.key}>
                  <th scope="row">{d ? d[lang].name : i.key}</th>
                  <td>
                    {i.value === null
                      ? t('annual.value.none', { reason: i.reason ?? '' })
                      : `${i.value}${d ? t(UNIT[d.unit] as MessageKey) : ''}`}
                  </td>
                  <td>{i.basis}</td>
                  <td className="definition">{d ? d[lang].definition : ''}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <h4>{t('annual.comments.heading')}</h4>
      {comments.length === 0 ? (
        <p className="muted">{t('annual.comments.empty')}</p>
      ) : (
        <ul className="annual-comments">
          {comments.map((c) => (
            <li key={c.id}>
              <p>{c.body}</p>
              <p className="muted">{formatDateTime(c.createdAt, lang)}</p>
            </li>
          ))}
        </ul>
      )}
      {problem && (
        <p className="error" role="alert">
          {t('annual.error', { detail: problem })}
        </p>
      )}
      {report.report.status === 'draft' && mayComment(me, section.ministry.slug) && (
        <form className="annual-comment" onSubmit={comment}>
          <label htmlFor={`${headingId}-comment`}>{t('annual.comment.label')}</label>
          <textarea id={`${headingId}-comment`} name="body" rows={3} maxLength={4000} required />
          <button type="submit">{t('annual.comment.submit')}</button>
        </form>
      )}
    </section>
  );
}
