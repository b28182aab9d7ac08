import { type FormEvent, useRef, useState } from 'react';
import { type Me, newIdempotencyKey } from '../api.js';
import { useLang } from '../lang.js';
import { firstInvalid, useFocusAfterRender } from '../ui/focus.js';
import type { Org } from './admin.api.js';
import { Field } from './Field.js';
import { FormEnd } from './FormEnd.js';
import { OrgOptions } from './OrgOptions.js';
import { type FieldErrors, missing, splitProblem } from './problems.js';
import { grantableRoles, roleName } from './roles.js';
import { type NewMapping, type Pending, type Provider, ssoApi } from './sso.api.js';

const FIELDS = ['value', 'org', 'role', 'claim'] as const;
type Name = (typeof FIELDS)[number];

/** Maps a value of the provider's groups claim to a role in one of its bodies (administrators). */
export function SsoMappingForm({
  me,
  provider,
  bodies,
  onDone,
}: {
  me: Me;
  provider: Provider;
  /** The bodies the provider logs in: its own, and a ministry's agencies when it includes them. */
  bodies: Org[];
  onDone: (result: Provider | Pending) => void;
}) {
  const { t } = useLang();
  const [values, setValues] = useState<Record<Name, string>>({
    value: '',
    org: provider.org,
    role: 'reporter',
    claim: provider.groupsClaim,
  });
  const [provision, setProvision] = useState(false);
  const [errors, setErrors] = useState<FieldErrors<Name>>({});
  const [problem, setProblem] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [key, setKey] = useState(newIdempotencyKey);
  const form = useRef<HTMLFormElement>(null);
  const focusAfterRender = useFocusAfterRender();
  const id = (name: string) => `map-${provider.slug}-${name}`;
  const kind = bodies.find((o) => o.slug === values.org)?.kind;
  const roles = grantableRoles(me, kind);
  const set = (name: Name) => (e: { target: { value: string } }) =>
    setValues((v) => ({ ...v, [name]: e.target.value }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    setProblem(null);
    const needed = missing(values, ['value', 'org', 'role', 'claim']);
    if (Object.keys(needed).length > 0) {
      setErrors(needed);
      focusAfterRender(firstInvalid(form));
      return;
    }
    setBusy(true);
    setErrors({});
    const mapping: NewMapping = {
      value: values.value.trim(),
      org: values.org,
      role: values.role as NewMapping['role'],
      claim: values.claim.trim(),
      provision,
    };
    try {
      const result = await ssoApi.addMapping(provider.slug, mapping, key);
      setKey(newIdempotencyKey());
      setValues((v) => ({ ...v, value: '' }));
      setBusy(false);
      onDone(result);
    } catch (e) {
      const { byField, rest } = splitProblem(e, FIELDS);
      setErrors(byField);
      setProblem(rest);
      focusAfterRender(firstInvalid(form));
      setBusy(false);
    }
  }

  return (
    <form ref={form} className="form" onSubmit={submit} noValidate aria-labelledby={id('heading')}>
      <h3 id={id('heading')}>{t('sso.mapping.add')}</h3>
      <Field
        id={id('value')}
        label={t('sso.mapping.value')}
        hint={t('sso.mapping.valueHint')}
        error={errors.value}
      >
        {(w) => (
          <input
            {...w}
            required
            autoComplete="off"
            spellCheck={false}
            value={values.value}
            onChange={set('value')}
          />
        )}
      </Field>
      <Field id={id('claim')} label={t('sso.mapping.claim')} error={errors.claim}>
        {(w) => (
          <input
            {...w}
            required
            autoComplete="off"
            spellCheck={false}
            value={values.claim}
            onChange={set('claim')}
          />
        )}
      </Field>
      <Field id={id('org')} label={t('sso.mapping.org')} error={errors.org}>
        {(w) => (
          <select {...w} required value={values.org} onChange={set('org')}>
            <OrgOptions orgs={bodies} none={t('users.field.orgChoose')} />
          </select>
        )}
      </Field>
      <Field id={id('role')} label={t('sso.mapping.role')} error={errors.role}>
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
      <div className="checkbox-row">
        <input
          id={id('provision')}
          type="checkbox"
          checked={provision}
          onChange={(e) => setProvision(e.target.checked)}
        />
        <label htmlFor={id('provision')}>{t('sso.mapping.provision')}</label>
      </div>
      <FormEnd problem={problem} busy={busy} submit={t('sso.mapping.submit')} />
    </form>
  );
}
