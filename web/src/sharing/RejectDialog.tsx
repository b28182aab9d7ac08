import { type FormEvent, useState } from 'react';
import { Dialog } from '../admin/Dialog.js';
import type { ApiError } from '../api.js';
import { useLang } from '../lang.js';

/** Rejecting says why: the center reads the reason to decide what to share instead. */
export function RejectDialog({
  onReject,
  onClose,
}: {
  onReject: (reason: string) => Promise<ApiError | null>;
  onClose: () => void;
}) {
  const { t } = useLang();
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const [busy, setBusy] = useState(false);
  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!reason.trim()) {
      setMissing(true);
      document.getElementById('reject-reason')?.focus();
      return;
    }
    setBusy(true);
    const error = await onReject(reason.trim());
    setBusy(false);
    if (error?.code === 'consent.reason_required') setMissing(true);
    else onClose();
  }
  return (
    <Dialog title={t('consent.rejectTitle')} onClose={onClose}>
      <form className="form" noValidate onSubmit={submit}>
        <div className={`field${missing ? ' invalid' : ''}`}>
          <label htmlFor="reject-reason">
            {t('consent.rejectReason')} <span className="required">{t('compose.required')}</span>
          </label>
          {missing && (
            <p id="reject-reason-error" className="field-error">
              {t('consent.reasonRequired')}
            </p>
          )}
          <textarea
            id="reject-reason"
            rows={4}
            required
            aria-invalid={missing || undefined}
            aria-describedby={missing ? 'reject-reason-error' : undefined}
            value={reason}
            onChange={(e) => {
              setReason(e.target.value);
              setMissing(false);
            }}
          />
        </div>
        <div className="actions">
          <button type="button" onClick={onClose}>
            {t('share.cancel')}
          </button>
          <button type="submit" className="danger" disabled={busy}>
            {t('consent.rejectConfirm')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
