import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import type { Me } from '../api.js';
import { orgName } from '../format.js';
import { useLang } from '../lang.js';
import { useLoaded } from '../queries.js';
import { adminQueries, type Org } from './admin.api.js';
import { FormEnd } from './FormEnd.js';
import { OrgOptions } from './OrgOptions.js';
import { problemText } from './problems.js';
import { roleName } from './roles.js';
import { type LoginPolicy, type Pending, ssoApi, ssoQueries } from './sso.api.js';

/**
 * Whether a body's people may log in with a local password, and its break-glass accounts that still may (for
 * when its identity provider is out of reach). A security officer sets its own body's; an administrator any.
 */
export function LoginPolicyForm({
  me,
  orgs,
  onDone,
}: {
  me: Me;
  orgs: Org[];
  onDone: (result: LoginPolicy | Pending) => void;
}) {
  const { t, lang } = useLang();
  const isAdmin = me.role === 'admin';
  const [org, setOrg] = useState(isAdmin ? '' : me.org.slug);
  const client = useQueryClient();
  // No body chosen yet: nothing is loaded, and nothing of the body chosen before stays on screen.
  const loadedPolicy = useLoaded({ ...ssoQueries.loginPolicy(org), enabled: org !== '' });
  const policy = org ? loadedPolicy : { data: null, error: null };
  const users = useLoaded({ ...adminQueries.users(org), enabled: org !== '' });
  const [off, setOff] = useState(false);
  const [breakGlass, setBreakGlass] = useState<ReadonlySet<string>>(new Set());
  const [problem, setProblem] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (!policy.data) return;
    setOff(policy.data.passwordsDisabled);
    setBreakGlass(new Set(policy.data.breakGlass.map((u) => u.id)));
  }, [policy.data]);
  const toggle = (id: string, on: boolean) =>
    setBreakGlass((current) => {
      const next = new Set(current);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });

  async function submit(event: FormEvent) {
    event.preventDefault();
    setProblem(null);
    setBusy(true);
    try {
      const result = await ssoApi.setLoginPolicy(org, {
        passwordsDisabled: off,
        breakGlass: [...breakGlass],
      });
      void client.invalidateQueries({ queryKey: ssoQueries.loginPolicy(org).queryKey });
      onDone(result);
    } catch (e) {
      setProblem(e);
    }
    setBusy(false);
  }

  const people = (org ? users.data : null)?.items.filter((u) => !u.disabled) ?? [];
  return (
    <section aria-labelledby="policy-heading">
      <h2 id="policy-heading">{t('policy.heading')}</h2>
      <p className="muted">{t('policy.intro')}</p>
      {isAdmin && (
        <div className="field">
          <label htmlFor="policy-org">{t('policy.org')}</label>
          <select id="policy-org" value={org} onChange={(e) => setOrg(e.target.value)}>
            <OrgOptions orgs={orgs} none={t('users.field.orgChoose')} />
          </select>
        </div>
      )}
      {policy.error ? (
        <p className="error" role="alert">
          {problemText(t, policy.error)}
        </p>
      ) : null}
      {policy.data && (
        <form className="card form" onSubmit={submit} aria-labelledby="policy-heading">
          <p>
            {policy.data.providers.length > 0
              ? t('policy.providers', { list: policy.data.providers.join(', ') })
              : t('policy.noProvider')}
          </p>
          <div className="checkbox-row">
            <input id="policy-off" type="checkbox" checked={off} onChange={(e) => setOff(e.target.checked)} />
            <label htmlFor="policy-off">
              {t('policy.off', { name: orgName(orgs.find((o) => o.slug === org) ?? me.org, lang) })}
            </label>
          </div>
          <fieldset>
            <legend>{t('policy.breakGlass')}</legend>
            <p className="hint">{t('policy.breakGlassHint')}</p>
            {people.map((u) => (
              <div className="checkbox-row" key={u.id}>
                <input
                  id={`bg-${u.id}`}
                  type="checkbox"
                  checked={breakGlass.has(u.id)}
                  onChange={(e) => toggle(u.id, e.target.checked)}
                />
                <label htmlFor={`bg-${u.id}`}>
                  {u.displayName}{' '}
                  <span className="muted small">
                    {u.email}・{roleName(t, u.role)}
                  </span>
                </label>
              </div>
            ))}
          </fieldset>
          <FormEnd problem={problem} busy={busy} submit={t('admin.form.save')} />
        </form>
      )}
    </section>
  );
}
