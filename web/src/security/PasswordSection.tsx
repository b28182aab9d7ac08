import { type FormEvent, useRef, useState } from 'react';
import type { Say } from '../admin/Status.js';
import { useLang } from '../lang.js';
import { Field } from '../ui/Field.js';
import { firstInvalid, useFocusAfterRender } from '../ui/focus.js';
import { securityProblem } from './problems.js';
import { securityApi } from './security.api.js';

type Fields = 'current' | 'next' | 'again';

/** Changing one's password: the current one, the new one twice. The user's other sessions end. */
export function PasswordSection({ onChanged }: { onChanged: (said: Say) => void }) {
  const { t } = useLang();
  const [values, setValues] = useState<Record<Fields, string>>({ current: '', next: '', again: '' });
  const [errors, setErrors] = useState<Partial<Record<Fields, string>>>({});
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  const focusAfterRender = useFocusAfterRender();
  const set = (k: Fields) => (e: { target: { value: string } }) =>
    setValues((v) => ({ ...v, [k]: e.target.value }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found: Partial<Record<Fields, string>> = {};
    for (const k of ['current', 'next', 'again'] as const)
      if (!values[k]) found[k] = t('admin.form.required');
    if (!found.next && !found.again && values.next !== values.again)
      found.again = t('security.password.mismatch');
    setErrors(found);
    if (Object.keys(found).length > 0) return focusAfterRender(firstInvalid(form));
    setBusy(true);
    try {
      await securityApi.changePassword(values.current, values.next);
      setValues({ current: '', next: '', again: '' });
      onChanged((tr) => tr('security.password.done'));
    } catch (e) {
      const code = (e as { code?: string }).code;
      setErrors(
        code === 'users.current_password_wrong'
          ? { current: securityProblem(t, e) }
          : { next: securityProblem(t, e) },
      );
      focusAfterRender(firstInvalid(form));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="password-heading" className="card">
      <h2 id="password-heading">{t('security.password.heading')}</h2>
      <form className="form" onSubmit={submit} ref={form} noValidate>
        <Field id="password-current" label={t('security.password.current')} error={errors.current}>
          {(w) => (
            <input
              {...w}
              type="password"
              autoComplete="current-password"
              value={values.current}
              onChange={set('current')}
            />
          )}
        </Field>
        <Field
          id="password-new"
          label={t('security.password.new')}
          hint={t('security.password.newHint')}
          error={errors.next}
        >
          {(w) => (
            <input
              {...w}
              type="password"
              autoComplete="new-password"
              value={values.next}
              onChange={set('next')}
            />
          )}
        </Field>
        <Field id="password-again" label={t('security.password.again')} error={errors.again}>
          {(w) => (
            <input
              {...w}
              type="password"
              autoComplete="new-password"
              value={values.again}
              onChange={set('again')}
            />
          )}
        </Field>
        <button type="submit" className="primary" disabled={busy}>
          {t('security.password.submit')}
        </button>
      </form>
    </section>
  );
}
