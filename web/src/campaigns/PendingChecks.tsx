import { formatDateTime } from '../format.js';
import { useLang } from '../lang.js';
import type { LiveEvent } from '../live.js';
import { useLoaded } from '../queries.js';
import { checkPath, followLink } from '../router.js';
import type { ScreenProps } from '../screen.js';
import { campaignQueries } from './campaigns.api.js';
import { pendingChecks } from './pendingChecks.js';

/** The test messages that reached me in the app and wait for me, each leading to where I acknowledge it. */
export function PendingChecks({
  feed,
  navigate,
}: {
  feed: readonly LiveEvent[];
  navigate: ScreenProps['navigate'];
}) {
  const { t, lang } = useLang();
  const waiting = useLoaded(campaignQueries.received());
  const pending = pendingChecks(feed, waiting.data?.items);
  if (pending.length === 0) return null;
  return (
    <section aria-labelledby="pending-checks" className="card pending-checks">
      <h2 id="pending-checks">{t('checks.pendingHeading')}</h2>
      <p>{t('checks.pendingIntro')}</p>
      <ul>
        {pending.map((p) => {
          const path = checkPath(p.checkId);
          return (
            <li key={p.checkId}>
              <span>{t('checks.pendingFrom', { org: p.orgSlug, at: formatDateTime(p.at, lang) })}</span>{' '}
              <a className="button-link" href={path} onClick={followLink(navigate, path)}>
                {t('checks.pendingOpen')}
              </a>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
