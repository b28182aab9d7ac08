import { useEffect, useEffectEvent, useState } from 'react';
import { ApiError, api, type Incident, type IncidentDetail, type Report } from '../api.js';
import { formatDateTime, orgName } from '../format.js';
import { isMessageKey, type MessageKey } from '../i18n.js';
import { useLang } from '../lang.js';
import { followLink } from '../router.js';
import type { ScreenProps } from '../screen.js';
import { SeverityBadge, Time, TlpBadge } from '../ui/Badges.js';

/** One incident: what it is, how far it has travelled up the chain, and every report filed on it. */
export function IncidentView({ id, me, version, navigate, onIncidentsLoaded }: ScreenProps & { id: string }) {
  const { t, lang } = useLang();
  const [detail, setDetail] = useState<IncidentDetail | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [reloads, setReloads] = useState(0);
  const [forwarding, setForwarding] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const loaded = useEffectEvent((incident: Incident) => onIncidentsLoaded([incident]));

  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` and `reloads` are signals to load again.
  useEffect(() => {
    const abort = new AbortController();
    api.incident(id, abort.signal).then(
      (found) => {
        setDetail(found);
        setError(null);
        loaded(found);
      },
      (e: unknown) => {
        if (!abort.signal.aborted) setError(e instanceof ApiError ? e : new ApiError(0, 'network', ''));
      },
    );
    return () => abort.abort();
  }, [id, version, reloads]);

  async function forward() {
    setForwarding(true);
    setMessage(null);
    try {
      await api.forward(id);
      setMessage(t('detail.forwarded'));
      setReloads((n) => n + 1);
    } catch (e) {
      setMessage(t('common.error', { code: e instanceof ApiError ? e.code : 'network' }));
    } finally {
      setForwarding(false);
    }
  }

  const back = (
    <p>
      <a href="/" onClick={followLink(navigate, '/')}>
        ← {t('detail.back')}
      </a>
    </p>
  );
  if (error)
    return (
      <section>
        {back}
        <p className="error" role="alert">
          {error.status === 404 ? t('detail.notFound') : t('common.error', { code: error.code })}
        </p>
      </section>
    );
  if (!detail || detail.id !== id)
    return (
      <section>
        {back}
        <p className="muted">{t('common.loading')}</p>
      </section>
    );

  const { chain } = detail;
  const mayForward = chain.awaitingReview && me.role === 'security-officer' && me.org.kind === 'ministry';
  const statusKey = `detail.status.${detail.status}`;

  return (
    <article aria-labelledby="incident-heading">
      {back}
      <h1 id="incident-heading">{detail.title}</h1>
      <dl className="facts">
        <dt>{t('detail.org')}</dt>
        <dd>{orgName(detail.org, lang)}</dd>
        <dt>{t('detail.status')}</dt>
        <dd>{isMessageKey(statusKey) ? t(statusKey) : detail.status}</dd>
        <dt>{t('detail.severity')}</dt>
        <dd>
          <SeverityBadge severity={detail.severity} />
        </dd>
        <dt>{t('detail.category')}</dt>
        <dd>{detail.category ?? t('common.none')}</dd>
        <dt>{t('detail.tlp')}</dt>
        <dd>
          <TlpBadge tlp={detail.tlp} />
        </dd>
      </dl>
      <h2>{t('detail.summary')}</h2>
      <p className="text">{detail.summary}</p>

      <h2>{t('detail.timeline')}</h2>
      <ol className="timeline">
        <Step label="detail.detected" at={chain.detectedAt} />
        <Step label="detail.reported" at={chain.reportedAt} />
        {detail.org.kind === 'agency' && (
          <Step label="detail.ministryReceived" at={chain.ministryReceivedAt} />
        )}
        <Step label="detail.centerReceived" at={chain.centerReceivedAt} />
      </ol>
      <TargetState incident={detail} />
      {chain.awaitingReview && chain.reviewDueAt && (
        <p className="state waiting">
          {t('detail.reviewDue', { at: formatDateTime(chain.reviewDueAt, lang) })}
        </p>
      )}
      {mayForward && (
        <p>
          <button type="button" className="primary" disabled={forwarding} onClick={forward}>
            {forwarding ? t('detail.forwarding') : t('detail.forward')}
          </button>
        </p>
      )}
      {message && (
        <p className="notice" role="status">
          {message}
        </p>
      )}

      <h2>{t('detail.reports')}</h2>
      <ol className="reports">
        {detail.reports.map((report) => (
          <ReportItem key={report.id} report={report} />
        ))}
      </ol>
    </article>
  );
}

/** Whether the quick report met the reporting target, and whether the center got it in time. */
function TargetState({ incident }: { incident: Incident }) {
  const { t, lang } = useLang();
  const { minutes, dueAt, met, centerReceivedInTime } = incident.reportingTarget;
  const due = formatDateTime(dueAt, lang);
  return (
    <>
      <p className={`state ${met ? 'done' : 'late'}`} data-testid="reporting-target">
        {t(met ? 'detail.target.met' : 'detail.target.missed', { minutes: String(minutes), due })}
      </p>
      {centerReceivedInTime === false && <p className="state late">{t('detail.center.late', { due })}</p>}
    </>
  );
}

function Step({ label, at }: { label: MessageKey; at: string | null }) {
  const { t } = useLang();
  return (
    <li className={at ? 'done' : 'pending'}>
      <span className="step">{t(label)}</span>
      {at ? <Time at={at} /> : <span className="muted">{t('detail.pending')}</span>}
    </li>
  );
}

const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value : null);

function ReportItem({ report }: { report: Report }) {
  const { t, lang } = useLang();
  const kindKey = `kind.${report.kind}`;
  const fields = report.body as Record<string, unknown>;
  const title = text(fields.title);
  const body = text(fields.text) ?? text(fields.summary);
  return (
    <li className="card">
      <h3>
        {isMessageKey(kindKey) ? t(kindKey) : report.kind} #{report.seq}
      </h3>
      <p className="muted">
        {t('detail.reportBy', { at: formatDateTime(report.createdAt, lang), author: report.author.email })}
      </p>
      {title && <p className="report-title">{title}</p>}
      {body && <p className="text">{body}</p>}
    </li>
  );
}
