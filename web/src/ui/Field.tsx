import type { ReactNode } from 'react';

/** The attributes that tie a control to its label, hint and error. */
export interface ControlProps {
  id: string;
  'aria-describedby'?: string;
  'aria-invalid'?: true;
  /** Announced by screen readers; forms check it themselves (noValidate) to say what is wrong in words. */
  required?: true;
}

/**
 * One labelled field of any form: the label (with a mark when required), a hint and the error above the
 * control, both tied to it by aria-describedby so that a screen reader reads them when the control gets the
 * focus. Texts come translated; each part of the app says its errors in its own words.
 */
export function Field({
  id,
  label,
  required = false,
  requiredMark,
  hint,
  error,
  children,
}: {
  id: string;
  label: ReactNode;
  required?: boolean;
  requiredMark?: ReactNode;
  hint?: ReactNode;
  error?: ReactNode;
  children: (control: ControlProps) => ReactNode;
}) {
  const hintId = hint ? `${id}-hint` : null;
  const errorId = error ? `${id}-error` : null;
  const describedBy = [errorId, hintId].filter((x) => x !== null).join(' ');
  return (
    <div className={`field${error ? ' invalid' : ''}`}>
      <label htmlFor={id}>
        {label}
        {required && requiredMark && (
          <>
            {' '}
            <span className="required">{requiredMark}</span>
          </>
        )}
      </label>
      {hint && (
        <p id={hintId ?? undefined} className="hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={errorId ?? undefined} className="field-error">
          {error}
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

/** A field's control, with the disclosure it may be folded in opened, so that it can take the focus. */
export function revealField(id: string): HTMLElement | null {
  const control = document.getElementById(id);
  const folded = control?.closest('details');
  if (folded && !folded.open) folded.open = true;
  return control;
}
