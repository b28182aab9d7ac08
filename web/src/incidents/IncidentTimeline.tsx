import type { IncidentDetail, Report } from '../api.js';
import { formatDateTime, orgName } from '../format.js';
import { isMessageKey, type MessageKey } from '../i18n.js';
import { useLang } from '../lang.js';
import { Time } from '../ui/Badges.js';
import { IncidentChanges } from './IncidentChanges.js';

type Delivery = IncidentDetail['deliveries'][number];

type Entry =
  | { type: 'detected'; at: string }
  | { type: 'report'; at: string; report: Report }
  | { type: 'delivery'; at: string; delivery: Delivery };

/**
 * Everything that happened to the incident, oldest first: its detection, every report (速報/続報/確報) and
 * every delivery up the chain. A delivery still waiting for review comes last, with its deadline.
 */
export function timelineOf(detail: IncidentDetail): Entry[] {
  const reports = detail.reports.map((report) => ({ type: 'report' as const, at: report.createdAt, report }));
  const entries: Entry[] = [
    { type: 'detected', at: detail.chain.detectedAt },
    ...reports.filter((e) => e.report.kind === 'quick'),
    ...detail.deliveries.map((delivery) => ({
      type: 'delivery' as const,
      at: delivery.receivedAt ?? delivery.createdAt,
      delivery,
    })),
    ...reports.filter((e) => e.report.kind !== 'quick'),
  ];
  const waiting = (e: Entry) => e.type === 'delivery' && e.delivery.receivedAt === null;
  // A stable sort: what happened in one instant (a quick report and the deliveries it caused, an update
  // filed at once) keeps the order of the chain.
  return entries.toSorted(
    (a, b) => Number(waiting(a)) - Number(waiting(b)) || Date.parse(a.at) - Date.parse(b.at),
  );
}

export function IncidentTimeline({ detail }: { detail: IncidentDetail }) {
  const { t } = useLang();
  return (
    <section aria-labelledby="timeline-heading">
      <h2 id="timeline-heading">{t('detail.timeline')}</h2>
      <ol className="timeline">
        {timelineOf(detail).map((entry) =>
          entry.type === 'detected' ? (
            <li key="detected" className="done">
              <span className="step">{t('detail.detected')}</span>
              <Time at={entry.at} />
            </li>
          ) : entry.type === 'report' ? (
            <ReportEntry key={entry.report.id} report={entry.report} />
          ) : (
            <DeliveryEntry key={entry.delivery.level} delivery={entry.delivery} />
          ),
        )}
      </ol>
    </section>
  );
}

const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value : null);

function ReportEntry({ report }: { report: Report }) {
  const { t, lang } = useLang();
  const kindKey = `kind.${report.kind}`;
  const body = report.body as Record<string, unknown>;
  const title = text(body.title);
  const content = text(body.text) ?? text(body.summary);
  return (
    <li className={`done report report-${report.kind}`}>
      <div className="report-entry">
        <h3>
          {isMessageKey(kindKey) ? t(kindKey) : report.kind} #{report.seq}
        </h3>
        <p className="muted">
          {t('detail.reportBy', { at: formatDateTime(report.createdAt, lang), author: report.author.email })}
        </p>
        {title && <p className="report-title">{title}</p>}
        {content && <p className="text">{content}</p>}
        <IncidentChanges body={body} />
      </div>
    </li>
  );
}

const ROUTES: Record<string, MessageKey> = {
  auto: 'detail.route.auto',
  forwarded: 'detail.route.forwarded',
  deadline: 'detail.route.deadline',
};

function DeliveryEntry({ delivery }: { delivery: Delivery }) {
  const { t, lang } = useLang();
  if (!delivery.receivedAt)
    return (
      <li className="pending waiting">
        <span className="step">
          {t('detail.awaitingReview', {
            at: formatDateTime(delivery.reviewDueAt ?? delivery.createdAt, lang),
          })}
        </span>
      </li>
    );
  const route = ROUTES[delivery.route];
  return (
    <li className="done">
      <span className="step">
        {t(delivery.level === 'ministry' ? 'detail.ministryReceived' : 'detail.centerReceived')}
      </span>
      <Time at={delivery.receivedAt} />
      <span className="muted">
        {route
          ? t('detail.via', { org: orgName(delivery.org, lang), route: t(route) })
          : orgName(delivery.org, lang)}
      </span>
    </li>
  );
}
