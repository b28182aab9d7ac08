import type { ReactNode } from 'react';
import { useLang } from '../lang.js';
import { problemText } from './problems.js';

/**
 * The end of an administration form: the server's refusal as a sentence, a reminder when fields need fixing,
 * and the buttons — submit (disabled while busy) and, when the form can be left, cancel.
 */
export function FormEnd({
  problem,
  invalid = false,
  busy,
  submit,
  onCancel,
}: {
  problem: unknown;
  invalid?: boolean;
  busy: boolean;
  submit: ReactNode;
  onCancel?: () => void;
}) {
  const { t } = useLang();
  return (
    <>
      {problem ? (
        <p className="error" role="alert">
          {problemText(t, problem)}
        </p>
      ) : null}
      {invalid && (
        <p className="error" role="alert">
          {t('admin.form.fixErrors')}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {submit}
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel}>
            {t('admin.form.cancel')}
          </button>
        )}
      </div>
    </>
  );
}
