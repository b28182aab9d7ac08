import type { ReactNode } from 'react';
import type { MessageKey, Translate } from '../i18n.js';
import { useLang } from '../lang.js';
import { type ControlProps, Field as SharedField } from '../ui/Field.js';
import { FIELD_LABELS, type FieldError } from './validate.js';

export { type ControlProps, revealField } from '../ui/Field.js';

/** A field's error in words, naming the field. */
export const errorText = (t: Translate, error: FieldError) =>
  t(error.message, { ...error.params, field: t(FIELD_LABELS[error.field]) });

/** A field of the report forms: labels and hints are message keys, errors name the field. */
export function Field({
  label,
  hint,
  error,
  ...rest
}: {
  id: string;
  label: MessageKey;
  required?: boolean;
  hint?: MessageKey | undefined;
  error?: FieldError | undefined;
  children: (control: ControlProps) => ReactNode;
}) {
  const { t } = useLang();
  return (
    <SharedField
      {...rest}
      label={t(label)}
      requiredMark={t('report.required')}
      hint={hint ? t(hint) : undefined}
      error={error ? errorText(t, error) : undefined}
    />
  );
}
