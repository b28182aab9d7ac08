import { orgName } from '../format.js';
import { useLang } from '../lang.js';
import { Time } from '../ui/Badges.js';
import { ConsentTightening } from './ConsentTightening.js';
import { ConsentBadge } from './ShareBadges.js';
import type { ConsentOnShare } from './sharing.api.js';

/** The consent each source body gave or refused, round by round, with its deadline, who and why. */
export function ConsentStates({ consents }: { consents: readonly ConsentOnShare[] }) {
  const { t, lang } = useLang();
  return (
    <section aria-labelledby="consents-section">
      <h2 id="consents-section">{t('share.consents')}</h2>
      {consents.length === 0 ? (
        <p className="muted">{t('share.consents.none')}</p>
      ) : (
        <table className="sharing-table">
          <thead>
            <tr>
              <th scope="col">{t('share.consents.org')}</th>
              <th scope="col">{t('share.consents.status')}</th>
              <th scope="col">{t('share.consents.due')}</th>
              <th scope="col">{t('share.consents.decided')}</th>
              <th scope="col">{t('share.consents.reason')}</th>
            </tr>
          </thead>
          <tbody>
            {consents.map((c) => (
              <tr key={c.id}>
                <th scope="row" data-label={t('share.consents.org')}>
                  {orgName(c.org, lang)}
                </th>
                <td data-label={t('share.consents.status')}>
                  <ConsentBadge status={c.status} />
                  {c.standing && <span className="muted"> {t('share.consents.standing')}</span>}
                  {c.youngAccount && (
                    <span className="badge young-account"> {t('share.consents.young')}</span>
                  )}
                </td>
                <td data-label={t('share.consents.due')}>
                  <Time at={c.dueAt} />
                </td>
                <td data-label={t('share.consents.decided')}>
                  {c.decidedAt ? (
                    <>
                      <Time at={c.decidedAt} /> {c.decidedBy && t('share.ack.by', { by: c.decidedBy })}
                    </>
                  ) : (
                    t('common.none')
                  )}
                </td>
                <td data-label={t('share.consents.reason')} className="text">
                  {c.reason ?? t('common.none')}
                  <ConsentTightening tightened={c.tightened ?? []} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
