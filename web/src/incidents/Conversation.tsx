import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { ApiError, newIdempotencyKey } from '../api.js';
import { orgName } from '../format.js';
import { useLang } from '../lang.js';
import type { LiveEvent } from '../live.js';
import { useLoaded } from '../queries.js';
import { Time } from '../ui/Badges.js';
import { useFocusAfterRender } from '../ui/focus.js';
import { conversationApi, conversationQueries, type Message } from './conversation.api.js';

const MAX = 4000;

/**
 * Questions and answers on an incident between its readers (the center, the ministry, the agency), oldest
 * first, with a form to write one or to answer one. A message written elsewhere arrives as a live event and
 * shows at once.
 */
export function Conversation({ incidentId }: { incidentId: string; feed: readonly LiveEvent[] }) {
  const { t, lang } = useLang();
  const client = useQueryClient();
  // A message written elsewhere makes the incident stale with its parts (liveQueries.ts): loaded again in place.
  const messages = useLoaded(conversationQueries.messages(incidentId));
  const [text, setText] = useState('');
  const [replyTo, setReplyTo] = useState<Message | null>(null);
  const [key, setKey] = useState(newIdempotencyKey);
  const [sending, setSending] = useState(false);
  const [status, setStatus] = useState<{ text: string; bad: boolean } | null>(null);
  const statusRef = useRef<HTMLParagraphElement>(null);
  const fieldRef = useRef<HTMLTextAreaElement>(null);
  const focusAfterRender = useFocusAfterRender();
  const items = messages.data?.items ?? [];
  const byId = new Map(items.map((m) => [m.id, m]));
  const fieldId = `conversation-${incidentId}-text`;

  async function send(event: React.FormEvent) {
    event.preventDefault();
    if (sending) return;
    if (!text.trim()) {
      setStatus({ text: t('conversation.empty'), bad: true });
      focusAfterRender(() => fieldRef.current);
      return;
    }
    setSending(true);
    setStatus(null);
    try {
      await conversationApi.post(incidentId, text, replyTo?.id ?? null, key);
      setText('');
      setReplyTo(null);
      setKey(newIdempotencyKey());
      setStatus({ text: t('conversation.sent'), bad: false });
      void client.invalidateQueries({ queryKey: conversationQueries.messages(incidentId).queryKey });
      focusAfterRender(() => statusRef.current);
    } catch (e) {
      const code = e instanceof ApiError ? e.code : 'network';
      setStatus({ text: t('conversation.failed', { code }), bad: true });
      focusAfterRender(() => fieldRef.current);
    } finally {
      setSending(false);
    }
  }

  function answer(message: Message) {
    setReplyTo(message);
    focusAfterRender(() => fieldRef.current);
  }

  const author = (m: Message) =>
    `${m.author.displayName || m.author.email}（${orgName(m.author.org, lang)}）`;

  return (
    <section aria-labelledby="conversation-heading" className="conversation">
      <h2 id="conversation-heading">{t('conversation.heading')}</h2>
      <p className="muted">{t('conversation.hint')}</p>
      {messages.error ? (
        <p className="error">{t('common.error', { code: (messages.error as ApiError).code ?? 'network' })}</p>
      ) : !messages.data ? (
        <p className="muted">{t('common.loading')}</p>
      ) : items.length === 0 ? (
        <p className="muted">{t('conversation.none')}</p>
      ) : (
        <ol className="conversation-list">
          {items.map((m) => {
            const to = m.replyTo ? byId.get(m.replyTo) : undefined;
            return (
              <li key={m.id} className="conversation-message card" data-id={m.id}>
                <p className="conversation-meta">
                  <strong>{author(m)}</strong> <Time at={m.createdAt} />
                </p>
                {to && (
                  <p className="muted conversation-reply">{t('conversation.replyTo', { who: author(to) })}</p>
                )}
                <p className="text conversation-body">{m.body}</p>
                <button type="button" className="link" onClick={() => answer(m)}>
                  {t('conversation.answer')}
                </button>
              </li>
            );
          })}
        </ol>
      )}
      <form onSubmit={send} noValidate className="conversation-form">
        {replyTo && (
          <p className="conversation-replying">
            {t('conversation.replyTo', { who: author(replyTo) })}{' '}
            <button
              type="button"
              className="link"
              onClick={() => {
                setReplyTo(null);
                focusAfterRender(() => fieldRef.current);
              }}
            >
              {t('conversation.cancelReply')}
            </button>
          </p>
        )}
        <label htmlFor={fieldId}>{t('conversation.label')}</label>
        <textarea
          id={fieldId}
          ref={fieldRef}
          rows={3}
          maxLength={MAX}
          value={text}
          aria-invalid={status?.bad === true}
          onChange={(e) => setText(e.target.value)}
        />
        <p>
          <button type="submit" className="primary" aria-disabled={sending}>
            {sending ? t('conversation.sending') : t('conversation.send')}
          </button>
        </p>
        {status && (
          <p
            className={status.bad ? 'error' : 'notice'}
            role={status.bad ? 'alert' : 'status'}
            tabIndex={-1}
            ref={statusRef}
          >
            {status.text}
          </p>
        )}
      </form>
    </section>
  );
}
