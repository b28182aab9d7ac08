import { type FormEvent, useRef, useState } from 'react';
import { type Me, newIdempotencyKey } from '../api.js';
import type { Change } from '../changes/changes.api.js';
import { orgName } from '../format.js';
import { useLang } from '../lang.js';
import { firstInvalid, useFocusAfterRender } from '../ui/focus.js';
import { adminApi, type NewUser, type Org, type User } from './admin.api.js';
import { Field } from './Field.js';
import { FormEnd } from './FormEnd.js';
import { OrgOptions } from './OrgOptions.js';
import { type FieldErrors, missing, splitProblem } from './problems.js';
import { grantableRoles, roleName } from './roles.js';

const FIELDS = ['email', 'displayName', 'org', 'role', 'password', 'locale'] as const;
type Values = Record<(typeof FIELDS)[number], string>;

/**
 * Adds a user. An administrator picks the body; a security officer adds to its own. The roles offered are
 * those the actor may give at that body (center roles only at the center).
 */
export function UserForm({
  me,
  orgs,
  initialOrg,
  onAdded,
  onCancel,
}: {
  me: Me;
  orgs: Org[];
  initialOrg: string;
  onAdded: (result: User | Change) => void;
  onCancel: () => void;
}) {
  const { t, lang } = useLang();
  const isAdmin = me.role === 'admin';
  const [values, setValues] = useState<Values>({
    email: '',
    displayName: '',
    org: isAdmin ? initialOrg : me.org.slug,
    role: 'reporter',
    password: '',
    locale: lang,
  });
  const [errors, setErrors] = useState<FieldErrors<(typeof FIELDS)[number]>>({});
  const [problem, setProblem] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [key, setKey] = useState(newIdempotencyKey);
  const form = useRef<HTMLFormElement>(null);
  const focusAfterRender = useFocusAfterRender();
  const orgKind = isAdmin ? orgs.find((o) => o.slug === values.org)?.kind : me.org.kind;
  const roles = grantableRoles(me, orgKind);
  const set = (name: keyof Values) => (e: { target: { value: string } }) =>
    setValues((v) => {
      const next = { ...v, [name]: e.target.value };
      // A body of another kind may not take the chosen role: fall back to the first it takes.
      const allowed = grantableRoles(me, orgs.find((o) => o.slug === next.org)?.kind ?? me.org.kind);
      return allowed.includes(next.role as NewUser['role']) ? next : { ...next, role: allowed[0] ?? '' };
    });

  async function submit(event: FormEvent) {
    event.preventDefault();
    setProblem(null);
    const needed = missing(values, ['email', 'org', 'role']);
    if (Object.keys(needed).length > 0) {
      setErrors(needed);
      focusAfterRender(firstInvalid(form));
      return;
    }
    setBusy(true);
    setErrors({});
    const user: NewUser = {
      org: values.org,
      role: values.role as NewUser['role'],
      email: values.email.trim(),
      locale: values.locale === 'en' ? 'en' : 'ja',
      ...(values.displayName.trim() ? { displayName: values.displayName.trim() } : {}),
      ...(values.password ? { password: values.password } : {}),
    };
    try {
      const added = await adminApi.addUser(user, key);
      setKey(newIdempotencyKey());
      onAdded(added);
    } catch (e) {
      const { byField, rest } = splitProblem(e, FIELDS);
      setErrors(byField);
      setProblem(rest);
      focusAfterRender(firstInvalid(form));
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="user-form-heading" id="user-form">
      <h2 id="user-form-heading">{t('users.add')}</h2>
      <form ref={form} className="card form" onSubmit={submit} noValidate>
        <Field id="user-email" label={t('users.field.email')} error={errors.email}>
          {(w) => (
            <input
              {...w}
              type="email"
              required
              autoComplete="off"
              value={values.email}
              onChange={set('email')}
            />
          )}
        </Field>
        <Field
          id="user-name"
          label={t('users.field.displayName')}
          hint={t('users.field.displayNameHint')}
          error={errors.displayName}
        >
          {(w) => (
            <input {...w} autoComplete="off" value={values.displayName} onChange={set('displayName')} />
          )}
        </Field>
        {isAdmin ? (
          <Field id="user-org" label={t('users.field.org')} error={errors.org}>
            {(w) => (
              <select {...w} required value={values.org} onChange={set('org')}>
                <OrgOptions orgs={orgs} none={t('users.field.orgChoose')} />
              </select>
            )}
          </Field>
        ) : (
          <p className="field">
            <span className="label">{t('users.field.org')}</span> {orgName(me.org, lang)}
          </p>
        )}
        <Field id="user-role" label={t('users.field.role')} error={errors.role}>
          {(w) => (
            <select {...w} required value={values.role} onChange={set('role')}>
              {roles.map((r) => (
                <option key={r} value={r}>
                  {roleName(t, r)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          id="user-password"
          label={t('users.field.password')}
          hint={t('users.field.passwordHint')}
          error={errors.password}
        >
          {(w) => (
            <input
              {...w}
              type="password"
              autoComplete="new-password"
              value={values.password}
              onChange={set('password')}
            />
          )}
        </Field>
        <Field id="user-locale" label={t('users.field.locale')} error={errors.locale}>
          {(w) => (
            <select {...w} value={values.locale} onChange={set('locale')}>
              <option value="ja" lang="ja">
                {t('users.locale.ja')}
              </option>
              <option value="en" lang="en">
                {t('users.locale.en')}
              </option>
            </select>
          )}
        </Field>
        <FormEnd
          problem={problem}
          invalid={Object.keys(errors).length > 0}
          busy={busy}
          submit={t('users.submit')}
          onCancel={onCancel}
        />
      </form>
    </section>
  );
}
