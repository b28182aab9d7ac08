import { useEffect, useState } from 'react';
import type { Static } from 'typebox';
import type { PublicProviderOut } from '../../src/features/sso/sso.schemas.js';
import { request } from './api.js';
import { useLang } from './lang.js';

type PublicProvider = Static<typeof PublicProviderOut>;

/**
 * The identity providers of the log-in screen, one link each ("〇〇でログイン"): a plain navigation to the
 * server, which sends the browser to the provider and, once back, to the screen it started from.
 */
export function SsoProviders() {
  const { t, lang } = useLang();
  const [providers, setProviders] = useState<PublicProvider[]>([]);
  useEffect(() => {
    const abort = new AbortController();
    request<{ items: PublicProvider[] }>('GET', '/api/v1/sso/providers', { signal: abort.signal }).then(
      (found) => setProviders(found.items),
      // Without the list, the password form still works.
      () => setProviders([]),
    );
    return () => abort.abort();
  }, []);
  if (providers.length === 0) return null;
  const here = window.location.pathname + window.location.search;
  const back = here === '/' ? '' : `?returnTo=${encodeURIComponent(here)}`;
  return (
    <section className="sso" aria-labelledby="sso-heading">
      <h2 id="sso-heading">{t('login.sso.heading')}</h2>
      <ul className="sso-providers">
        {providers.map((p) => (
          <li key={p.slug}>
            <a className="button-link" href={p.startUrl + back}>
              {t('login.sso.with', { name: lang === 'ja' ? p.nameJa : p.nameEn })}
            </a>
          </li>
        ))}
      </ul>
      <p className="muted">{t('login.sso.orPassword')}</p>
    </section>
  );
}
