import type { ReactNode } from 'react';
import type { MessageKey } from '../i18n.js';
import { useLang } from '../lang.js';

/** What a control needs to be tied to its label, hint and error. */
export interface FieldWiring {
  id: string;
  'aria-invalid': boolean;
  'aria-describedby': string | undefined;
}

/**
 * One labelled form field: the label, an optional hint, the control (given its wiring) and the error about it,
 * which the control points to with aria-describedby so that a screen reader reads it with the field.
 */
export function Field({
  id,
  label,
  hint,
  error,
  children,
}: {
  id: string;
  label: string;
  hint?: string;
  error?: MessageKey | undefined;
  children: (wiring: FieldWiring) => ReactNode;
}) {
  const { t } = useLang();
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint && (
        <small id={`${id}-hint`} className="muted">
          {hint}
        </small>
      )}
      {children({ id, 'aria-invalid': !!error, 'aria-describedby': described || undefined })}
      {error && (
        <p id={`${id}-error`} className="field-error">
          {t(error)}
        </p>
      )}
    </div>
  );
}
