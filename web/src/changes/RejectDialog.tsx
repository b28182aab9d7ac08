import { type FormEvent, useState } from 'react';
import { Dialog } from '../admin/Dialog.js';
import { useLang } from '../lang.js';

/** Asks for the reason of a rejection (optional), or of withdrawing one's own request. */
export function RejectDialog({
  title,
  submitLabel,
  busy,
  error,
  onReject,
  onCancel,
}: {
  title: string;
  submitLabel: string;
  busy: boolean;
  error: string | null;
  onReject: (reason: string) => void;
  onCancel: () => void;
}) {
  const { t } = useLang();
  const [reason, setReason] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onReject(reason.trim());
  };
  return (
    <Dialog title={title} onClose={onCancel}>
      <form className="form" onSubmit={submit}>
        <label htmlFor="change-reason">{t('changes.rejectReason')}</label>
        <input
          id="change-reason"
          maxLength={1000}
          autoComplete="off"
          value={reason}
          onChange={(e) => setReason(e.target.value.replace(/[\r\n]+/g, ' '))}
        />
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <div className="actions">
          <button type="button" onClick={onCancel}>
            {t('changes.cancel')}
          </button>
          <button type="submit" className="danger" disabled={busy}>
            {submitLabel}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
