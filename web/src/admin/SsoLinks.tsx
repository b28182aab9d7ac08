import { useState } from 'react';
import { request } from '../api.js';
import { formatDateTime } from '../format.js';
import { useLang } from '../lang.js';
import { useLoaded } from '../queries.js';
import { problemText } from './problems.js';
import { ssoQueries } from './sso.api.js';

/**
 * The identity providers of my body my account is linked to, and a way to link one: I log in there, and from
 * then on may log in with it (needed before the body turns passwords off). Nothing shows when my body has none.
 */
export function SsoLinks() {
  const { t, lang } = useLang();
  const links = useLoaded(ssoQueries.identities());
  const [problem, setProblem] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  if (!links.data || (links.data.items.length === 0 && links.data.linkable.length === 0)) return null;
  const linked = new Set(links.data.items.map((i) => i.provider));
  const name = (p: { nameJa: string; nameEn: string }) => (lang === 'ja' ? p.nameJa : p.nameEn);

  async function link(slug: string) {
    setProblem(null);
    setBusy(true);
    try {
      const { url } = await request<{ url: string }>('POST', `/api/v1/sso/${encodeURIComponent(slug)}/link`, {
        body: { returnTo: window.location.pathname },
      });
      window.location.assign(url);
    } catch (e) {
      setProblem(e);
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="sso-links-heading">
      <h2 id="sso-links-heading">{t('ssoLinks.heading')}</h2>
      <p className="muted">{t('ssoLinks.intro')}</p>
      {links.data.items.length > 0 && (
        <ul>
          {links.data.items.map((i) => (
            <li key={i.id}>
              {t('ssoLinks.linked', { name: name(i), at: formatDateTime(i.linkedAt, lang) })}
            </li>
          ))}
        </ul>
      )}
      <div className="actions">
        {links.data.linkable
          .filter((p) => !linked.has(p.slug))
          .map((p) => (
            <button key={p.slug} type="button" disabled={busy} onClick={() => link(p.slug)}>
              {t('ssoLinks.link', { name: name(p) })}
            </button>
          ))}
      </div>
      {problem ? (
        <p className="error" role="alert">
          {problemText(t, problem)}
        </p>
      ) : null}
    </section>
  );
}
