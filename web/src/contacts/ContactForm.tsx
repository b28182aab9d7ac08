import { type FormEvent, useRef, useState } from 'react';
import { Dialog } from '../admin/Dialog.js';
import { Field } from '../admin/Field.js';
import { newIdempotencyKey } from '../api.js';
import type { Change } from '../changes/changes.api.js';
import { useLang } from '../lang.js';
import { firstInvalid, useFocusAfterRender } from '../ui/focus.js';
import {
  CONTACT_ROLES,
  changedFields,
  checkValues,
  emptyValues,
  type FieldErrors,
  inputOf,
  splitRefusal,
  type Values,
  valuesOf,
} from './contactForm.js';
import { type Contact, type ContactWritten, contactsApi } from './contacts.api.js';
import { refusalText } from './problemText.js';

/**
 * Adds a contact to a body's structure (`editing` null) or changes one, in a dialog. Refusals are shown at the
 * field they are about; the form keeps what was typed.
 */
export function ContactForm({
  slug,
  editing,
  onDone,
  onCancel,
}: {
  slug: string;
  editing: Contact | null;
  onDone: (written: ContactWritten | Change) => void;
  onCancel: () => void;
}) {
  const { t, lang } = useLang();
  const [values, setValues] = useState<Values>(() => (editing ? valuesOf(editing) : emptyValues(lang)));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [key] = useState(newIdempotencyKey);
  const form = useRef<HTMLFormElement>(null);
  const focusAfterRender = useFocusAfterRender();
  const set = (name: keyof Values) => (e: { target: { value: string } }) =>
    setValues((v) => ({ ...v, [name]: e.target.value }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    setProblem(null);
    const found = checkValues(values);
    setErrors(found);
    if (Object.keys(found).length > 0) {
      focusAfterRender(firstInvalid(form));
      return;
    }
    setBusy(true);
    try {
      if (editing && Object.keys(changedFields(values, editing)).length === 0) {
        onCancel();
        return;
      }
      const written = editing
        ? await contactsApi.change(slug, editing.id, changedFields(values, editing))
        : await contactsApi.add(slug, inputOf(values), key);
      onDone(written);
    } catch (e) {
      const { byField, rest } = splitRefusal(e);
      setErrors(byField);
      setProblem(rest);
      focusAfterRender(firstInvalid(form));
      setBusy(false);
    }
  }

  const text = (name: keyof Values, label: string, extra: { hint?: string; type?: string } = {}) => (
    <Field
      id={`contact-${name}`}
      label={label}
      error={errors[name]}
      {...(extra.hint ? { hint: extra.hint } : {})}
    >
      {(w) => (
        <input
          {...w}
          type={extra.type ?? 'text'}
          autoComplete="off"
          value={values[name]}
          onChange={set(name)}
        />
      )}
    </Field>
  );

  return (
    <Dialog
      title={editing ? t('contacts.editOf', { name: editing.name }) : t('contacts.add')}
      onClose={onCancel}
    >
      <form ref={form} className="form contact-form" onSubmit={submit} noValidate>
        {text('name', t('contacts.field.name'))}
        <Field id="contact-role" label={t('contacts.field.role')} error={errors.role}>
          {(w) => (
            <select {...w} value={values.role} onChange={set('role')}>
              {CONTACT_ROLES.map((r) => (
                <option key={r} value={r}>
                  {t(`contacts.role.${r}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <fieldset>
          <legend>{t('contacts.channels')}</legend>
          <p className="hint muted">{t('contacts.field.channelsHint')}</p>
          {text('email', t('contacts.field.email'), { type: 'email', hint: t('contacts.field.emailHint') })}
          <div className="pair">
            {text('phone', t('contacts.field.phone'), { type: 'tel' })}
            {text('phoneLabel', t('contacts.field.phoneLabel'), { hint: t('contacts.field.phoneLabelHint') })}
          </div>
          <div className="pair">
            {text('phone2', t('contacts.field.phone2'), { type: 'tel' })}
            {text('phone2Label', t('contacts.field.phone2Label'))}
          </div>
          {text('webhookUrl', t('contacts.field.webhook'), {
            type: 'url',
            hint: t('contacts.field.webhookHint'),
          })}
        </fieldset>
        <fieldset>
          <legend>{t('contacts.field.availability')}</legend>
          {(['24/7', 'business-hours'] as const).map((a) => (
            <div className="checkbox-row" key={a}>
              <input
                type="radio"
                id={`contact-availability-${a === '24/7' ? 'always' : 'hours'}`}
                name="contact-availability"
                value={a}
                checked={values.availability === a}
                onChange={set('availability')}
              />
              <label htmlFor={`contact-availability-${a === '24/7' ? 'always' : 'hours'}`}>
                {t(a === '24/7' ? 'contacts.field.always' : 'contacts.field.businessHours')}
              </label>
            </div>
          ))}
          {values.availability === 'business-hours' && (
            <div className="pair">
              {text('start', t('contacts.field.start'), { type: 'time' })}
              {text('end', t('contacts.field.end'), { type: 'time' })}
            </div>
          )}
          {text('timeZone', t('contacts.field.timeZone'), { hint: t('contacts.field.timeZoneHint') })}
        </fieldset>
        <Field id="contact-locale" label={t('contacts.field.locale')} error={errors.locale}>
          {(w) => (
            <select {...w} value={values.locale} onChange={set('locale')}>
              <option value="ja" lang="ja">
                {t('contacts.locale.ja')}
              </option>
              <option value="en" lang="en">
                {t('contacts.locale.en')}
              </option>
            </select>
          )}
        </Field>
        {problem ? (
          <p className="error" role="alert">
            {refusalText(t, problem)}
          </p>
        ) : null}
        {Object.keys(errors).length > 0 && (
          <p className="error" role="alert">
            {t('contacts.fixErrors')}
          </p>
        )}
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {editing ? t('contacts.submitEdit') : t('contacts.submitAdd')}
          </button>
          <button type="button" onClick={onCancel}>
            {t('contacts.cancel')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
