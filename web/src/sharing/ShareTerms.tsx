import { orgName } from '../format.js';
import { useLang } from '../lang.js';
import { followLink, incidentPath } from '../router.js';
import type { Share } from './sharing.api.js';

/** Who receives a share (the audience as asked, and the bodies and people it resolved to), its sources, redactions. */
export function ShareTerms({ share, navigate }: { share: Share; navigate: (path: string) => void }) {
  const { t, lang } = useLang();
  const recipients = share.recipients ?? { orgs: [], users: [] };
  const audience = share.audience;
  const includesAgencies =
    audience.kind === 'orgs' && 'includeAgencies' in audience && audience.includeAgencies;
  const applied = (share.redactions ?? []).filter((r) => r.count > 0);
  return (
    <>
      <section aria-labelledby="audience-section">
        <h2 id="audience-section">{t('share.audienceHeading')}</h2>
        <p>
          {t(`share.audience.${audience.kind}`)}
          {includesAgencies && <> {t('share.audience.withAgencies')}</>}
        </p>
        <h3>{t('share.recipients', { n: recipients.orgs.length })}</h3>
        {recipients.orgs.length === 0 ? (
          <p className="muted">{t('share.recipients.none')}</p>
        ) : (
          <ul className="recipient-list">
            {recipients.orgs.map((o) => (
              <li key={o.slug}>{orgName(o, lang)}</li>
            ))}
          </ul>
        )}
        {recipients.users.length > 0 && (
          <>
            <h3>{t('share.namedUsers')}</h3>
            <ul className="recipient-list mono">
              {recipients.users.map((u) => (
                <li key={u.email}>{u.email}</li>
              ))}
            </ul>
          </>
        )}
      </section>
      {share.sources && share.sources.length > 0 && (
        <section aria-labelledby="sources-section">
          <h2 id="sources-section">{t('share.sources')}</h2>
          <ul className="plain-list">
            {share.sources.map((s) => (
              <li key={s.id}>
                <a href={incidentPath(s.id)} onClick={followLink(navigate, incidentPath(s.id))}>
                  {s.number ? `${s.number} ${s.title}` : s.title}
                </a>
              </li>
            ))}
          </ul>
        </section>
      )}
      <section aria-labelledby="redactions-section">
        <h2 id="redactions-section">{t('share.redactions')}</h2>
        {applied.length === 0 ? (
          <p className="muted">{t('compose.redactions.none')}</p>
        ) : (
          <ul className="plain-list">
            {applied.map((r) => (
              <li key={r.kind}>{t(`share.redaction.${r.kind}`, { n: r.count })}</li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
