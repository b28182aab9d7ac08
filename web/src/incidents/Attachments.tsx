import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useRef, useState } from 'react';
import { ApiError, type IncidentDetail, type Me } from '../api.js';
import { formatDateTime } from '../format.js';
import type { MessageKey } from '../i18n.js';
import { useLang } from '../lang.js';
import { useFocusAfterRender } from '../ui/focus.js';
import { type Attachment, attachmentQueries, attachmentsApi, formatSize } from './attachments.api.js';
import { WithdrawAttachment } from './WithdrawAttachment.js';

const FILING_ROLES = ['reporter', 'security-officer'];
// Refusals a person can act on are said in words; anything else by its code.
const EXPLAINED = new Set<string>([
  'attachments.too_large',
  'attachments.incident_full',
  'attachments.empty',
  'attachments.invalid_name',
]);

/**
 * The files attached to an incident's reports, each downloaded as a file to save (never shown in the page),
 * and — for the incident's own body — the control to attach one to its latest report, and to withdraw one
 * attached by mistake. Kept current by the live stream (attachment events are about the incident).
 */
export function Attachments({ detail, me }: { detail: IncidentDetail; me: Me }) {
  const { t, lang } = useLang();
  const client = useQueryClient();
  const query = useQuery(attachmentQueries.list(detail.id));
  const items: Attachment[] | null = query.data?.items ?? null;
  const failed = query.error ? (query.error instanceof ApiError ? query.error.code : 'network') : null;
  const reload = () =>
    void client.invalidateQueries({ queryKey: attachmentQueries.list(detail.id).queryKey });
  const [sending, setSending] = useState(false);
  const [message, setMessage] = useState<{ text: string; bad: boolean } | null>(null);
  const messageRef = useRef<HTMLParagraphElement>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const focusAfterRender = useFocusAfterRender();
  const mayAttach = me.org.slug === detail.org.slug && FILING_ROLES.includes(me.role);
  const locale = lang === 'ja' ? 'ja-JP' : 'en-GB';

  function announce(text: string, bad: boolean) {
    setMessage({ text, bad });
    focusAfterRender(() => messageRef.current);
  }

  async function attach(event: FormEvent) {
    event.preventDefault();
    const file = fileRef.current?.files?.[0];
    if (!file) {
      announce(t('attachments.chooseFirst'), true);
      return;
    }
    setSending(true);
    setMessage(null);
    try {
      const added = await attachmentsApi.upload(detail.id, file);
      if (fileRef.current) fileRef.current.value = '';
      announce(t('attachments.added', { name: added.fileName }), false);
      reload();
    } catch (e) {
      const code = e instanceof ApiError ? e.code : 'network';
      announce(EXPLAINED.has(code) ? t(code as MessageKey) : t('common.error', { code }), true);
    } finally {
      setSending(false);
    }
  }

  return (
    <section aria-labelledby="attachments-heading" className="attachments">
      <h2 id="attachments-heading">{t('attachments.heading')}</h2>
      {failed && (
        <p className="error" role="alert">
          {t('common.error', { code: failed })}
        </p>
      )}
      {items?.length === 0 && <p className="muted">{t('attachments.none')}</p>}
      {items && items.length > 0 && (
        <ul className="attachment-list">
          {items.map((a) => (
            <li key={a.id} className={a.withdrawn ? 'withdrawn' : undefined}>
              {a.withdrawn ? (
                <del className="text">{a.fileName}</del>
              ) : (
                <a href={a.downloadUrl} download={a.fileName} className="text">
                  {a.fileName}
                </a>
              )}{' '}
              <span className="muted">
                {t('attachments.meta', {
                  size: formatSize(a.size, locale),
                  seq: a.reportSeq,
                  org: lang === 'ja' ? a.uploader.orgNameJa : a.uploader.orgNameEn,
                  at: formatDateTime(a.createdAt, lang),
                })}
              </span>
              <br />
              <span className="sha256">
                SHA-256 <code>{a.sha256}</code>
              </span>
              {a.withdrawn && (
                <>
                  <br />
                  <span className="withdrawn-note">
                    {t('attachments.withdrawnNote', {
                      at: formatDateTime(a.withdrawn.at, lang),
                      reason: a.withdrawn.reason,
                    })}
                  </span>
                </>
              )}
              {a.mayWithdraw && (
                <>
                  <br />
                  <WithdrawAttachment
                    incidentId={detail.id}
                    attachment={a}
                    onWithdrawn={(gone) => {
                      announce(t('attachments.withdrew', { name: gone.fileName }), false);
                      reload();
                    }}
                  />
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      {mayAttach && (
        <form onSubmit={attach} className="attachment-form">
          <label htmlFor="attachment-file">{t('attachments.file')}</label>
          <input id="attachment-file" type="file" ref={fileRef} aria-describedby="attachment-hint" />
          <p id="attachment-hint" className="muted">
            {t('attachments.hint')}
          </p>
          <button type="submit" className="primary" disabled={sending}>
            {sending ? t('attachments.sending') : t('attachments.attach')}
          </button>
        </form>
      )}
      {message && (
        <p className={message.bad ? 'error' : 'notice'} role="status" tabIndex={-1} ref={messageRef}>
          {message.text}
        </p>
      )}
    </section>
  );
}
