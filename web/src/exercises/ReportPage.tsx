import { formatDateTime } from '../format.js';
import type { Translate } from '../i18n.js';
import { useLang } from '../lang.js';
import { useLoaded } from '../queries.js';
import { offers, type ScreenProps } from '../screen.js';
import { LessonForm, LessonItem } from './Lessons.js';
import { type ExerciseReport, reportCsvHref, reportQueries } from './report.api.js';
import './report.css';

// 訓練報告: per-body timings against the scenario's targets, the figures per measure and per ministry, the
// lessons learned with those carried over; a CSV to save and a page made to print (print.css, report.css).

type Timing = ExerciseReport['rows'][number]['ackDeclaration'];

const duration = (seconds: number) =>
  `${Math.floor(seconds / 60)}:${String(Math.floor(seconds % 60)).padStart(2, '0')}`;

function TimingCell({ t: x, tr }: { t: Timing; tr: Translate }) {
  if (x.missed) return <td className="exreport-missed">{tr('exreport.missed')}</td>;
  if (x.seconds === null) return <td>—</td>;
  return (
    <td className={x.met === false ? 'exreport-late' : undefined}>
      {duration(x.seconds)}
      {x.met === false && <span className="exreport-flag"> {tr('exreport.late')}</span>}
    </td>
  );
}

/** The bodies that took part (and their ministries), which may own a lesson. */
const ownersOf = (r: ExerciseReport) => [
  ...new Map(r.rows.flatMap((row) => [row.ministry, row.org]).map((o) => [o.id, o])).values(),
];

