import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useLang } from '../lang.js';
import { Time } from '../ui/Badges.js';
import { refusalText } from './problemText.js';
import { MOVES, type RequestBodyState, requestsApi, type SituationRequest, STATES } from './RequestsApi.js';

/**
 * One request as an addressed body acts on it: what is asked, by when, its state, and big buttons 受領 / 対応中 /
 * 完了 for the states ahead (a phone's thumb reaches them); a ministry gets a row per agency it may act for.
 */
export function RequestMoves({ situationId, r }: { situationId: string; r: SituationRequest }) {
  const { t } = useLang();
  const bodies = r.bodies.filter((b) => r.mayMoveFor.includes(b.orgId));
  return (
    <article className={`card request-card${bodies.some((b) => b.overdue) ? ' request-overdue' : ''}`}>
      <h3>
        {r.number} {r.title}
      </h3>
      <p className="muted">
        {t('situations.requests.due')} <Time at={r.dueAt} />
        {bodies.some((b) => b.overdue) && (
          <strong className="overdue-mark"> {t('situations.requests.overdue')}</strong>
        )}
      </p>
      <p className="request-body">{r.body}</p>
      {bodies.map((b) => (
        <BodyMoves key={b.orgId} situationId={situationId} r={r} b={b} named={bodies.length > 1} />
      ))}
    </article>
  );
}

function BodyMoves({
  situationId,
  r,
  b,
  named,
}: {
  situationId: string;
  r: SituationRequest;
  b: RequestBodyState;
  named: boolean;
}) {
  const { t } = useLang();
  const client = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);
  const at = STATES.indexOf(b.state);
  async function move(state: (typeof MOVES)[number]) {
    setBusy(true);
    setProblem(null);
    try {
      await requestsApi.move(situationId, r.id, { state, orgId: b.orgId, version: b.version });
    } catch (e) {
      setProblem(e);
    } finally {
      setBusy(false);
      await client.invalidateQueries({ queryKey: ['situations', situationId, 'requests'] });
    }
  }
  const label = `${r.number}${named ? ` ${b.orgName}` : ''}`;
  return (
    <fieldset className="request-moves" aria-label={label}>
      <p>
        {named && <span>{b.orgName}: </span>}
        {t('situations.requests.stateNow')} <strong>{t(`situations.requests.state.${b.state}`)}</strong>
      </p>
      <div className="request-buttons">
        {MOVES.map((state) => (
          <button
            key={state}
            type="button"
            className="big-button"
            disabled={busy || STATES.indexOf(state) <= at}
            onClick={() => void move(state)}
          >
            {t(`situations.requests.state.${state}`)}
          </button>
        ))}
      </div>
      {problem !== null && (
        <p className="error" role="alert">
          {refusalText(t, problem)}
        </p>
      )}
    </fieldset>
  );
}
