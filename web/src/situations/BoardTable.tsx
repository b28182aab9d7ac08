import { formatShortDateTime } from '../format.js';
import { useLang } from '../lang.js';
import { AnswerBadge } from './AnswerBadge.js';
import type { BoardBody } from './situations.api.js';

/**
 * Each in-scope body the reader may see: its answer, when, whether it acknowledged the notice, escalation, and its
 * requests (open / overdue / done).
 */
export function BoardTable({ bodies }: { bodies: readonly BoardBody[] }) {
  const { t, lang } = useLang();
  if (bodies.length === 0) return <p>{t('situations.boardEmpty')}</p>;
  return (
    <table className="incidents board-bodies">
      <caption>{t('situations.bodies')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('situations.col.body')}</th>
          <th scope="col">{t('situations.col.answer')}</th>
          <th scope="col">{t('situations.col.answeredAt')}</th>
          <th scope="col">{t('situations.col.acknowledged')}</th>
          <th scope="col">{t('situations.col.escalated')}</th>
          <th scope="col">{t('situations.col.requests')}</th>
        </tr>
      </thead>
      <tbody>
        {bodies.map((b) => (
          <tr key={b.orgId} data-org={b.orgSlug ?? b.orgId}>
            <th scope="row">
              {b.name}
              {b.parentName && <span className="muted"> （{b.parentName}）</span>}
            </th>
            <td data-label={t('situations.col.answer')}>
              <AnswerBadge status={b.answer?.status ?? 'unanswered'} />
              {b.answer?.onBehalf && <span className="muted"> {t('situations.onBehalf')}</span>}
            </td>
            <td data-label={t('situations.col.answeredAt')}>
              {b.answer ? (
                <time dateTime={b.answer.answeredAt}>{formatShortDateTime(b.answer.answeredAt, lang)}</time>
              ) : (
                '—'
              )}
            </td>
            <td data-label={t('situations.col.acknowledged')}>
              {b.acknowledgedAt ? (
                <time dateTime={b.acknowledgedAt}>{formatShortDateTime(b.acknowledgedAt, lang)}</time>
              ) : (
                t('situations.notAcknowledged')
              )}
            </td>
            <td data-label={t('situations.col.escalated')}>
              {b.escalated ? t('situations.escalated') : t('situations.notEscalated')}
            </td>
            <td
              data-label={t('situations.col.requests')}
              className={b.requests.overdue > 0 ? 'request-overdue' : undefined}
            >
              {t('situations.requestCounts', b.requests)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
