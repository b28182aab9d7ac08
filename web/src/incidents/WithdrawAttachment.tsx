import { type FormEvent, useId, useRef, useState } from 'react';
import { Dialog } from '../admin/Dialog.js';
import { ApiError } from '../api.js';
import { isMessageKey } from '../i18n.js';
import { useLang } from '../lang.js';
import { type Attachment, attachmentsApi } from './attachments.api.js';

/**
 * Withdraws a file attached by mistake, with a reason: the dialog says what happens (the bytes are erased for
 * everyone, shares included; name, size, SHA-256 and the reason stay). On success the caller announces it and
 * moves the focus (the button that opened the dialog is gone by then).
 */
export function WithdrawAttachment({
  incidentId,
  attachment,
  onWithdrawn,
}: {
  incidentId: string;
  attachment: Attachment;
  onWithdrawn: (withdrawn: Attachment) => void;
}) {
  const { t } = useLang();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const field = useRef<HTMLTextAreaElement>(null);
  const id = useId();

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!reason.trim()) {
      setError(t('attachments.reasonRequired'));
      field.current?.focus();
      return;
    }
    setBusy(true);
    try {
      const withdrawn = await attachmentsApi.withdraw(incidentId, attachment.id, reason);
      setOpen(false);
      onWithdrawn(withdrawn);
    } catch (e) {
      const code = e instanceof ApiError ? e.code : 'network';
      const key = `attachments.problem.${code}`;
      setError(isMessageKey(key) ? t(key) : t('common.error', { code }));
      field.current?.focus();
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <button type="button" className="withdraw-button" onClick={() => setOpen(true)}>
        {t('attachments.withdraw', { name: attachment.fileName })}
      </button>
      {open && (
        <Dialog title={t('attachments.withdrawTitle')} onClose={() => setOpen(false)}>
          <form className="form" noValidate onSubmit={submit}>
            <p>{t('attachments.withdrawWhat', { name: attachment.fileName })}</p>
            <div className={`field${error ? ' invalid' : ''}`}>
              <label htmlFor={`${id}-reason`}>
                {t('attachments.withdrawReason')} <span className="required">{t('compose.required')}</span>
              </label>
              {error && (
                <p id={`${id}-error`} className="field-error">
                  {error}
                </p>
              )}
              <textarea
                id={`${id}-reason`}
                ref={field}
                rows={3}
                maxLength={500}
                required
                aria-invalid={error ? true : undefined}
                aria-describedby={error ? `${id}-error` : undefined}
                value={reason}
                onChange={(e) => {
                  setReason(e.target.value);
                  setError(null);
                }}
              />
            </div>
            <div className="actions">
              <button type="button" onClick={() => setOpen(false)}>
                {t('share.cancel')}
              </button>
              <button type="submit" className="danger" disabled={busy}>
                {t('attachments.withdrawConfirm')}
              </button>
            </div>
          </form>
        </Dialog>
      )}
    </>
  );
}
