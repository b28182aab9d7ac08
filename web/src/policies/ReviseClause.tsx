import { type FormEvent, type ReactNode, useRef, useState } from 'react';
import { ApiError } from '../api.js';
import { isMessageKey, type MessageKey } from '../i18n.js';
import { useLang } from '../lang.js';
import { type ControlProps, Field } from '../ui/Field.js';
import { firstInvalid, useFocusAfterRender } from '../ui/focus.js';
import { type Clause, policiesApi } from './policies.api.js';

const FIELDS = ['documentName', 'documentVersion', 'inForceOn', 'clauseText'] as const;
type FieldName = (typeof FIELDS)[number];
type Values = Record<FieldName, string>;
type Errors = Partial<Record<FieldName, MessageKey>>;
type FieldControl = ControlProps & {
  name: FieldName;
  value: string;
  onChange: (e: { target: { value: string } }) => void;
};

const LABEL: Record<FieldName, MessageKey> = {
  documentName: 'policies.field.documentName',
  documentVersion: 'policies.field.documentVersion',
  inForceOn: 'policies.field.inForceOn',
  clauseText: 'policies.field.clauseText',
};

/** The field a schema refusal's path names (`body/documentName`), if it is one of the form's. */
const fieldOf = (path: string): FieldName | undefined =>
  FIELDS.find((f) => path.split('/').filter(Boolean).at(-1) === f);

/**
 * Revises a clause record (the body's security officer): the form starts from the record as it is; the
 * revision becomes a new record to be confirmed again, the record revised stays as history. Blank fields are
 * said before sending; the server's refusals are shown beside their fields, or above the form.
 */
export function ReviseClause({ clause, onRevised }: { clause: Clause; onRevised: () => Promise<void> }) {
  const { t } = useLang();
  const form = useRef<HTMLFormElement>(null);
  const focusAfterRender = useFocusAfterRender();
  const [values, setValues] = useState<Values>({
    documentName: clause.documentName,
    documentVersion: clause.documentVersion,
    inForceOn: clause.inForceOn,
    clauseText: clause.clauseText,
  });
  const [errors, setErrors] = useState<Errors>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = (f: FieldName) => `revise-${clause.id}-${f}`;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setProblem(null);
    const blank: Errors = {};
    for (const f of FIELDS) if (!values[f].trim()) blank[f] = 'policies.revise.required';
    setErrors(blank);
    if (Object.keys(blank).length > 0) {
      focusAfterRender(firstInvalid(form));
      return;
    }
    setBusy(true);
    try {
      await policiesApi.revise(clause, values);
      await onRevised();
    } catch (e) {
      const byField: Errors = {};
      if (e instanceof ApiError && e.code === 'request.validation_failed')
        for (const p of e.fields) {
          const f = fieldOf(p.path);
          if (f) byField[f] ??= 'policies.revise.invalid';
        }
      if (e instanceof ApiError && e.code === 'policies.invalid_date')
        byField.inForceOn = 'policies.revise.badDate';
      setErrors(byField);
      if (Object.keys(byField).length > 0) focusAfterRender(firstInvalid(form));
      else {
        const key = e instanceof ApiError ? `policies.problem.${e.code}` : '';
        setProblem(isMessageKey(key) ? t(key) : e instanceof Error ? e.message : String(e));
        focusAfterRender(() => form.current?.querySelector<HTMLElement>('[role="alert"]'));
      }
    } finally {
      setBusy(false);
    }
  }

  const change = (f: FieldName) => (value: string) => {
    setValues((v) => ({ ...v, [f]: value }));
    setErrors(({ [f]: _gone, ...rest }) => rest);
  };
  const field = (f: FieldName, render: (control: FieldControl) => ReactNode) => (
    <Field
      id={id(f)}
      label={t(LABEL[f])}
      required
      requiredMark={t('compose.required')}
      error={errors[f] ? t(errors[f]) : undefined}
    >
      {(props) => render({ ...props, name: f, value: values[f], onChange: (e) => change(f)(e.target.value) })}
    </Field>
  );

  return (
    <details className="clause-revise">
      <summary>{t('policies.revise.open', { version: clause.documentVersion })}</summary>
      <form ref={form} className="clause-form" noValidate onSubmit={submit}>
        <p className="hint">{t('policies.revise.hint')}</p>
        {problem && (
          <p className="error" role="alert" tabIndex={-1}>
            {t('policies.error', { detail: problem })}
          </p>
        )}
        {field('documentName', (c) => (
          <input {...c} maxLength={200} />
        ))}
        {field('documentVersion', (c) => (
          <input {...c} maxLength={50} />
        ))}
        {field('inForceOn', (c) => (
          <input {...c} type="date" />
        ))}
        {field('clauseText', (c) => (
          <textarea {...c} maxLength={4000} rows={4} />
        ))}
        <button type="submit" disabled={busy}>
          {t('policies.revise.submit')}
        </button>
      </form>
    </details>
  );
}