/** The report of one exercise (exercise control; a ministry its chain once ended). */
export function ReportPage({ id, me }: ScreenProps & { id: string }) {
  const { t, lang } = useLang();
  const report = useLoaded(reportQueries.report(id));
  const lessons = useLoaded(reportQueries.lessons(id));
  const r = report.data;
  if (report.error && !r)
    return (
      <section aria-labelledby="exreport-heading">
        <h1 id="exreport-heading">{t('exreport.heading', { number: '' })}</h1>
        <p className="error" role="alert">
          {t('exreport.notFound')}
        </p>
      </section>
    );
  if (!r) return <p className="muted">{t('common.loading')}</p>;
  const measures = ['ackDeclaration', 'answerRollCall'] as const;
  const requestMeasures = ['ackRequest', 'completeRequest'] as const;
  const requestRows = r.rows.flatMap((row) => row.requests.map((q) => ({ row, q })));
  const numbers = new Map(r.situations.map((s) => [s.id, s.number]));
  return (
    <section className="exreport" aria-labelledby="exreport-heading">
      <h1 id="exreport-heading">
        {t('exreport.heading', { number: r.exercise.number })} {r.exercise.name}
      </h1>
      <p>
        {r.exercise.finalAt && <span className="badge">{t('exreport.final')}</span>}{' '}
        {r.exercise.purgedAt && <span className="badge">{t('exreport.purged')}</span>}
      </p>
      <p>
        {t('exreport.targets', {
          ack: r.targets.ackDeclaration ?? '—',
          answer: r.targets.answerRollCall ?? '—',
        })}
        {requestRows.length > 0 &&
          ` ${t('exreport.requestTargets', {
            ack: r.targets.ackRequest ?? '—',
            complete: r.targets.completeRequest ?? '—',
          })}`}
      </p>
      <p className="print-actions no-print">
        <a href={reportCsvHref(id)} download>
          {t('exreport.csv')}
        </a>
        <button type="button" onClick={() => window.print()}>
          {t('exreport.print')}
        </button>
      </p>
      <h2>{t('exreport.figures')}</h2>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('exreport.col.measure')}</th>
              <th scope="col">{t('exreport.col.done')}</th>
              <th scope="col">{t('exreport.missed')}</th>
              <th scope="col">{t('exreport.late')}</th>
              <th scope="col">{t('exreport.col.median')}</th>
              <th scope="col">{t('exreport.col.p90')}</th>
            </tr>
          </thead>
          <tbody>
            {[
              ...measures.map((m) => [m, r.measures[m]] as const),
              ...(requestRows.length > 0
                ? requestMeasures.map((m) => [m, r.requests.measures[m]] as const)
                : []),
            ].map(([m, s]) => {
              return (
                <tr key={m}>
                  <th scope="row">{t(`exreport.measure.${m}`)}</th>
                  <td>
                    {s.done}/{s.bodies}
                  </td>
                  <td>{s.missed}</td>
                  <td>{s.late}</td>
                  <td>{s.median === null ? '—' : duration(s.median)}</td>
                  <td>{s.p90 === null ? '—' : duration(s.p90)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <h2>{t('exreport.rows')}</h2>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">S</th>
              <th scope="col">{t('exreport.col.ministry')}</th>
              <th scope="col">{t('exreport.col.body')}</th>
              <th scope="col">{t('exreport.col.ack')}</th>
              <th scope="col">{t('exreport.col.answer')}</th>
            </tr>
          </thead>
          <tbody>
            {r.rows.map((row) => (
              <tr key={`${row.situationId}:${row.org.id}`}>
                <td>{numbers.get(row.situationId)}</td>
                <td>{row.ministry.name}</td>
                <th scope="row">
                  {row.org.name}
                  {row.answerRollCall.onBehalf && <span className="muted"> ({t('exreport.onBehalf')})</span>}
                </th>
                <TimingCell t={row.ackDeclaration} tr={t} />
                <TimingCell t={row.answerRollCall} tr={t} />
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {requestRows.length > 0 && (
        <>
          <h2>{t('exreport.requests')}</h2>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">S</th>
                  <th scope="col">{t('exreport.col.request')}</th>
                  <th scope="col">{t('exreport.col.ministry')}</th>
                  <th scope="col">{t('exreport.col.body')}</th>
                  <th scope="col">{t('exreport.col.ackRequest')}</th>
                  <th scope="col">{t('exreport.col.completeRequest')}</th>
                </tr>
              </thead>
              <tbody>
                {requestRows.map(({ row, q }) => (
                  <tr key={`${row.situationId}:${q.requestId}:${row.org.id}`}>
                    <td>{numbers.get(row.situationId)}</td>
                    <td>
                      {q.number} {q.title}
                      {q.withdrawn && (
                        <span className="exreport-withdrawn">
                          {' '}
                          {t(q.withdrawn.by ? 'exreport.withdrawnBy' : 'exreport.withdrawn', {
                            at: formatDateTime(q.withdrawn.at, lang),
                            by: q.withdrawn.by ?? '',
                          })}
                        </span>
                      )}
                    </td>
                    <td>{row.ministry.name}</td>
                    <th scope="row">{row.org.name}</th>
                    <TimingCell t={q.acknowledge} tr={t} />
                    <TimingCell t={q.complete} tr={t} />
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      <h2>{t('exreport.lateLink')}</h2>
      <ul>
        {r.byMinistry.map((b) => (
          <li key={b.ministry.id}>
            {b.ministry.name}: {b.lateLink ? t(`exreport.lateLink.${b.lateLink}`) : '—'}
          </li>
        ))}
      </ul>
      <h2>{t('exreport.lessons')}</h2>
      {lessons.data && lessons.data.items.length + lessons.data.carriedOver.length === 0 && (
        <p className="muted">{t('exreport.noLessons')}</p>
      )}
      <ul className="exreport-lessons">
        {lessons.data?.items.map((l) => (
          <LessonItem key={l.id} l={l} me={me} exerciseId={id} />
        ))}
      </ul>
      {offers.exercises(me) && <LessonForm exerciseId={id} owners={ownersOf(r)} />}
      {lessons.data && lessons.data.carriedOver.length > 0 && (
        <>
          <h3>{t('exreport.carried')}</h3>
          <ul className="exreport-lessons">
            {lessons.data.carriedOver.map((l) => (
              <LessonItem key={l.id} l={l} me={me} exerciseId={id} />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
