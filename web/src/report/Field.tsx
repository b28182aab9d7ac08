import type { ReactNode } from 'react';
import type { MessageKey, Translate } from '../i18n.js';
import { useLang } from '../lang.js';
import { FIELD_LABELS, type FieldError } from './validate.js';

/** The attributes that tie a control to its label, hint and error. */
export interface ControlProps {
  id: string;
  'aria-describedby'?: string;
  'aria-invalid'?: true;
  /** Announced by screen readers; the form checks it itself (noValidate) to say what is wrong in words. */
  required?: true;
}

/** A field's error in words, naming the field. */
export const errorText = (t: Translate, error: FieldError) =>
  t(error.message, { ...error.params, field: t(FIELD_LABELS[error.field]) });

/**
 * One labelled field: the label (marked when required), a hint and the error above the control, both tied
 * to it by aria-describedby so that a screen reader reads them when the control gets the focus.
 */
export function Field({
  id,
  label,
  required = false,
  hint,
  error,
  children,
}: {
  id: string;
  label: MessageKey;
  required?: boolean;
  hint?: MessageKey | undefined;
  error?: FieldError | undefined;
  children: (control: ControlProps) => ReactNode;
}) {
  const { t } = useLang();
  const hintId = hint ? `${id}-hint` : null;
  const errorId = error ? `${id}-error` : null;
  const describedBy = [errorId, hintId].filter((x) => x !== null).join(' ');
  return (
    <div className={`field${error ? ' invalid' : ''}`}>
      <label htmlFor={id}>
        {t(label)}
        {required && (
          <>
            {' '}
            <span className="required">{t('report.required')}</span>
          </>
        )}
      </label>
      {hint && (
        <p id={hintId ?? undefined} className="hint">
          {t(hint)}
        </p>
      )}
      {error && (
        <p id={errorId ?? undefined} className="field-error">
          {errorText(t, error)}
        </p>
      )}
      {children({
        id,
        ...(describedBy ? { 'aria-describedby': describedBy } : {}),
        ...(error ? { 'aria-invalid': true as const } : {}),
        ...(required ? { required: true as const } : {}),
      })}
    </div>
  );
}

/** Moves the focus to a field, opening the disclosure it may be folded in. */
export function focusField(id: string): void {
  const control = document.getElementById(id);
  const folded = control?.closest('details');
  if (folded && !folded.open) folded.open = true;
  control?.focus();
}
