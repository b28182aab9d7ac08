import type { ReactNode } from 'react';
import { isMessageKey, type MessageKey, type Translate } from '../i18n.js';
import { useLang } from '../lang.js';
import { type ControlProps, Field } from '../ui/Field.js';
import type { ComposerError } from './composer.validate.js';

/** A refusal in words: the code's own message when sharing has one, else the message of the error. */
export function errorText(t: Translate, error: ComposerError | undefined): string | undefined {
  if (!error) return undefined;
  const code = error.params?.code;
  const specific = typeof code === 'string' ? `share.problem.${code}` : '';
  return isMessageKey(specific) ? t(specific) : t(error.key, error.params);
}

/** A labelled field of the sharing forms; label and hint are message keys. */
export function ComposerField({
  id,
  label,
  hint,
  error,
  required,
  children,
}: {
  id: string;
  label: MessageKey;
  hint?: MessageKey;
  error?: ComposerError | undefined;
  required?: boolean;
  children: (control: ControlProps) => ReactNode;
}) {
  const { t } = useLang();
  return (
    <Field
      id={id}
      label={t(label)}
      required={required ?? false}
      requiredMark={t('compose.required')}
      hint={hint ? t(hint) : undefined}
      error={errorText(t, error)}
    >
      {children}
    </Field>
  );
}
