import { useResource } from '../admin/useResource.js';
import { formatDateTime } from '../format.js';
import { useLang } from '../lang.js';
import type { LiveEvent } from '../live.js';
import { checkPath, followLink } from '../router.js';
import type { ScreenProps } from '../screen.js';
import { campaignsApi } from './campaigns.api.js';
import { pendingChecks } from './pendingChecks.js';

/** The test messages that reached me in the app and wait for me, each leading to where I acknowledge it. */
export function PendingChecks({
  feed,
  navigate,
  version,
}: {
  feed: readonly LiveEvent[];
  navigate: ScreenProps['navigate'];
  version: number;
}) {
  const { t, lang } = useLang();
  const waiting = useResource((signal) => campaignsApi.received(signal), [version]);
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
