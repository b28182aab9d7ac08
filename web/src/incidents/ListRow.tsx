import { formatDateTime, formatShortDateTime, orgName } from '../format.js';
import { useLang } from '../lang.js';
import { followLink, incidentPath } from '../router.js';
import { SeverityBadge, TlpBadge } from '../ui/Badges.js';
import { IncidentNumber } from './IncidentNumber.js';
import type { Incident } from './incidents.api.js';

/** A time short enough for a table cell (11/25 21:10); the full date with its era in the tooltip. */
export function ShortTime({ at }: { at: string }) {
  const { lang } = useLang();
  return (
    <time dateTime={at} title={formatDateTime(at, lang)}>
      {formatShortDateTime(at, lang)}
    </time>
  );
}

/** One incident of the list; on a phone, a card whose cells carry their column's name (data-label). */
export function ListRow({
  incident,
  fresh,
  navigate,
}: {
  incident: Incident;
  fresh: boolean;
  navigate: (path: string) => void;
}) {
  const { t, lang } = useLang();
  const { chain } = incident;
  const path = incidentPath(incident.id);
  return (
    <tr className={fresh ? 'fresh' : undefined}>
      <td data-label={t('list.org')}>{orgName(incident.org, lang)}</td>
      <th scope="row" data-label={t('list.title')}>
        <IncidentNumber number={incident.number} />{' '}
        <a href={path} onClick={followLink(navigate, path)}>
          {incident.title}
        </a>
      </th>
      <td className="compact" data-label={t('list.severity')}>
        <SeverityBadge severity={incident.severity} />
      </td>
      <td className="compact" data-label={t('list.tlp')}>
        <TlpBadge tlp={incident.tlp} />
      </td>
      <td data-label={t('list.reportedAt')}>
        <ShortTime at={chain.reportedAt} />
      </td>
      <td data-label={t('list.ministry')}>
        {incident.org.kind !== 'agency' ? (
          <span className="muted">{t('list.notApplicable')}</span>
        ) : (
          <Received at={chain.ministryReceivedAt} />
        )}
      </td>
      <td data-label={t('list.center')}>
        {chain.centerReceivedAt === null && chain.awaitingReview ? (
          <AwaitingReview dueAt={chain.reviewDueAt} />
        ) : (
          <Received at={chain.centerReceivedAt} />
        )}
      </td>
      <td className="compact" data-label={t('list.status')}>
        <span className={`status status-${incident.status}`}>
          {incident.status === 'final' ? t('list.status.final') : t('list.status.open')}
        </span>
        {incident.sentBack && <span className="state waiting sent-back">{t('sendBack.badge')}</span>}
      </td>
    </tr>
  );
}

function Received({ at }: { at: string | null }) {
  const { t } = useLang();
  if (!at) return <span className="state pending">{t('list.notReceived')}</span>;
  return (
    <span className="state done">
      {t('list.received')} <ShortTime at={at} />
    </span>
  );
}

function AwaitingReview({ dueAt }: { dueAt: string | null }) {
  const { t } = useLang();
  return (
    <>
      <span className="state waiting">{t('list.awaitingReview')}</span>
      {dueAt && (
        <span className="review-due muted">
          {t('list.reviewDue')} <ShortTime at={dueAt} />
        </span>
      )}
    </>
  );
}
