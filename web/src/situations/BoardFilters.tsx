import { useLang } from '../lang.js';
import type { BoardAnswer, BoardFilter } from './situations.api.js';

const ANSWERS: readonly BoardAnswer[] = ['affected', 'investigating', 'none', 'unanswered'];

/** The board's filters from the address; a value the API would refuse is dropped. */
export function filterOf(params: URLSearchParams): BoardFilter {
  const answer = ANSWERS.find((a) => a === params.get('answer'));
  const ministry = params.get('ministry') ?? '';
  return { ...(answer ? { answer } : {}), ...(ministry ? { ministry } : {}) };
}

/** Filters of the board: by answer, and (when the board spans several) by ministry. */
export function BoardFilters({
  filter,
  ministries,
  onChange,
}: {
  filter: BoardFilter;
  ministries: readonly { orgId: string; name: string }[];
  onChange: (next: { answer?: string; ministry?: string }) => void;
}) {
  const { t } = useLang();
  return (
    <div className="board-filters">
      <div className="field">
        <label htmlFor="board-answer">{t('situations.filter.answer')}</label>
        <select
          id="board-answer"
          value={filter.answer ?? ''}
          onChange={(e) => onChange({ answer: e.target.value })}
        >
          <option value="">{t('situations.filter.any')}</option>
          {ANSWERS.map((a) => (
            <option key={a} value={a}>
              {t(`situations.answer.${a}`)}
            </option>
          ))}
        </select>
      </div>
      {(ministries.length > 1 || filter.ministry) && (
        <div className="field">
          <label htmlFor="board-ministry">{t('situations.filter.ministry')}</label>
          <select
            id="board-ministry"
            value={filter.ministry ?? ''}
            onChange={(e) => onChange({ ministry: e.target.value })}
          >
            <option value="">{t('situations.filter.any')}</option>
            {ministries.map((m) => (
              <option key={m.orgId} value={m.orgId}>
                {m.name}
              </option>
            ))}
          </select>
        </div>
      )}
    </div>
  );
}
