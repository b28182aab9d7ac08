import { formatDateTime } from './format.js';
import { isMessageKey } from './i18n.js';
import { useLang } from './lang.js';
import type { LiveEvent, LiveStatus } from './live.js';
import { followLink, incidentPath } from './router.js';

/** What just happened, newest first, as the server streams it; announced politely to screen readers. */
export function LiveFeed({
  feed,
  status,
  titles,
  navigate,
}: {
  feed: LiveEvent[];
  status: LiveStatus;
  titles: ReadonlyMap<string, string>;
  navigate: (path: string) => void;
}) {
  const { t, lang } = useLang();
  return (
    <aside className="feed" aria-labelledby="feed-heading">
      <h2 id="feed-heading">
        {t('feed.heading')}{' '}
        <span className={`live-status ${status}`}>
          {status === 'open' ? t('feed.open') : t('feed.connecting')}
        </span>
      </h2>
      {feed.length === 0 && <p className="muted">{t('feed.empty')}</p>}
      <ol className="feed-items" aria-live="polite">
        {feed.map((event) => {
          const typeKey = `event.${event.type}`;
          const path = event.incidentId ? incidentPath(event.incidentId) : null;
          const title = (event.incidentId && titles.get(event.incidentId)) || event.incidentId;
          return (
            <li key={event.seq} className={`feed-item ${event.type.replace('.', '-')}`}>
              <span className="event-type">{isMessageKey(typeKey) ? t(typeKey) : t('event.other')}</span>
              {path && (
                <a href={path} onClick={followLink(navigate, path)}>
                  {title}
                </a>
              )}
              <span className="muted">
                {t('feed.from', { org: event.orgSlug ?? '', at: formatDateTime(event.at, lang) })}
              </span>
            </li>
          );
        })}
      </ol>
    </aside>
  );
}
