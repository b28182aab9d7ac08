import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useLang } from '../lang.js';
import { refusalText } from './problemText.js';
import { type NewRequest, requestsApi } from './RequestsApi.js';
import type { Situation } from './situations.api.js';

type Kind = NewRequest['addressees']['kind'];
const KINDS: readonly Kind[] = ['all', 'ministries', 'bodies'];

/** The center coordinator's form: a request with a due time to every body in scope, the ministries, or some. */
export function RequestForm({ s, onIssued }: { s: Situation; onIssued: (number: string) => void }) {
  const { t } = useLang();
  const client = useQueryClient();
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [due, setDue] = useState('');
  const [kind, setKind] = useState<Kind>('all');
  const [picked, setPicked] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      const dueAt = new Date(due).toISOString();
      const issued = await requestsApi.issue(s.id, {
        title: title.trim(),
        body: body.trim(),
        dueAt,
        addressees: kind === 'bodies' ? { kind, bodies: picked.map((orgId) => ({ orgId })) } : { kind },
      });
      setTitle('');
      setBody('');
      setDue('');
      setPicked([]);
      await client.invalidateQueries({ queryKey: ['situations', s.id] });
      onIssued(issued.number);
    } catch (err) {
      setProblem(err instanceof RangeError ? new Error('due') : err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card request-form" onSubmit={(e) => void submit(e)}>
      <h3>{t('situations.requests.new')}</h3>
      <div className="field">
        <label htmlFor="request-title">{t('situations.requests.title')}</label>
        <input id="request-title" required value={title} onChange={(e) => setTitle(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="request-body">{t('situations.requests.body')}</label>
        <textarea
          id="request-body"
          required
          rows={3}
          value={body}
          onChange={(e) => setBody(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor="request-due">{t('situations.requests.dueAt')}</label>
        <input
          id="request-due"
          type="datetime-local"
          required
          value={due}
          onChange={(e) => setDue(e.target.value)}
        />
      </div>
      <fieldset>
        <legend>{t('situations.requests.addressees')}</legend>
        {KINDS.map((k) => (
          <span key={k} className="choice">
            <input
              type="radio"
              id={`request-to-${k}`}
              name="request-to"
              checked={kind === k}
              onChange={() => setKind(k)}
            />
            <label htmlFor={`request-to-${k}`}>{t(`situations.requests.to.${k}`)}</label>
          </span>
        ))}
        {kind === 'bodies' &&
          s.scope.bodies.map((b) => (
            <span key={b.orgId} className="choice">
              <input
                type="checkbox"
                id={`request-body-${b.orgId}`}
                checked={picked.includes(b.orgId)}
                onChange={(e) =>
                  setPicked(e.target.checked ? [...picked, b.orgId] : picked.filter((id) => id !== b.orgId))
                }
              />
              <label htmlFor={`request-body-${b.orgId}`}>{b.name}</label>
            </span>
          ))}
      </fieldset>
      {problem !== null && (
        <p className="error" role="alert">
          {refusalText(t, problem)}
        </p>
      )}
      <button type="submit" disabled={busy}>
        {t('situations.requests.issue')}
      </button>
    </form>
  );
}
