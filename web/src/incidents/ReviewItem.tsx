import { useState } from 'react';
import { ApiError, newIdempotencyKey } from '../api.js';
import { orgName } from '../format.js';
import { useLang } from '../lang.js';
import { followLink, incidentPath } from '../router.js';
import { SeverityBadge, Time, TlpBadge } from '../ui/Badges.js';
import { IncidentNumber } from './IncidentNumber.js';
import { type Incident, incidentsApi } from './incidents.api.js';
import { ReviewCountdown } from './ReviewCountdown.js';
import { SendBackAction } from './SendBackAction.js';

/** The id of an item's heading, which takes the focus when the item before it leaves the queue. */
export const reviewHeadingId = (incident: Incident) => `review-${incident.id}-heading`;

/**
 * One agency report waiting for review: what it says, how long is left, and one button that forwards it to the
 * center (with an optional note behind a disclosure). `onForwarded` says whether it had already gone.
 */
export function ReviewItem({
  incident,
  now,
  navigate,
  onForwarded,
}: {
  incident: Incident;
  now: number;
  navigate: (path: string) => void;
  onForwarded: (incident: Incident, alreadyGone: boolean) => void;
}) {
  const { t, lang } = useLang();
  const [note, setNote] = useState('');
  // One key per item: a retry after a lost answer forwards once.
  const [key] = useState(newIdempotencyKey);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const heading = reviewHeadingId(incident);
  const noteId = `review-${incident.id}-note`;
  const path = incidentPath(incident.id);
  const due = incident.chain.reviewDueAt;

  async function forward() {
    setSending(true);
    setError(null);
    try {
      await incidentsApi.forward(incident.id, note, key);
      onForwarded(incident, false);
    } catch (e) {
      // Forwarded meanwhile by a colleague or by the deadline: the queue only needs to let it go.
      if (e instanceof ApiError && e.code === 'incidents.not_awaiting_review') onForwarded(incident, true);
      else {
        setError(e instanceof ApiError ? e : new ApiError(0, 'network', ''));
        setSending(false);
      }
    }
  }

  return (
    <li className="review-item card" data-id={incident.id}>
      <article aria-labelledby={heading}>
        <h3 id={heading} tabIndex={-1}>
          <IncidentNumber number={incident.number} />{' '}
          <a href={path} onClick={followLink(navigate, path)}>
            {incident.title}
          </a>
        </h3>
        <dl className="facts">
          <dt>{t('queue.from')}</dt>
          <dd>{orgName(incident.org, lang)}</dd>
          <dt>{t('list.severity')}</dt>
          <dd>
            <SeverityBadge severity={incident.severity} />
          </dd>
          <dt>{t('list.tlp')}</dt>
          <dd>
            <TlpBadge tlp={incident.tlp} />
          </dd>
          <dt>{t('queue.reportedAt')}</dt>
          <dd>
            <Time at={incident.chain.reportedAt} />
          </dd>
          {due && (
            <>
              <dt>{t('queue.dueAt')}</dt>
              <dd>
                <Time at={due} /> <ReviewCountdown dueAt={due} now={now} />
              </dd>
            </>
          )}
        </dl>
        <p className="text review-summary">{incident.summary}</p>
        <details className="review-note">
          <summary>{t('queue.note')}</summary>
          <label htmlFor={noteId}>{t('queue.noteLabel')}</label>
          <textarea
            id={noteId}
            rows={3}
            maxLength={2000}
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
        </details>
        <div className="review-actions">
          <button
            type="button"
            className="primary"
            aria-describedby={heading}
            // Not `disabled`: a disabled button would drop the focus while the request runs.
            aria-disabled={sending}
            onClick={() => {
              if (!sending) forward();
            }}
          >
            {sending ? t('queue.forwarding') : t('queue.forward')}
          </button>
        </div>
        {error && (
          <p className="error" role="alert">
            {t('common.error', { code: error.code })}
          </p>
        )}
        <SendBackAction incident={incident} describedBy={heading} />
      </article>
    </li>
  );
}
