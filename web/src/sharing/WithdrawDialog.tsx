import { useState } from 'react';
import { Dialog } from '../admin/Dialog.js';
import { useLang } from '../lang.js';
import { type Share, sharingApi } from './sharing.api.js';
import { problemText } from './sharingProblems.js';

/**
 * Withdrawing asks once more, with an optional reason, because it cannot be undone: every recipient loses
 * the content at once and keeps only a notice that it was withdrawn.
 */
export function WithdrawDialog({ share, onDone }: { share: Share; onDone: (withdrawn: boolean) => void }) {
  const { t } = useLang();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  async function confirm() {
    setBusy(true);
    setError(null);
    try {
      await sharingApi.withdraw(share.id, reason);
      onDone(true);
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  }
  return (
    <Dialog title={t('share.withdrawTitle')} onClose={() => onDone(false)}>
      <p>{t('share.withdrawQuestion', { title: share.title })}</p>
      <div className="field">
        <label htmlFor="withdraw-reason">{t('share.withdrawReasonLabel')}</label>
        <textarea id="withdraw-reason" rows={3} value={reason} onChange={(e) => setReason(e.target.value)} />
      </div>
      {error ? (
        <p className="error" role="alert">
          {problemText(t, error)}
        </p>
      ) : null}
      <div className="actions">
        {/* Cancel first: the dialog opens with focus on the harmless answer. */}
        <button type="button" onClick={() => onDone(false)}>
          {t('share.cancel')}
        </button>
        <button type="button" className="danger" disabled={busy} onClick={confirm}>
          {t('share.withdrawConfirm')}
        </button>
      </div>
    </Dialog>
  );
}
