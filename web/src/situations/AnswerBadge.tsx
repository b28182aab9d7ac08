import { useLang } from '../lang.js';
import type { BoardAnswer } from './situations.api.js';

/** A roll-call answer as a word on its colour: 被害なし / 調査中 / 被害あり / 未回答. */
export function AnswerBadge({ status }: { status: BoardAnswer }) {
  const { t } = useLang();
  return <span className={`badge answer answer-${status}`}>{t(`situations.answer.${status}`)}</span>;
}
