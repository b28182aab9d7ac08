import { useState } from 'react';
import type { Me } from '../api.js';
import { orgName } from '../format.js';
import { useLang } from '../lang.js';
import type { Org } from './admin.api.js';
import { problemText } from './problems.js';
import { roleName } from './roles.js';
import { SsoMappingForm } from './SsoMappingForm.js';
import { type Pending, type Provider, ssoApi } from './sso.api.js';

/**
 * One identity provider: where it is, what to register there, whether it is in use, and its mappings (groups to
 * a body and a role). Administrators change it; a body's security officer sees the mappings into its body.
 */
export function SsoProviderCard({
  me,
  provider,
  orgs,
  onChanged,
}: {
  me: Me;
  provider: Provider;
  orgs: Org[];
  onChanged: (result: Provider | Pending | null) => void;
}) {
  const { t, lang } = useLang();
  const [problem, setProblem] = useState<unknown>(null);
  const isAdmin = me.role === 'admin';
  const bySlug = new Map(orgs.map((o) => [o.slug, o]));
  const nameOf = (slug: string) => {
    const org = bySlug.get(slug);
    return org ? orgName(org, lang) : slug;
  };
  const bodies = orgs.filter(
    (o) => o.slug === provider.org || (provider.includeAgencies && o.parent === provider.org),
  );
  const heading = `sso-${provider.slug}`;
  const act = async (work: () => Promise<Provider | Pending | undefined>) => {
    setProblem(null);
    try {
      onChanged((await work()) ?? null);
    } catch (e) {
      setProblem(e);
    }
  };
  const facts: [string, string][] = [
    [t('sso.field.org'), nameOf(provider.org) + (provider.includeAgencies ? t('sso.withAgencies') : '')],
    [t('sso.field.issuer'), provider.issuer],
    [t('sso.field.clientId'), provider.clientId],
    [t('sso.field.clientSecret'), t(`sso.secret.${provider.clientSecret}`)],
    [t('sso.field.scopes'), provider.scopes],
    [t('sso.field.groupsClaim'), provider.groupsClaim],
    [t('sso.field.mfaAcrValues'), provider.mfaAcrValues.join(' ') || t('common.none')],
    [t('sso.redirectUri'), provider.redirectUri],
  ];

  return (
    <article className="card sso-provider" aria-labelledby={heading}>
      <h2 id={heading}>
        {lang === 'ja' ? provider.nameJa : provider.nameEn}{' '}
        <span className={`badge ${provider.disabled ? 'state-off' : 'state-on'}`}>
          {provider.disabled ? t('sso.off') : t('sso.on')}
        </span>
      </h2>
      <dl className="facts">
        {facts.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd className="mono">{value}</dd>
          </div>
        ))}
      </dl>
      {isAdmin && (
        <div className="actions">
          <button
            type="button"
            className={provider.disabled ? undefined : 'danger-outline'}
            onClick={() => act(() => ssoApi.changeProvider(provider.slug, { disabled: !provider.disabled }))}
          >
            {provider.disabled ? t('sso.enable') : t('sso.disable')}
          </button>
        </div>
      )}
      <h3>{t('sso.mappings')}</h3>
      {provider.mappings.length === 0 ? (
        <p className="muted">{t('sso.noMappings')}</p>
      ) : (
        <table className="incidents admin-table">
          <caption className="visually-hidden">{t('sso.mappingsOf', { name: provider.slug })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('sso.mapping.value')}</th>
              <th scope="col">{t('sso.mapping.org')}</th>
              <th scope="col">{t('sso.mapping.role')}</th>
              <th scope="col">{t('sso.mapping.provisionShort')}</th>
              {isAdmin && <th scope="col">{t('sso.col.actions')}</th>}
            </tr>
          </thead>
          <tbody>
            {provider.mappings.map((m) => (
              <tr key={m.id}>
                <th scope="row" id={`mapping-${m.id}`}>
                  <code>{m.value}</code>
                  {m.claim !== provider.groupsClaim && <span className="muted small"> ({m.claim})</span>}
                </th>
                <td data-label={t('sso.mapping.org')}>{nameOf(m.org)}</td>
                <td data-label={t('sso.mapping.role')}>{roleName(t, m.role)}</td>
                <td data-label={t('sso.mapping.provisionShort')}>
                  {m.provision ? t('sso.yes') : t('sso.no')}
                </td>
                {isAdmin && (
                  <td data-label={t('sso.col.actions')}>
                    <button
                      type="button"
                      className="danger-outline"
                      aria-describedby={`mapping-${m.id}`}
                      onClick={() =>
                        act(async () => {
                          await ssoApi.removeMapping(provider.slug, m.id);
                          return undefined;
                        })
                      }
                    >
                      {t('sso.mapping.remove')}
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {problem ? (
        <p className="error" role="alert">
          {problemText(t, problem)}
        </p>
      ) : null}
      {isAdmin && <SsoMappingForm me={me} provider={provider} bodies={bodies} onDone={onChanged} />}
    </article>
  );
}
