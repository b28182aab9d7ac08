import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { ApiError, type Me, newIdempotencyKey } from '../api.js';
import { formatDateTime } from '../format.js';
import { isMessageKey } from '../i18n.js';
import { useLang } from '../lang.js';
import { useFocusAfterRender } from '../ui/focus.js';
import { NoticeEditor } from './NoticeEditor.js';
import { noticeQueries, noticesApi, type Track } from './notices.api.js';
import './notices.css';

const FILING_ROLES = ['reporter', 'security-officer'];

/**
 * The incident's accountability track (国民への説明責任): whether the body explains the attack to the public, decided
 * by a due time, and the notices it drafts, has approved and publishes. The body acts; its supervising ministry
 * and the center read and comment. Nobody else sees any of it (the server answers 404).
 */
export function Accountability({
  incidentId,
  incidentOrg,
  me,
}: {
  incidentId: string;
  incidentOrg: string;
  me: Me;
}) {
  const { t, lang } = useLang();
  const client = useQueryClient();
  const query = useQuery(noticeQueries.accountability(incidentId));
  const [reason, setReason] = useState('');
  const [decision, setDecision] = useState<'publish' | 'not-needed'>('publish');
  const [key] = useState(newIdempotencyKey);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<{ text: string; bad: boolean } | null>(null);
  const statusRef = useRef<HTMLParagraphElement>(null);
  const focusAfterRender = useFocusAfterRender();
  const own = me.org.slug === incidentOrg;
  const mayDraft = own && FILING_ROLES.includes(me.role);
  const mayDecide = own && me.role === 'security-officer';
  const missing = query.error instanceof ApiError && query.error.status === 404;
  if (query.error && !missing) return null;
  if (missing && !mayDraft) return null;

  const reload = () =>
    void client.invalidateQueries({ queryKey: ['incidents', incidentId, 'accountability'] });
  const problem = (e: unknown) => {
    const code = e instanceof ApiError ? e.code : 'network';
    const known = `notices.problem.${code}`;
    return isMessageKey(known) ? t(known) : t('notices.failed', { code });
  };
  async function act(fn: () => Promise<unknown>) {
    if (busy) return;
    setBusy(true);
    setStatus(null);
    try {
      await fn();
      setStatus({ text: t('notices.done'), bad: false });
      reload();
    } catch (e) {
      setStatus({ text: problem(e), bad: true });
    } finally {
      setBusy(false);
      focusAfterRender(() => statusRef.current);
    }
  }

  const track: Track | null = query.data?.track ?? null;
  return (
    <section aria-labelledby="accountability-heading" className="accountability">
      <h2 id="accountability-heading">{t('notices.heading')}</h2>
      <p className="muted">{t('notices.hint')}</p>
      {status && (
        <p className={status.bad ? 'error' : 'notice'} role="status" tabIndex={-1} ref={statusRef}>
          {status.text}
        </p>
      )}
      {!track ? (
        missing && (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void act(() => noticesApi.open(incidentId, reason, key));
            }}
          >
            <p>{t('notices.none')}</p>
            <label htmlFor="accountability-reason">{t('notices.reason')}</label>
            <textarea
              id="accountability-reason"
              value={reason}
              required
              rows={2}
              onChange={(e) => setReason(e.target.value)}
            />
            <p>
              <button type="submit" disabled={busy}>
                {t('notices.open')}
              </button>
            </p>
          </form>
        )
      ) : (
        <>
          <p>
            {t('notices.due', { at: formatDateTime(track.dueAt, lang) })}{' '}
            {track.overdue && <strong className="error">{t('notices.overdue')}</strong>}
          </p>
          <p className="text">{track.reason}</p>
          {track.decision && track.decidedAt && (
            <p>
              {t(`notices.decided.${track.decision}`, { at: formatDateTime(track.decidedAt, lang) })}
              <br />
              {t('notices.decisionReason', { reason: track.decisionReason ?? '' })}
            </p>
          )}
          {mayDecide && (
            <form
              className="decision"
              onSubmit={(e) => {
                e.preventDefault();
                void act(() => noticesApi.decide(incidentId, track.revision, decision, reason));
              }}
            >
              <fieldset>
                <legend>{t('notices.decision')}</legend>
                {(['publish', 'not-needed'] as const).map((d) => (
                  <label key={d} className="choice">
                    <input
                      type="radio"
                      name="decision"
                      value={d}
                      checked={decision === d}
                      onChange={() => setDecision(d)}
                    />{' '}
                    {t(`notices.decision.${d}`)}
                  </label>
                ))}
              </fieldset>
              <label htmlFor="decision-reason">{t('notices.decisionReasonLabel')}</label>
              <textarea
                id="decision-reason"
                value={reason}
                required
                rows={2}
                onChange={(e) => setReason(e.target.value)}
              />
              <p>
                <button type="submit" disabled={busy}>
                  {t('notices.decide')}
                </button>
              </p>
            </form>
          )}
          {query.data?.notices.map((n) => (
            <NoticeEditor
              key={n.id}
              incidentId={incidentId}
              noticeId={n.id}
              me={me}
              own={own}
              act={act}
              busy={busy}
            />
          ))}
          {mayDraft && (
            <p className="actions">
              <button
                type="button"
                disabled={busy}
                onClick={() => void act(() => noticesApi.draft(incidentId, 'notice', newIdempotencyKey()))}
              >
                {t('notices.draft.notice')}
              </button>{' '}
              <button
                type="button"
                disabled={busy}
                onClick={() => void act(() => noticesApi.draft(incidentId, 'press', newIdempotencyKey()))}
              >
                {t('notices.draft.press')}
              </button>
            </p>
          )}
        </>
      )}
    </section>
  );
}
