import { type FormEvent, useRef, useState } from 'react';
import { newIdempotencyKey } from '../api.js';
import { useLang } from '../lang.js';
import { firstInvalid, useFocusAfterRender } from '../ui/focus.js';
import type { Org } from './admin.api.js';
import { Field } from './Field.js';
import { FormEnd } from './FormEnd.js';
import { OrgOptions } from './OrgOptions.js';
import { type FieldErrors, missing, splitProblem } from './problems.js';
import { type NewProvider, type Pending, type Provider, ssoApi } from './sso.api.js';

const FIELDS = [
  'slug',
  'org',
  'includeAgencies',
  'nameJa',
  'nameEn',
  'issuer',
  'clientId',
  'clientSecret',
  'scopes',
  'groupsClaim',
  'mfaAcrValues',
] as const;
type Name = (typeof FIELDS)[number];
type Values = Record<Exclude<Name, 'includeAgencies'>, string> & { includeAgencies: boolean };

/**
 * Adds an identity provider to a body (administrators). The server asks the issuer for its discovery document
 * before accepting it; the client secret is sealed on the server and never shown again.
 */
export function SsoProviderForm({
  orgs,
  onDone,
  onCancel,
}: {
  orgs: Org[];
  onDone: (result: Provider | Pending, name: string) => void;
  onCancel: () => void;
}) {
  const { t, lang } = useLang();
  const [values, setValues] = useState<Values>({
    slug: '',
    org: '',
    includeAgencies: false,
    nameJa: '',
    nameEn: '',
    issuer: 'https://',
    clientId: '',
    clientSecret: '',
    scopes: 'openid email profile',
    groupsClaim: 'groups',
    mfaAcrValues: '',
  });
  const [errors, setErrors] = useState<FieldErrors<Name>>({});
  const [problem, setProblem] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [key, setKey] = useState(newIdempotencyKey);
  const form = useRef<HTMLFormElement>(null);
  const focusAfterRender = useFocusAfterRender();
  const isMinistry = orgs.find((o) => o.slug === values.org)?.kind === 'ministry';
  const set = (name: Exclude<Name, 'includeAgencies'>) => (e: { target: { value: string } }) =>
    setValues((v) => ({ ...v, [name]: e.target.value }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    setProblem(null);
    const needed = missing(values, ['slug', 'org', 'nameJa', 'nameEn', 'issuer', 'clientId']);
    if (Object.keys(needed).length > 0) {
      setErrors(needed);
      focusAfterRender(firstInvalid(form));
      return;
    }
    setBusy(true);
    setErrors({});
    const acr = values.mfaAcrValues.split(/\s+/).filter(Boolean);
    const provider: NewProvider = {
      slug: values.slug.trim(),
      org: values.org,
      nameJa: values.nameJa.trim(),
      nameEn: values.nameEn.trim(),
      issuer: values.issuer.trim(),
      clientId: values.clientId.trim(),
      scopes: values.scopes.trim(),
      groupsClaim: values.groupsClaim.trim(),
      ...(isMinistry && values.includeAgencies ? { includeAgencies: true } : {}),
      ...(values.clientSecret ? { clientSecret: values.clientSecret } : {}),
      ...(acr.length > 0 ? { mfaAcrValues: acr } : {}),
    };
    try {
      const result = await ssoApi.addProvider(provider, key);
      setKey(newIdempotencyKey());
      onDone(result, lang === 'ja' ? provider.nameJa : provider.nameEn);
    } catch (e) {
      const { byField, rest } = splitProblem(e, FIELDS);
      setErrors(byField);
      setProblem(rest);
      focusAfterRender(firstInvalid(form));
      setBusy(false);
    }
  }

  const text = (name: Exclude<Name, 'includeAgencies' | 'org'>, hint?: string, type = 'text') => (
    <Field
      id={`sso-${name}`}
      label={t(`sso.field.${name}` as const)}
      error={errors[name]}
      {...(hint ? { hint } : {})}
    >
      {(w) => (
        <input
          {...w}
          type={type}
          autoComplete={type === 'password' ? 'new-password' : 'off'}
          spellCheck={false}
          value={values[name]}
          onChange={set(name)}
        />
      )}
    </Field>
  );

  return (
    <section aria-labelledby="sso-form-heading" id="sso-form">
      <h2 id="sso-form-heading">{t('sso.add')}</h2>
      <form ref={form} className="card form" onSubmit={submit} noValidate>
        <Field id="sso-org" label={t('sso.field.org')} error={errors.org}>
          {(w) => (
            <select {...w} required value={values.org} onChange={set('org')}>
              <OrgOptions orgs={orgs} none={t('users.field.orgChoose')} />
            </select>
          )}
        </Field>
        {isMinistry && (
          <div className="checkbox-row">
            <input
              id="sso-includeAgencies"
              type="checkbox"
              checked={values.includeAgencies}
              onChange={(e) => setValues((v) => ({ ...v, includeAgencies: e.target.checked }))}
            />
            <label htmlFor="sso-includeAgencies">{t('sso.field.includeAgencies')}</label>
          </div>
        )}
        {text('slug', t('sso.field.slugHint'))}
        {text('nameJa')}
        {text('nameEn')}
        {text('issuer', t('sso.field.issuerHint'), 'url')}
        {text('clientId')}
        {text('clientSecret', t('sso.field.clientSecretHint'), 'password')}
        {text('scopes', t('sso.field.scopesHint'))}
        {text('groupsClaim', t('sso.field.groupsClaimHint'))}
        {text('mfaAcrValues', t('sso.field.mfaAcrValuesHint'))}
        <FormEnd
          problem={problem}
          invalid={Object.keys(errors).length > 0}
          busy={busy}
          submit={busy ? t('sso.checking') : t('sso.submit')}
          onCancel={onCancel}
        />
      </form>
    </section>
  );
}
