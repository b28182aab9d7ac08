import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useLang } from '../lang.js';
import { refusalText } from './problemText.js';
import { requestsApi, type SituationRequest } from './RequestsApi.js';

const NOTE_MAX = 1000;

/**
 * The center coordinator's changes to one standing request, at the version read: move its due time, or withdraw
 * it after confirming (the addressed bodies are told of either). Folded away until opened.
 */
export function RequestsAmend({
  situationId,
  r,
  onDone,
}: {
  situationId: string;
  r: SituationRequest;
  onDone: (message: string) => void;
}) {
  const { t } = useLang();
  const client = useQueryClient();
  const [due, setDue] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);
  const id = `request-${r.id}`;

  async function run(call: () => Promise<unknown>, message: string) {
    setBusy(true);
    setProblem(null);
    try {
      await call();
      onDone(message);
      setDue('');
      setNote('');
      setConfirming(false);
    } catch (e) {
      setProblem(e instanceof RangeError ? new Error('due') : e);
    } finally {
      setBusy(false);
      await client.invalidateQueries({ queryKey: ['situations', situationId] });
    }
  }
  const amend = (e: FormEvent) => {
    e.preventDefault();
    void run(
      () => requestsApi.amend(situationId, r.id, { dueAt: new Date(due).toISOString(), version: r.version }),
      t('situations.requests.amended', { number: r.number }),
    );
  };
  const withdraw = () =>
    void run(
      () =>
        requestsApi.withdraw(situationId, r.id, {
          version: r.version,
          ...(note.trim() ? { note: note.trim() } : {}),
        }),
      t('situations.requests.withdrawnNow', { number: r.number }),
    );

  return (
    <details className="request-amend">
      <summary>{t('situations.requests.change', { number: r.number })}</summary>
      <form onSubmit={amend}>
        <div className="field">
          <label htmlFor={`${id}-due`}>{t('situations.requests.newDue')}</label>
          <input
            id={`${id}-due`}
            type="datetime-local"
            required
            value={due}
            onChange={(e) => setDue(e.target.value)}
          />
        </div>
        <button type="submit" disabled={busy}>
          {t('situations.requests.amend')}
        </button>
      </form>
      {confirming ? (
        <fieldset className="request-withdraw">
          <legend>{t('situations.requests.withdrawConfirm', { number: r.number })}</legend>
          <div className="field">
            <label htmlFor={`${id}-note`}>{t('situations.requests.withdrawNote')}</label>
            <textarea
              id={`${id}-note`}
              rows={2}
              maxLength={NOTE_MAX}
              value={note}
              onChange={(e) => setNote(e.target.value)}
            />
          </div>
          <button type="button" className="danger" disabled={busy} onClick={withdraw}>
            {t('situations.requests.withdrawYes')}
          </button>{' '}
          <button type="button" disabled={busy} onClick={() => setConfirming(false)}>
            {t('situations.requests.cancel')}
          </button>
        </fieldset>
      ) : (
        <button type="button" disabled={busy} onClick={() => setConfirming(true)}>
          {t('situations.requests.withdraw')}
        </button>
      )}
      {problem !== null && (
        <p className="error" role="alert">
          {refusalText(t, problem)}
        </p>
      )}
    </details>
  );
}
