import type { ReactNode } from 'react';
import type { MessageKey } from '../i18n.js';
import { useLang } from '../lang.js';
import { type ControlProps, Field as SharedField } from '../ui/Field.js';

export type FieldWiring = ControlProps;

/** A field of the administration forms: label and hint already in words, the error a message key. */
export function Field({
  error,
  ...rest
}: {
  id: string;
  label: string;
  hint?: string;
  error?: MessageKey | undefined;
  children: (wiring: FieldWiring) => ReactNode;
}) {
  const { t } = useLang();
  return <SharedField {...rest} error={error ? t(error) : undefined} />;
}
