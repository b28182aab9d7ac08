import { useLang } from '../lang.js';
import { Time, TlpBadge } from '../ui/Badges.js';
import type { Report } from './reports.api.js';

const COLUMNS = ['affected', 'investigating', 'none', 'unanswered', 'total'] as const;
const columnKey = (c: (typeof COLUMNS)[number]) =>
  c === 'total' ? ('situations.reports.total' as const) : (`situations.answer.${c}` as const);

/** The roll-call counts the center chose to include, as snapshotted at issue. */
function CountsTable({ r }: { r: Report }) {
  const { t } = useLang();
  if (!r.counts) return null;
  const rows = [
    ...(r.counts.byMinistry ?? []).map((m) => ({ key: m.orgId, name: m.name, counts: m.counts })),
    { key: 'total', name: t('situations.reports.total'), counts: r.counts.totals },
  ];
  return (
    <div className="table-wrap">
      <table className="report-counts">
        <caption>
          {t('situations.reports.countsTable', { at: new Date(r.counts.at).toLocaleString() })}
        </caption>
        <thead>
          <tr>
            <th scope="col">{t('situations.reports.ministry')}</th>
            {COLUMNS.map((c) => (
              <th key={c} scope="col">
                {t(columnKey(c))}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key}>
              <th scope="row">{row.name}</th>
              {COLUMNS.map((c) => (
                <td key={c}>{row.counts[c]}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** One version of a report: 第n報 (版), issued when and by whom, corrected or not, its text and counts. */
export function ReportCard({
  r,
  printing,
  onPrint,
  actions,
}: {
  r: Report;
  printing: boolean;
  onPrint: () => void;
  actions?: React.ReactNode;
}) {
  const { t } = useLang();
  const headingId = `report-${r.id}`;
  const label =
    r.number === null ? t('situations.reports.draft') : t('situations.reports.number', { n: r.number });
  return (
    <article
      className={`report card${printing ? ' printing' : ''}${r.latest ? '' : ' superseded'}`}
      aria-labelledby={headingId}
    >
      <h3 id={headingId}>
        {label}
        {r.number !== null && r.version > 1 && ` ${t('situations.reports.version', { v: r.version })}`}{' '}
        {r.title}
      </h3>
      <p className="report-meta">
        <TlpBadge tlp={r.tlp} />{' '}
        {r.corrected && (
          <strong className="badge report-corrected">
            {r.latest ? t('situations.reports.correctedLatest') : t('situations.reports.superseded')}
          </strong>
        )}{' '}
        {r.issuedAt && (
          <span>
            {t('situations.reports.issuedAt', { at: '' })}
            <Time at={r.issuedAt} />
          </span>
        )}{' '}
        {r.issuedBy && (
          <span className="muted">{t('situations.reports.issuedBy', { name: r.issuedBy })}</span>
        )}
      </p>
      {r.changeNote && (
        <p className="report-change">{t('situations.reports.changeNote', { note: r.changeNote })}</p>
      )}
      <div className="report-body">{r.body}</div>
      <CountsTable r={r} />
      <p className="report-actions no-print">
        {r.number !== null && (
          <button type="button" className="secondary" onClick={onPrint}>
            {t('situations.reports.print')}
          </button>
        )}
        {actions}
      </p>
    </article>
  );
}
