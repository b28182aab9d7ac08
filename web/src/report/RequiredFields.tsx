import { localDateTimeValue } from '../format.js';
import { Field } from './Field.js';
import type { QuickValues } from './fields.js';
import { type FieldErrors, LIMITS } from './validate.js';

/** The three fields that raise the alarm: title, summary and when it was detected (now, to start with). */
export function RequiredFields({
  prefix,
  values,
  errors,
  disabled,
  onChange,
}: {
  prefix: string;
  values: QuickValues;
  errors: FieldErrors;
  disabled: boolean;
  onChange: (patch: Partial<QuickValues>) => void;
}) {
  return (
    <>
      <Field id={`${prefix}-title`} label="report.title" required error={errors.title}>
        {(control) => (
          <input
            {...control}
            disabled={disabled}
            autoComplete="off"
            enterKeyHint="send"
            value={values.title}
            onChange={(e) => onChange({ title: e.target.value })}
          />
        )}
      </Field>
      <Field
        id={`${prefix}-summary`}
        label="report.summary"
        required
        hint="report.summaryHint"
        error={errors.summary}
      >
        {(control) => (
          <textarea
            {...control}
            disabled={disabled}
            rows={4}
            value={values.summary}
            onChange={(e) => onChange({ summary: e.target.value })}
          />
        )}
      </Field>
      <Field
        id={`${prefix}-detectedAt`}
        label="report.detectedAt"
        required
        hint="report.detectedAtHint"
        error={errors.detectedAt}
      >
        {(control) => (
          <input
            {...control}
            type="datetime-local"
            disabled={disabled}
            value={values.detectedAt}
            max={localDateTimeValue(new Date(Date.now() + LIMITS.futureMs))}
            onChange={(e) => onChange({ detectedAt: e.target.value })}
          />
        )}
      </Field>
    </>
  );
}
