import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { ConfirmDialog } from '../admin/Dialog.js';
import { newIdempotencyKey } from '../api.js';
import { formatDateTime } from '../format.js';
import { useLang } from '../lang.js';
import { ExerciseBanner } from '../marks/ExerciseBanner.js';
import { useLoaded } from '../queries.js';
import { exerciseReportPath, followLink, situationPath } from '../router.js';
import type { ScreenProps } from '../screen.js';
import {
  type ControlAction,
  exerciseQueries,
  exercisesApi,
  type Inject,
  offsetText,
} from './exercises.api.js';
import { refusalOf } from './refusal.js';

const ACTIONS: Record<string, readonly ControlAction[]> = {
  draft: ['start'],
  running: ['pause', 'end'],
  paused: ['resume', 'end'],
};

/** What an inject says, in a line: its title, name or text. */
const contentOf = (i: Inject) => {
  const p = i.payload as Record<string, unknown>;
  const first = [p.name, p.title, p.text, p.level, p.note].find((v) => typeof v === 'string');
  return typeof first === 'string' ? first : '';
};

const clock = (seconds: number) => {
  const h = Math.floor(seconds / 3600);
  const mm = String(Math.floor((seconds % 3600) / 60)).padStart(2, '0');
  const ss = String(seconds % 60).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
};

/**
 * A pending inject's due time and what is left of its wait: counting down (from the server's figure, by the
 * seconds since it came) while running; while paused, 一時停止中 and the remaining time frozen. After the resume
 * the server's due time has moved by the time paused.
 */
function DueCell({ inject: i, paused }: { inject: Inject; paused: boolean }) {
  const { t, lang } = useLang();
  const [since] = useState(() => Date.now());
  const [, tick] = useState(0);
  const counting = i.remainingSeconds !== null && !paused && i.remainingSeconds > 0;
  useEffect(() => {
    if (!counting) return;
    const timer = window.setInterval(() => tick((n) => n + 1), 1000);
    return () => window.clearInterval(timer);
  }, [counting]);
  if (i.remainingSeconds === null) return <td>{i.dueAt ? formatDateTime(i.dueAt, lang) : '—'}</td>;
  if (paused)
    return <td data-due="paused">{t('exercises.due.paused', { left: clock(i.remainingSeconds) })}</td>;
  const left = Math.max(0, i.remainingSeconds - Math.floor((Date.now() - since) / 1000));
  return (
    <td data-due="running">
      {i.dueAt ? formatDateTime(i.dueAt, lang) : '—'} {t('exercises.due.left', { left: clock(left) })}
    </td>
  );
}

/**
 * 訓練の統制: the exercise's status, start / pause / resume / end (each confirmed), its injects with their due
 * times (moved by the time paused) and how each was played, the exercise's situation; refreshed live.
 */
