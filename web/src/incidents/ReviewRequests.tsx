import type { IncidentDetail } from '../api.js';
import { useLang } from '../lang.js';
import { Time } from '../ui/Badges.js';

/**
 * What the review left on an incident: the supervising ministry's open request for more (差し戻し), which the
 * reporting body answers by its next follow-up report, the requests answered before, and the ministry's note
 * to the center when it forwarded (the API gives the note to the center and the ministry only).
 */
export function ReviewRequests({ detail }: { detail: IncidentDetail }) {
  const { t } = useLang();
  const note = detail.deliveries.find((d) => d.level === 'center')?.note ?? null;
  const answered = detail.sendBacks.filter((s) => s.answeredAt !== null);
  if (!detail.sentBack && answered.length === 0 && !note) return null;
  return (
    <section aria-labelledby="review-requests-heading" className="review-requests">
      <h2 id="review-requests-heading">{t('sendBack.heading')}</h2>
      {detail.sentBack && (
        <div className="notice sent-back" role="note">
          <p>
            <strong>{t('sendBack.open')}</strong> <Time at={detail.sentBack.requestedAt} />
          </p>
          <p className="text">{detail.sentBack.message}</p>
          <p className="muted">{t('sendBack.answerHint')}</p>
        </div>
      )}
      {answered.length > 0 && (
        <ul>
          {answered.map((s) => (
            <li key={s.requestedAt}>
              <Time at={s.requestedAt} />：<span className="text">{s.message}</span>{' '}
              <span className="muted">{t('sendBack.answered', { seq: s.answeredBySeq ?? 0 })}</span>
            </li>
          ))}
        </ul>
      )}
      {note && (
        <div>
          <h3>{t('forwardNote.heading')}</h3>
          <p className="text forward-note">{note}</p>
        </div>
      )}
    </section>
  );
}
