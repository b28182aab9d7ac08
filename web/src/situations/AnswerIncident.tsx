import { useQuery } from '@tanstack/react-query';
import { incidentQueries, queryString } from '../incidents/incidents.api.js';
import { useLang } from '../lang.js';
import { followLink } from '../router.js';
import type { ScreenProps } from '../screen.js';

/**
 * 被害あり: the incident that says what happened — one of the answered body's incidents, or (for my own body) a
 * quick report filed now, after which the report screen comes back here with its id.
 */
export function AnswerIncident({
  orgSlug,
  own,
  situationId,
  exerciseId,
  value,
  onChange,
  navigate,
}: {
  orgSlug: string | null;
  own: boolean;
  /** The situation's exercise: its incidents are that exercise's, and a report filed from here is too. */
  exerciseId: string | null;
  situationId: string;
  value: string;
  onChange: (incidentId: string) => void;
  navigate: ScreenProps['navigate'];
}) {
  const { t } = useLang();
  const query = queryString({
    ...(orgSlug ? { org: orgSlug } : {}),
    ...(exerciseId ? { exercise: exerciseId } : {}),
    limit: 50,
  });
  const found = useQuery({ ...incidentQueries.list(query), enabled: orgSlug !== null });
  const incidents = found.data?.items ?? [];
  const report = `/report?${new URLSearchParams({ situation: situationId, ...(exerciseId ? { exercise: exerciseId } : {}) })}`;
  return (
    <div className="answer-incident">
      <div className="field">
        <label htmlFor="answer-incident">{t('situations.answerIncident')}</label>
        <select id="answer-incident" value={value} onChange={(e) => onChange(e.target.value)}>
          <option value="">{t('situations.answerIncident.none')}</option>
          {incidents.map((i) => (
            <option key={i.id} value={i.id}>
              {`${i.number} ${i.title}`}
            </option>
          ))}
        </select>
      </div>
      {own && (
        <p>
          <a className="button-link" href={report} onClick={followLink(navigate, report)}>
            {t('situations.fileQuickReport')}
          </a>{' '}
          <span className="muted">{t('situations.fileQuickReport.hint')}</span>
        </p>
      )}
    </div>
  );
}
