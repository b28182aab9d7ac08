import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useLang } from '../lang.js';
import { Time } from '../ui/Badges.js';
import { refusalText } from './problemText.js';
import { MOVES, type RequestBodyState, requestsApi, type SituationRequest, STATES } from './RequestsApi.js';

/**
 * One request as an addressed body acts on it: what is asked, by when, its state, and big buttons 受領 / 対応中 /
 * 完了 for the states ahead (a phone's thumb reaches them), 完了 with an optional completion note; a ministry gets
 * a row per agency it may act for.
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
  // 完了 asks first for an optional note of what was done.
  const [completing, setCompleting] = useState(false);
  const [note, setNote] = useState('');
  const at = STATES.indexOf(b.state);
  const noteId = `request-note-${r.id}-${b.orgId}`;
  async function move(state: (typeof MOVES)[number]) {
    setBusy(true);
    setProblem(null);
    try {
      const withNote = state === 'done' && note.trim() ? { note: note.trim() } : {};
      await requestsApi.move(situationId, r.id, { state, orgId: b.orgId, version: b.version, ...withNote });
      setCompleting(false);
      setNote('');
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
            aria-expanded={state === 'done' ? completing : undefined}
            onClick={() => (state === 'done' ? setCompleting(true) : void move(state))}
          >
            {t(`situations.requests.state.${state}`)}
          </button>
        ))}
      </div>
      {completing && (
        <div className="request-done">
          <div className="field">
            <label htmlFor={noteId}>{t('situations.requests.doneNote')}</label>
            <textarea
              id={noteId}
              rows={3}
              maxLength={1000}
              value={note}
              onChange={(e) => setNote(e.target.value)}
            />
          </div>
          <button type="button" className="big-button" disabled={busy} onClick={() => void move('done')}>
            {t('situations.requests.doneConfirm')}
          </button>{' '}
          <button type="button" disabled={busy} onClick={() => setCompleting(false)}>
            {t('situations.requests.cancel')}
          </button>
        </div>
      )}
      {problem !== null && (
        <p className="error" role="alert">
          {refusalText(t, problem)}
        </p>
      )}
    </fieldset>
  );
}