export function ExerciseControl({ id, navigate }: ScreenProps & { id: string }) {
  const { t, lang } = useLang();
  const client = useQueryClient();
  const loaded = useLoaded(exerciseQueries.one(id));
  const [asking, setAsking] = useState<ControlAction | null>(null);
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<unknown>(null);
  const key = useRef(newIdempotencyKey());
  const e = loaded.data;
  if (loaded.error && !e)
    return (
      <section aria-labelledby="exercise-heading">
        <h1 id="exercise-heading">{t('exercises.heading')}</h1>
        <p className="error" role="alert">
          {refusalOf(t, loaded.error)}
        </p>
      </section>
    );
  if (!e) return <p className="muted">{t('common.loading')}</p>;

  async function act(action: ControlAction, version: number) {
    setBusy(true);
    setRefusal(null);
    try {
      const next = await exercisesApi.control(id, action, version, key.current);
      key.current = newIdempotencyKey();
      client.setQueryData(exerciseQueries.one(id).queryKey, next);
      void client.invalidateQueries({ queryKey: ['exercises', 'list'] });
      setAsking(null);
    } catch (err) {
      setRefusal(err);
      key.current = newIdempotencyKey();
      // What changed meanwhile is shown: the next try is at the version read now.
      loaded.reload();
    } finally {
      setBusy(false);
    }
  }

  const situationId = e.injects
    .map((i) => (i.outcome as { situationId?: unknown } | null)?.situationId)
    .find((s): s is string => typeof s === 'string');
  const outcomeText = (i: Inject) => {
    const o = i.outcome as { ok?: boolean; number?: string; incidentId?: string; message?: string } | null;
    if (!o) return '—';
    if (o.ok === false) return o.message ?? '';
    if (o.number && o.incidentId) return t('exercises.outcome.incident', { number: o.number });
    if (o.number) return t('exercises.outcome.situation', { number: o.number });
    return t('exercises.outcome.done');
  };
  const status = t(`exercises.status.${e.status}`);
  return (
    <section className="exercises" aria-labelledby="exercise-heading">
      <ExerciseBanner exercise={e} />
      <h1 id="exercise-heading">
        {e.number} {e.name}
      </h1>
      <p role="status">
        <span className="badge">{t('exercises.status', { status })}</span>
        {e.startedAt && ` ${t('exercises.startedAt', { at: formatDateTime(e.startedAt, lang) })}`}
        {e.endedAt && ` ${t('exercises.endedAt', { at: formatDateTime(e.endedAt, lang) })}`}
      </p>
      {e.description && <p>{e.description}</p>}
      {e.status === 'paused' && <p className="muted">{t('exercises.pausedNote')}</p>}
      <div className="control-actions">
        {(ACTIONS[e.status] ?? []).map((action) => (
          <button
            key={action}
            type="button"
            className={action === 'end' ? 'danger' : 'primary'}
            onClick={() => {
              setRefusal(null);
              setAsking(action);
            }}
          >
            {t(`exercises.action.${action}`)}
          </button>
        ))}
        {e.status === 'draft' && (
          <a
            className="button-link"
            href={`/exercises/${encodeURIComponent(id)}/edit`}
            onClick={followLink(navigate, `/exercises/${encodeURIComponent(id)}/edit`)}
          >
            {t('exercises.edit')}
          </a>
        )}
        {situationId && (
          <a
            className="button-link"
            href={situationPath(situationId)}
            onClick={followLink(navigate, situationPath(situationId))}
          >
            {t('exercises.situation')}
          </a>
        )}
        {e.status !== 'draft' && (
          <a
            className="button-link"
            href={exerciseReportPath(id)}
            onClick={followLink(navigate, exerciseReportPath(id))}
          >
            {t('exercises.report')}
          </a>
        )}
      </div>
      {refusal && !asking ? (
        <p className="error" role="alert">
          {refusalOf(t, refusal)}
        </p>
      ) : null}
      <h2>{t('exercises.injects')}</h2>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('exercises.col.at')}</th>
              <th scope="col">{t('exercises.col.kind')}</th>
              <th scope="col">{t('exercises.col.content')}</th>
              <th scope="col">{t('exercises.col.due')}</th>
              <th scope="col">{t('exercises.col.state')}</th>
              <th scope="col">{t('exercises.col.outcome')}</th>
            </tr>
          </thead>
          <tbody>
            {e.injects.map((i) => (
              <tr key={`${i.seq}:${i.remainingSeconds}:${e.version}`} data-state={i.state}>
                <td>{offsetText(i.offsetSeconds)}</td>
                <td>{t(`exercises.kind.${i.kind as 'note'}`)}</td>
                <th scope="row">{contentOf(i)}</th>
                <DueCell inject={i} paused={e.status === 'paused'} />
                <td>{t(`exercises.state.${i.state}`)}</td>
                <td>{outcomeText(i)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {asking && (
        <ConfirmDialog
          title={t(`exercises.action.${asking}`)}
          question={t(`exercises.confirm.${asking}`, { name: e.name })}
          confirmLabel={t(`exercises.action.${asking}`)}
          cancelLabel={t('exercises.cancel')}
          busy={busy}
          error={refusal ? refusalOf(t, refusal) : null}
          onConfirm={() => void act(asking, e.version)}
          onCancel={() => setAsking(null)}
        />
      )}
    </section>
  );
}
