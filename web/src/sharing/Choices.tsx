import type { ReactNode } from 'react';

/**
 * A radio group in a fieldset: the legend names the question, the hint and the error are tied to the group
 * (aria-describedby) so that a screen reader reads them on entering it.
 */
export function Choices<V extends string>({
  name,
  legend,
  value,
  options,
  hint,
  error,
  onChange,
}: {
  name: string;
  legend: string;
  value: V;
  options: { value: V; label: ReactNode; disabled?: boolean }[];
  hint?: string | undefined;
  error?: string | undefined;
  onChange: (value: V) => void;
}) {
  const hintId = hint ? `${name}-hint` : undefined;
  const errorId = error ? `${name}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(' ') || undefined;
  return (
    <fieldset
      id={name}
      className={`choices${error ? ' invalid' : ''}`}
      aria-describedby={describedBy}
      tabIndex={-1}
    >
      <legend>{legend}</legend>
      {hint && (
        <p id={hintId} className="hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={errorId} className="field-error">
          {error}
        </p>
      )}
      {options.map((option) => (
        <div key={option.value} className="choice">
          <input
            type="radio"
            id={`${name}-${option.value}`}
            name={name}
            value={option.value}
            checked={value === option.value}
            disabled={option.disabled}
            onChange={() => onChange(option.value)}
          />
          <label htmlFor={`${name}-${option.value}`}>{option.label}</label>
        </div>
      ))}
    </fieldset>
  );
}
