import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { useLang } from '../lang.js';
import { useLoaded } from '../queries.js';
import { Time } from '../ui/Badges.js';
import { refusalText } from './problemText.js';
import { ReportCard } from './ReportCard.js';
import { ReportForm } from './ReportForm.js';
import { type Report, reportQueries, reportsApi } from './reports.api.js';
import './reports.css';

/**
 * 状況報告 on the situation page: when the next report is due (or overdue); for the center's coordinators the
 * drafts with their form, preview and issue; for everyone who sees the situation the issued reports, newest
 * first, each number's latest version first with its corrections kept below it. Live events refresh it.
 */
export function ReportsSection({ situationId, coordinates }: { situationId: string; coordinates: boolean }) {
  const { t } = useLang();
  const client = useQueryClient();
  const list = useLoaded(reportQueries.list(situationId));
  const [printing, setPrinting] = useState<string | null>(null);
  const [said, setSaid] = useState<string | null>(null);
  const [problem, setProblem] = useState<unknown>(null);
  const [correcting, setCorrecting] = useState<string | null>(null);
  const data = list.data;
  const refresh = () => client.invalidateQueries({ queryKey: ['situations', situationId] });

  useEffect(() => {
    if (printing === null) return;
    document.body.classList.add('printing-report');
    const done = () => {
      document.body.classList.remove('printing-report');
      setPrinting(null);
    };
    window.addEventListener('afterprint', done, { once: true });
    window.print();
    return () => window.removeEventListener('afterprint', done);
  }, [printing]);

  async function issue(r: Report) {
    const next = (data?.items.reduce((n, i) => Math.max(n, i.number ?? 0), 0) ?? 0) + 1;
    if (!window.confirm(t('situations.reports.issueConfirm', { n: next }))) return;
    setProblem(null);
    try {
      const issued = await reportsApi.issue(situationId, r);
      setSaid(t('situations.reports.issued', { n: issued.number ?? next }));
      await refresh();
    } catch (e) {
      setProblem(e);
    }
  }

  return (
    <section className="situation-reports" aria-labelledby="reports-heading">
      <h2 id="reports-heading">{t('situations.reports.heading')}</h2>
      {data?.schedule.nextDueAt && (
        <p className={data.schedule.overdue ? 'report-due overdue' : 'report-due'} role="status">
          {t(data.schedule.overdue ? 'situations.reports.overdue' : 'situations.reports.nextDue', { at: '' })}
          <Time at={data.schedule.nextDueAt} />
        </p>
      )}
      {said && (
        <p className="success" role="status">
          {said}
        </p>
      )}
      {problem ? (
        <p className="error" role="alert">
          {refusalText(t, problem)}
        </p>
      ) : null}
      {list.error && !data ? (
        <p className="error" role="alert">
          {refusalText(t, list.error)}
        </p>
      ) : null}
      {coordinates && data && (
        <div className="no-print">
          <IntervalForm situationId={situationId} current={data.schedule.intervalMinutes} onDone={refresh} />
          <ReportForm situationId={situationId} onDone={refresh} />
          {data.drafts.length > 0 && (
            <section aria-labelledby="drafts-heading">
              <h3 id="drafts-heading">{t('situations.reports.drafts')}</h3>
              {data.drafts.map((d) => (
                <ReportCard
                  key={d.id}
                  r={d}
                  printing={false}
                  onPrint={() => undefined}
                  actions={
                    <button type="button" onClick={() => issue(d)}>
                      {t('situations.reports.issue')}
                    </button>
                  }
                />
              ))}
            </section>
          )}
        </div>
      )}
      {data && data.items.length === 0 && <p className="muted">{t('situations.reports.none')}</p>}
      {data?.items.map((r) => (
        <div key={r.id}>
          <ReportCard
            r={r}
            printing={printing === r.id}
            onPrint={() => setPrinting(r.id)}
            actions={
              coordinates && r.latest ? (
                <button type="button" className="secondary" onClick={() => setCorrecting(r.id)}>
                  {t('situations.reports.correct')}
                </button>
              ) : null
            }
          />
          {correcting === r.id && (
            <ReportForm
              situationId={situationId}
              correcting={r}
              onDone={async () => {
                setCorrecting(null);
                await refresh();
              }}
            />
          )}
        </div>
      ))}
    </section>
  );
}

/** The interval at which the center means to report (minutes), or none. */
function IntervalForm({
  situationId,
  current,
  onDone,
}: {
  situationId: string;
  current: number | null;
  onDone: () => unknown;
}) {
  const { t } = useLang();
  const [minutes, setMinutes] = useState(current === null ? '' : String(current));
  const [problem, setProblem] = useState<unknown>(null);
  async function submit(event: FormEvent, clear = false) {
    event.preventDefault();
    setProblem(null);
    try {
      await reportsApi.interval(situationId, clear || minutes === '' ? null : Number(minutes));
      await onDone();
    } catch (e) {
      setProblem(e);
    }
  }
  return (
    <form className="report-interval" onSubmit={submit} noValidate>
      <div className="field">
        <label htmlFor="report-interval">{t('situations.reports.intervalMinutes')}</label>
        <input
          id="report-interval"
          type="number"
          inputMode="numeric"
          min={5}
          max={10080}
          value={minutes}
          onChange={(e) => setMinutes(e.target.value)}
        />
      </div>
      {problem ? (
        <p className="error" role="alert">
          {refusalText(t, problem)}
        </p>
      ) : null}
      <button type="submit" className="secondary">
        {t('situations.reports.intervalSet')}
      </button>{' '}
      {current !== null && (
        <button type="button" className="secondary" onClick={(e) => submit(e, true)}>
          {t('situations.reports.intervalClear')}
        </button>
      )}
    </form>
  );
}
