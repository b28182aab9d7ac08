import { useRef, useState } from 'react';
import { ApiError, newIdempotencyKey } from '../api.js';
import { useLang } from '../lang.js';
import { Time } from '../ui/Badges.js';
import { useFocusAfterRender } from '../ui/focus.js';
import { conversationApi } from './conversation.api.js';
import type { Incident } from './incidents.api.js';

/**
 * Next to forwarding in the review queue: send the report back to the agency asking for more (差し戻し), with a
 * required message. Once sent back, it says so and since when; the review goes on under the same deadline.
 */
export function SendBackAction({ incident, describedBy }: { incident: Incident; describedBy: string }) {
  const { t } = useLang();
  const [open, setOpen] = useState(incident.sentBack);
  const [text, setText] = useState('');
  const [key] = useState(newIdempotencyKey);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const fieldRef = useRef<HTMLTextAreaElement>(null);
  const doneRef = useRef<HTMLParagraphElement>(null);
  const focusAfterRender = useFocusAfterRender();
  const fieldId = `review-${incident.id}-send-back`;
  const current = open ?? incident.sentBack;

  if (current)
    return (
      <p className="notice sent-back" role="status" tabIndex={-1} ref={doneRef}>
        {t('sendBack.waiting')} <Time at={current.requestedAt} />
      </p>
    );

  async function send() {
    if (sending) return;
    if (!text.trim()) {
      setError(t('sendBack.required'));
      focusAfterRender(() => fieldRef.current);
      return;
    }
    setSending(true);
    setError(null);
    try {
      const after = await conversationApi.sendBack(incident.id, text, key);
      setOpen(after.sentBack);
      focusAfterRender(() => doneRef.current);
    } catch (e) {
      setError(t('common.error', { code: e instanceof ApiError ? e.code : 'network' }));
      focusAfterRender(() => fieldRef.current);
    } finally {
      setSending(false);
    }
  }

  return (
    <details className="review-send-back">
      <summary>{t('sendBack.action')}</summary>
      <label htmlFor={fieldId}>{t('sendBack.label')}</label>
      <textarea
        id={fieldId}
        ref={fieldRef}
        rows={3}
        maxLength={4000}
        required
        aria-invalid={error !== null}
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
      <p>
        <button
          type="button"
          aria-describedby={describedBy}
          aria-disabled={sending}
          onClick={() => {
            send();
          }}
        >
          {sending ? t('sendBack.sending') : t('sendBack.send')}
        </button>
      </p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </details>
  );
}
