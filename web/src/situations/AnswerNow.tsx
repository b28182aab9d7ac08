import { useLang } from '../lang.js';
import { Time } from '../ui/Badges.js';
import { AnswerBadge } from './AnswerBadge.js';
import type { Answer } from './situations.api.js';

/** The body's current answer (its latest revision): what, when, by whom, on behalf or not; or none yet. */
export function AnswerNow({ answer }: { answer: Answer | null }) {
  const { t } = useLang();
  if (!answer) return <p className="answer-now">{t('situations.answerNone')}</p>;
  return (
    <p className="answer-now">
      {t('situations.answerNow')} <AnswerBadge status={answer.status} />{' '}
      <span className="muted">
        {t('situations.revision', { n: answer.revision })} <Time at={answer.answeredAt} />{' '}
        {answer.answeredBy.name}
        {answer.onBehalf ? ` ${t('situations.onBehalf')}` : ''}
      </span>
      {answer.incident && (
        <span className="muted"> {t('situations.answerWith', { number: answer.incident.number })}</span>
      )}
      {answer.note && <span className="answer-note-text">{answer.note}</span>}
    </p>
  );
}
