import { useLang } from '../lang.js';
import { ANSWER_STATUSES, type AnswerStatus } from './situations.api.js';

/** The three answers as large choices (a radio group: arrows move, one tap picks), each a word and a mark. */
export function AnswerChoice({
  value,
  onChange,
}: {
  value: AnswerStatus | null;
  onChange: (status: AnswerStatus) => void;
}) {
  const { t } = useLang();
  return (
    <fieldset className="answer-choice">
      <legend>{t('situations.answer.legend')}</legend>
      {ANSWER_STATUSES.map((status) => (
        <span key={status} className={`answer-tile answer-${status}`}>
          <input
            type="radio"
            id={`answer-${status}`}
            name="answer-status"
            checked={value === status}
            onChange={() => onChange(status)}
          />
          <label htmlFor={`answer-${status}`}>
            <span className="answer-word">
              <span className="answer-mark" aria-hidden="true" />
              {t(`situations.answer.${status}`)}
            </span>
            <span className="answer-hint">{t(`situations.answer.${status}.hint`)}</span>
          </label>
        </span>
      ))}
    </fieldset>
  );
}
