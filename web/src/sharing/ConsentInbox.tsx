import { orgName } from '../format.js';
import { ShortTime } from '../incidents/ListRow.js';
import { useLang } from '../lang.js';
import { useLoaded } from '../queries.js';
import { consentPath, followLink } from '../router.js';
import type { ScreenProps } from '../screen.js';
import { TlpBadge } from '../ui/Badges.js';
import { DueCountdown } from './DueCountdown.js';
import { ConsentBadge, KindBadge } from './ShareBadges.js';
import { StandingConsents } from './StandingConsents.js';
import { type ConsentRequest, sharingQueries } from './sharing.api.js';
import { problemText } from './sharingProblems.js';

const byDue = (a: ConsentRequest, b: ConsentRequest) => a.dueAt.localeCompare(b.dueAt);
const byDecided = (a: ConsentRequest, b: ConsentRequest) =>
  (b.decidedAt ?? b.askedAt).localeCompare(a.decidedAt ?? a.askedAt);

/**
 * 同意依頼: what the center asks to share from this body's reports. Pending requests first, the nearest
 * deadline on top with the time left; then the answered ones; then the standing consents that answer routine
 * cases in advance.
 */
export function ConsentInbox({ navigate }: ScreenProps) {
  const { t } = useLang();
  // Consent and sharing events make ['consents'] stale (liveQueries.ts): the list loads again in place.
  const list = useLoaded(sharingQueries.consents());
  const items = list.data?.items ?? [];
  const pending = items.filter((r) => r.status === 'pending').sort(byDue);
  const decided = items.filter((r) => r.status !== 'pending').sort(byDecided);
  return (
    <section aria-labelledby="consents-heading" className="sharing consent-inbox">
      <h1 id="consents-heading">{t('consents.heading')}</h1>
      <p className="muted">{t('consents.intro')}</p>
      {list.error ? (
        <p className="error" role="alert">
          {problemText(t, list.error)}
        </p>
      ) : !list.data ? (
        <p className="muted">{t('common.loading')}</p>
      ) : (
        <>
          <section aria-labelledby="pending-heading">
            <h2 id="pending-heading">{t('consents.pending', { n: pending.length })}</h2>
            {pending.length === 0 ? (
              <p className="card empty">{t('consents.nonePending')}</p>
            ) : (
              <RequestList items={pending} navigate={navigate} />
            )}
          </section>
          {decided.length > 0 && (
            <section aria-labelledby="decided-heading">
              <h2 id="decided-heading">{t('consents.decided')}</h2>
              <RequestList items={decided} navigate={navigate} />
            </section>
          )}
        </>
      )}
      <StandingConsents />
    </section>
  );
}

function RequestList({ items, navigate }: { items: ConsentRequest[]; navigate: (path: string) => void }) {
  const { t, lang } = useLang();
  return (
    <ul className="share-list">
      {items.map((r) => {
        const path = consentPath(r.id);
        return (
          <li key={r.id} className={`share-item consent-item ${r.status}`}>
            <p className="share-item-head">
              <ConsentBadge status={r.status} /> <KindBadge kind={r.share.kind} />{' '}
              <TlpBadge tlp={r.share.tlp} />
            </p>
            <a className="share-item-title" href={path} onClick={followLink(navigate, path)}>
              {r.share.title}
            </a>
            <p className="share-item-foot muted">
              {t('consents.askedOf', { org: orgName(r.org, lang) })} · {t('consents.askedAt')}{' '}
              <ShortTime at={r.askedAt} />
            </p>
            {r.status === 'pending' ? (
              <p className="share-item-foot">
                <DueCountdown dueAt={r.dueAt} />
              </p>
            ) : (
              r.decidedAt && (
                <p className="share-item-foot muted">
                  {t('consents.decidedAt')} <ShortTime at={r.decidedAt} />
                </p>
              )
            )}
          </li>
        );
      })}
    </ul>
  );
}
