import { useQuery } from '@tanstack/react-query';
import type { Me } from '../api.js';
import { formatMinutes } from '../format.js';
import { useLang } from '../lang.js';
import { orgQueries } from '../orgs.queries.js';
import { followLink } from '../router.js';
import { offers } from '../screen.js';
import { asApiError } from './ListPage.js';

/**
 * The ministry's review mode as set in the organization settings (shown here, changed there), with the
 * deadline it gives — the ministry's own or the server's default, named in minutes either way.
 */
export function ReviewMode({ me, navigate }: { me: Me; navigate: (path: string) => void }) {
  const { t, lang } = useLang();
  const orgs = useQuery(orgQueries.list());
  const error = orgs.error ? asApiError(orgs.error) : null;
  const org = orgs.data?.items.find((o) => o.slug === me.org.slug);
  const own = orgs.data && org ? { org, defaultMinutes: orgs.data.reviewDeadline.defaultMinutes } : null;

  const settings = '/admin/orgs';
  return (
    <section className="review-mode card" aria-labelledby="review-mode-heading">
      <h2 id="review-mode-heading">{t('queue.mode')}</h2>
      {error ? (
        <p className="error" role="alert">
          {t('common.error', { code: error.code })}
        </p>
      ) : !own ? (
        <p className="muted">{t('common.loading')}</p>
      ) : (
        <p data-testid="review-mode">
          {!own.org.reviewMode
            ? t('queue.mode.off')
            : own.org.reviewDeadlineMinutes === null
              ? t('queue.mode.onDefault', { deadline: formatMinutes(own.defaultMinutes, lang) })
              : t('queue.mode.on', { deadline: formatMinutes(own.org.reviewDeadlineMinutes, lang) })}
        </p>
      )}
      {offers.orgs(me) && (
        <p>
          <a href={settings} onClick={followLink(navigate, settings)}>
            {t('queue.mode.change')}
          </a>
        </p>
      )}
    </section>
  );
}
