import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { FiscalYearPicker, useFiscalYear } from '../campaigns/FiscalYearPicker.js';
import { formatDate, formatDateTime, orgName } from '../format.js';
import type { MessageKey } from '../i18n.js';
import { useLang } from '../lang.js';
import { useLoaded } from '../queries.js';
import type { ScreenProps } from '../screen.js';
import { type PolicyRequest, policiesApi, policyQueries, problemOf } from './policies.api.js';

const STATUS: Record<PolicyRequest['targets'][number]['status'], MessageKey> = {
  open: 'policies.target.open',
  answered: 'policies.target.answered',
  overdue: 'policies.target.overdue',
  closed: 'policies.target.closed',
};

/**
 * 要請: a ministry's security officer sends requests to its agencies and follows each agency's status; an asked
 * body's security officer answers with its confirmed record and its contact structure.
 */
export function RequestsPage({ me }: ScreenProps) {
  const { t, lang } = useLang();
  const client = useQueryClient();
  const [year, setYear] = useFiscalYear();
  const { data, error } = useLoaded(policyQueries.requests(year));
  const mayAnswer = me.role === 'security-officer';
  const register = useQuery({
    ...policyQueries.register(me.org.slug),
    enabled: mayAnswer && me.org.kind !== 'center',
  });
  const confirmed = register.data?.items.find((c) => c.status === 'confirmed');
  const sends =
    (me.role === 'security-officer' && me.org.kind === 'ministry') ||
    (me.role === 'center-coordinator' && me.org.kind === 'center');
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const done = async (action: Promise<unknown>) => {
    setProblem(null);
    setSaved(false);
    try {
      await action;
      await client.invalidateQueries({ queryKey: ['policies'] });
      setSaved(true);
    } catch (e) {
      setProblem(problemOf(e));
    }
  };
  const send = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const message = String(form.get('message') ?? '').trim();
    void done(
      policiesApi.send({ dueDate: String(form.get('dueDate') ?? ''), ...(message ? { message } : {}) }),
    );
  };
  return (
    <section aria-labelledby="requests-heading" className="admin policies">
      <h1 id="requests-heading">{t('policies.requests.heading')}</h1>
      <p className="muted">{t('policies.requests.intro')}</p>
      <FiscalYearPicker year={year} onChoose={setYear} />
      <p role="status">{saved ? t('policies.saved') : ''}</p>
      {problem && (
        <p className="error" role="alert">
          {t('policies.error', { detail: problem })}
        </p>
      )}
      {error ? <p className="error">{t('policies.error', { detail: problemOf(error) })}</p> : null}
      {sends && (
        <form className="request-form" onSubmit={send} aria-labelledby="send-heading">
          <h2 id="send-heading">{t('policies.send.heading')}</h2>
          <label htmlFor="request-due">{t('policies.send.due')}</label>
          <input id="request-due" name="dueDate" type="date" required />
          <label htmlFor="request-message">{t('policies.send.message')}</label>
          <textarea id="request-message" name="message" rows={3} maxLength={2000} />
          <button type="submit">{t('policies.send.submit')}</button>
        </form>
      )}
      {data && data.items.length === 0 && <p>{t('policies.requests.empty')}</p>}
      {data?.items.map((r) => {
        const mine = r.targets.find((x) => x.org.slug === me.org.slug);
        return (
          <article key={r.id} className="policy-request" aria-labelledby={`request-${r.id}`}>
            <h2 id={`request-${r.id}`}>
              {t('policies.request.title', { sender: orgName(r.sender, lang), due: r.dueDate })}
            </h2>
            <p>{r.message}</p>
            <div className="table-scroll">
              <table>
                <caption>{t('policies.request.targets')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('policies.col.body')}</th>
                    <th scope="col">{t('policies.col.requests')}</th>
                    <th scope="col">{t('policies.col.clause')}</th>
                    <th scope="col">{t('policies.col.contacts')}</th>
                  </tr>
                </thead>
                <tbody>
                  {r.targets.map((x) => (
                    <tr key={x.org.slug}>
                      <th scope="row">{orgName(x.org, lang)}</th>
                      <td className={`target-${x.status}`}>{t(STATUS[x.status])}</td>
                      <td>
                        {x.clauseConfirmedAt ? formatDate(x.clauseConfirmedAt, lang) : t('policies.none')}
                      </td>
                      <td>
                        {x.contactStructureConfirmedAt
                          ? formatDateTime(x.contactStructureConfirmedAt, lang)
                          : t('policies.none')}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {mayAnswer && mine && (mine.status === 'open' || mine.status === 'overdue') && (
              <div className="answer-actions">
                {r.asksClause && !mine.clauseId && confirmed && (
                  <button
                    type="button"
                    onClick={() => void done(policiesApi.answer(r.id, { clauseId: confirmed.id }))}
                  >
                    {t('policies.answer.clause')}
                  </button>
                )}
                {r.asksClause && !mine.clauseId && !confirmed && <p>{t('policies.answer.noClause')}</p>}
                {r.asksContactStructure && !mine.contactStructureConfirmedAt && (
                  <button
                    type="button"
                    onClick={() => void done(policiesApi.answer(r.id, { contactStructureConfirmed: true }))}
                  >
                    {t('policies.answer.contacts')}
                  </button>
                )}
              </div>
            )}
            {sends && r.closedAt === null && r.sender.slug === me.org.slug && (
              <button type="button" onClick={() => void done(policiesApi.close(r.id))}>
                {t('policies.close')}
              </button>
            )}
          </article>
        );
      })}
    </section>
  );
}
