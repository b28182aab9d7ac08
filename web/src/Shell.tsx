import { useCallback, useRef, useState } from 'react';
import type { Incident, Me } from './api.js';
import { IncidentList } from './IncidentList.js';
import { IncidentView } from './IncidentView.js';
import type { MessageKey } from './i18n.js';
import { LiveFeed } from './LiveFeed.js';
import { useLang } from './lang.js';
import { type LiveEvent, useLiveEvents } from './live.js';
import { QuickReportForm } from './QuickReportForm.js';
import { followLink, useRoute } from './router.js';

const FEED_LENGTH = 50;
const FILING_ROLES = ['reporter', 'security-officer'];

/** The logged-in app: menu, the current screen, and the live feed that keeps every screen current. */
export function Shell({ me }: { me: Me }) {
  const { t } = useLang();
  const [route, navigate] = useRoute();
  const [feed, setFeed] = useState<LiveEvent[]>([]);
  // Bumped on every live event: screens that depend on it load again, in place.
  const [version, setVersion] = useState(0);
  const [titles, setTitles] = useState<ReadonlyMap<string, string>>(new Map());
  const [flash, setFlash] = useState<MessageKey | null>(null);
  const main = useRef<HTMLElement>(null);

  const status = useLiveEvents((event) => {
    setFeed((current) => [event, ...current.filter((e) => e.seq !== event.seq)].slice(0, FEED_LENGTH));
    setVersion((v) => v + 1);
  });

  const remember = useCallback((incidents: Pick<Incident, 'id' | 'title'>[]) => {
    setTitles((current) => {
      const next = new Map(current);
      for (const i of incidents) next.set(i.id, i.title);
      return next;
    });
  }, []);

  const rememberOne = useCallback((incident: Incident) => remember([incident]), [remember]);

  const go = useCallback(
    (path: string, message: MessageKey | null = null) => {
      setFlash(message);
      navigate(path);
      // Start screen readers and keyboards on the new screen.
      requestAnimationFrame(() => main.current?.focus());
    },
    [navigate],
  );

  const fresh = new Set(feed.filter((e) => e.type === 'incident.reported').map((e) => e.incidentId ?? ''));
  const canFile = FILING_ROLES.includes(me.role);

  return (
    <div className="shell">
      <nav className="nav" aria-label={t('nav.label')}>
        <ul>
          <li>
            <a
              href="/"
              aria-current={route.name === 'list' ? 'page' : undefined}
              onClick={followLink(go, '/')}
            >
              {t('nav.incidents')}
            </a>
          </li>
          {canFile && (
            <li>
              <a
                href="/report"
                aria-current={route.name === 'report' ? 'page' : undefined}
                onClick={followLink(go, '/report')}
              >
                {t('nav.report')}
              </a>
            </li>
          )}
        </ul>
      </nav>
      <main id="main" className="main" tabIndex={-1} ref={main}>
        {flash && (
          <p className="notice" role="status">
            {t(flash)}
          </p>
        )}
        {route.name === 'list' && (
          <IncidentList version={version} fresh={fresh} navigate={go} onLoaded={remember} />
        )}
        {route.name === 'report' &&
          (canFile ? (
            <QuickReportForm onFiled={(path) => go(path, 'report.filed')} />
          ) : (
            <p className="error">{t('report.notAllowed')}</p>
          ))}
        {route.name === 'incident' && (
          <IncidentView id={route.id} me={me} version={version} navigate={go} onLoaded={rememberOne} />
        )}
      </main>
      <LiveFeed feed={feed} status={status} titles={titles} navigate={go} />
    </div>
  );
}
