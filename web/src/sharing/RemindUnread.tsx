import { useRef, useState } from 'react';
import { ApiError, request } from '../api.js';
import { useLang } from '../lang.js';
import { Time } from '../ui/Badges.js';
import { useFocusAfterRender } from '../ui/focus.js';

/**
 * The center reminds the recipient bodies that have not read a published share (at most once in ten minutes;
 * the server says when the next one may go). Shown under the acknowledgment board while someone has not read it.
 */
export function RemindUnread({
  shareId,
  unread,
  lastReminder,
  onReminded,
}: {
  shareId: string;
  unread: number;
  lastReminder: { at: string; bodies: number } | null;
  onReminded: () => void;
}) {
  const { t } = useLang();
  const [sending, setSending] = useState(false);
  const [status, setStatus] = useState<{ text: string; bad: boolean } | null>(null);
  const statusRef = useRef<HTMLParagraphElement>(null);
  const focusAfterRender = useFocusAfterRender();
  if (unread === 0 && !status) return null;

  async function remind() {
    if (sending) return;
    setSending(true);
    try {
      const done = await request<{ orgs: unknown[] }>(
        'POST',
        `/api/v1/shares/${encodeURIComponent(shareId)}/remind`,
        {},
      );
      setStatus({ text: t('share.remind.done', { n: done.orgs.length }), bad: false });
      onReminded();
    } catch (e) {
      const code = e instanceof ApiError ? e.code : 'network';
      setStatus({
        text: code === 'shares.reminded_recently' ? t('share.remind.tooSoon') : t('common.error', { code }),
        bad: true,
      });
    } finally {
      setSending(false);
      focusAfterRender(() => statusRef.current);
    }
  }

  return (
    <div className="remind-unread">
      <p>
        <button type="button" aria-disabled={sending} onClick={() => void remind()}>
          {sending ? t('share.remind.sending') : t('share.remind.button', { n: unread })}
        </button>
      </p>
      {lastReminder && (
        <p className="muted">
          {t('share.remind.last', { n: lastReminder.bodies })} <Time at={lastReminder.at} />
        </p>
      )}
      {status && (
        <p className={status.bad ? 'error' : 'notice'} role="status" tabIndex={-1} ref={statusRef}>
          {status.text}
        </p>
      )}
    </div>
  );
}
