import { useState } from 'react';
import { ConfirmDialog } from '../admin/Dialog.js';
import { useLang } from '../lang.js';

/**
 * A button whose action is asked once more in a dialog (removing a factor, ending a session). `onConfirm`
 * throws to keep the dialog open with its refusal; the refusal is said in words by `describe`.
 */
export function ConfirmButton({
  label,
  question,
  describedBy,
  describe,
  onConfirm,
}: {
  label: string;
  question: string;
  describedBy?: string;
  describe: (error: unknown) => string;
  onConfirm: () => Promise<void>;
}) {
  const { t } = useLang();
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function confirm() {
    setBusy(true);
    setError(null);
    try {
      await onConfirm();
      setAsking(false);
    } catch (e) {
      setError(describe(e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <>
      <button
        type="button"
        className="danger-outline"
        aria-describedby={describedBy}
        onClick={() => setAsking(true)}
      >
        {label}
      </button>
      {asking && (
        <ConfirmDialog
          title={label}
          question={question}
          confirmLabel={label}
          cancelLabel={t('admin.form.cancel')}
          busy={busy}
          error={error}
          onConfirm={confirm}
          onCancel={() => {
            setAsking(false);
            setError(null);
          }}
        />
      )}
    </>
  );
}
