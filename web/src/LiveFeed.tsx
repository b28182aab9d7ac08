import { useQuery } from '@tanstack/react-query';
import { formatDateTime } from './format.js';
import { isMessageKey, type Translate } from './i18n.js';
import { useLang } from './lang.js';
import type { LiveEvent, LiveStatus } from './live.js';
import { orgQueries } from './orgs.queries.js';
import { consentPath, exercisePath, followLink, incidentPath, sharePath, situationPath } from './router.js';

/** An incident as the live panel names it: its number and title, learnt from the screens that loaded it. */
export interface IncidentName {
  title: string;
  number: string | null;
}

/** Bodies rarely change: their names are asked once in a while, never per event (GET /api/v1/orgs). */
const ORG_NAMES_STALE_MS = 5 * 60_000;

/** Each body's name in the page's language, by slug; the slug itself until the names have come. */
function useOrgName(): (slug: string) => string {
  const { lang } = useLang();
  const { data } = useQuery({
    ...orgQueries.list(),
    staleTime: ORG_NAMES_STALE_MS,
  });
  return (slug) => {
    const org = data?.items.find((o) => o.slug === slug);
    if (!org) return slug;
    return lang === 'ja' ? org.nameJa : org.nameEn;
  };
}

/**
 * Where an event leads and what the link says: its incident by number and title (or, before any screen has
 * loaded it, just "an incident" — never its id); sharing events carry no content, so no title: the consent
 * request to answer or the share.
 */
function linkOf(event: LiveEvent, titles: ReadonlyMap<string, IncidentName>, t: Translate) {
  if (event.incidentId) {
    const known = titles.get(event.incidentId);
    const title = known ? [known.number, known.title].filter(Boolean).join(' ') : t('feed.anIncident');
    return { path: incidentPath(event.incidentId), title };
  }
  if (event.situationId) {
    const named = [event.number, event.name].filter(Boolean).join(' ');
    return { path: situationPath(event.situationId), title: named || t('feed.openSituation') };
  }
  if (event.exerciseId) {
    const named = [event.number, event.name].filter(Boolean).join(' ');
    return { path: exercisePath(event.exerciseId), title: named || t('nav.exercises') };
  }
  if (event.requestId && event.type !== 'consent.decided')
    return { path: consentPath(event.requestId), title: t('feed.openConsent') };
  if (event.shareId) return { path: sharePath(event.shareId), title: t('feed.openShare') };
  return { path: null, title: null };
}

/** What just happened, newest first, as the server streams it; announced politely to screen readers. */
export function LiveFeed({
  feed,
  status,
  titles,
  navigate,
  reloadedAt,
}: {
  feed: LiveEvent[];
  status: LiveStatus;
  titles: ReadonlyMap<string, IncidentName>;
  navigate: (path: string) => void;
  /** When the screen last loaded its data again because the stream could not replay what was missed. */
  reloadedAt: string | null;
}) {
  const { t, lang } = useLang();
  const orgName = useOrgName();
  return (
    <aside className="feed" aria-labelledby="feed-heading">
      <h2 id="feed-heading">
        {t('feed.heading')}{' '}
        <span className={`live-status ${status}`}>
          {status === 'open' ? t('feed.open') : t('feed.connecting')}
        </span>
      </h2>
      <p className="muted feed-status" role="status">
        {reloadedAt ? t('feed.reloaded', { at: formatDateTime(reloadedAt, lang) }) : ''}
      </p>
      {feed.length === 0 && <p className="muted">{t('feed.empty')}</p>}
      <ol className="feed-items" aria-live="polite">
        {feed.map((event) => {
          // An approval on stricter terms says so: 承認（条件を厳格化）.
          const typeKey =
            event.type === 'consent.decided' && (event.tightened?.length ?? 0) > 0
              ? 'event.consent.tightened'
              : `event.${event.type}`;
          const { path, title } = linkOf(event, titles, t);
          return (
            <li key={event.seq} className={`feed-item ${event.type.replace('.', '-')}`}>
              <span className="event-type">{isMessageKey(typeKey) ? t(typeKey) : t('event.other')}</span>
              {path && (
                <a href={path} onClick={followLink(navigate, path)}>
                  {title}
                </a>
              )}
              <span className="muted">
                {event.orgSlug
                  ? t('feed.from', { org: orgName(event.orgSlug), at: formatDateTime(event.at, lang) })
                  : formatDateTime(event.at, lang)}
              </span>
            </li>
          );
        })}
      </ol>
    </aside>
  );
}
