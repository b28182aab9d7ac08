import { Outlet, useMatches, useNavigate, useRouteContext } from '@tanstack/react-router';
import { Suspense, useCallback, useRef, useState } from 'react';
import type { Incident } from './api.js';
import { useOpenNotifications } from './contacts/openCount.js';
import type { MessageKey } from './i18n.js';
import { useReviewCount } from './incidents/reviewCount.js';
import { type IncidentName, LiveFeed } from './LiveFeed.js';
import { useLang } from './lang.js';
import { type LiveEvent, useLiveEvents } from './live.js';
import { useLiveInvalidation } from './liveQueries.js';
import { ExerciseUnderWay } from './marks/ExerciseBanner.js';
import { followLink, type Route } from './router.js';
import { menuFor, offers, type ScreenProps } from './screen.js';
import { ScreenContext } from './screens.js';
import { useAwaitingAnswers } from './situations/awaiting.js';
import { useFocusAfterRender } from './ui/focus.js';

const FEED_LENGTH = 50;

/** The menu item a screen belongs to: a thing's page lights its list. */
const MENU_OF: Partial<Record<Route['name'], Route['name']>> = {
  incident: 'list',
  contactsOf: 'contacts',
  notificationRules: 'contacts',
  campaign: 'campaigns',
  check: 'checks',
  situation: 'situations',
  situationNew: 'situations',
  cluster: 'clusters',
};

/** The logged-in app around every route: menu, the current screen, and the live feed that keeps data current. */
export function Layout() {
  const { t } = useLang();
  const { me } = useRouteContext({ from: '__root__' });
  const routerNavigate = useNavigate();
  const [feed, setFeed] = useState<LiveEvent[]>([]);
  const [titles, setTitles] = useState<ReadonlyMap<string, IncidentName>>(new Map());
  const [flash, setFlash] = useState<MessageKey | null>(null);
  // On a phone the menu folds behind one button, so that a screen starts near the top (see app.css).
  const [menuOpen, setMenuOpen] = useState(false);
  const main = useRef<HTMLElement>(null);
  const focusAfterRender = useFocusAfterRender();
  const invalidate = useLiveInvalidation();

  const [reloadedAt, setReloadedAt] = useState<string | null>(null);
  const status = useLiveEvents(
    (event) => {
      setFeed((current) => [event, ...current.filter((e) => e.seq !== event.seq)].slice(0, FEED_LENGTH));
      invalidate(event);
    },
    // The stream has just opened, or more was missed than the server replays: the screen loads its data again,
    // in place, and says so when something was missed.
    (reason) => {
      if (reason === 'missed') setReloadedAt(new Date().toISOString());
      invalidate('reload');
    },
  );

  const onIncidentsLoaded = useCallback(
    (incidents: (Pick<Incident, 'id' | 'title'> & { number?: string })[]) => {
      setTitles((current) => {
        const next = new Map(current);
        for (const i of incidents) next.set(i.id, { title: i.title, number: i.number ?? null });
        return next;
      });
    },
    [],
  );

  const go = useCallback(
    (path: string, message: MessageKey | null = null) => {
      setFlash(message);
      setMenuOpen(false);
      void routerNavigate({ href: path });
      // Start screen readers and keyboards on the new screen.
      focusAfterRender(() => main.current);
    },
    [routerNavigate, focusAfterRender],
  );

  const screen = useMatches({ select: (matches) => matches.at(-1)?.staticData.screen ?? 'missing' });
  const current = MENU_OF[screen] ?? screen;
  const props: ScreenProps = { me, feed, navigate: go, onIncidentsLoaded };
  const openNotices = useOpenNotifications(offers.notifications(me));
  const awaitingReview = useReviewCount(offers.reviewing(me));
  const awaitingAnswers = useAwaitingAnswers(offers.situations(me));

  const menu = menuFor(me);
  const here = menu.find((item) => item.route === current);
  const waiting = (openNotices ?? 0) + (awaitingReview ?? 0) + (awaitingAnswers ?? 0);
  return (
    <div className="shell">
      <nav className={`nav${menuOpen ? ' open' : ''}`} aria-label={t('nav.label')}>
        <button
          type="button"
          className="nav-toggle"
          aria-expanded={menuOpen}
          aria-controls="main-menu"
          onClick={() => setMenuOpen((open) => !open)}
        >
          {t('nav.menu')}
          {here ? <span className="nav-here">：{t(here.label)}</span> : null}
          {waiting > 0 ? <span className="nav-count"> {t('nav.waiting', { n: waiting })}</span> : null}
        </button>
        <ul id="main-menu">
          {menu.map((item) => (
            <li key={item.path}>
              <a
                href={item.path}
                aria-current={item.route === current ? 'page' : undefined}
                onClick={followLink(go, item.path)}
              >
                {t(item.label)}
                {item.route === 'notifications' && openNotices ? (
                  <span className="nav-count"> {t('nav.notificationsOpen', { n: openNotices })}</span>
                ) : null}
                {item.route === 'situations' && awaitingAnswers ? (
                  <span className="nav-count"> {t('nav.situationsWaiting', { n: awaitingAnswers })}</span>
                ) : null}
                {item.route === 'review' && awaitingReview ? (
                  <span className="nav-count"> {t('nav.reviewWaiting', { n: awaitingReview })}</span>
                ) : null}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" className="main" tabIndex={-1} ref={main}>
        <ExerciseUnderWay enabled={offers.situations(me)} navigate={go} />
        {flash && (
          <p className="notice" role="status">
            {t(flash)}
          </p>
        )}
        <ScreenContext.Provider value={props}>
          <Suspense fallback={<p className="muted">{t('common.loading')}</p>}>
            <Outlet />
          </Suspense>
        </ScreenContext.Provider>
      </main>
      {offers.incidents(me) && (
        <LiveFeed feed={feed} status={status} titles={titles} navigate={go} reloadedAt={reloadedAt} />
      )}
    </div>
  );
}

/** An address the app does not know, or an id that cannot be read. */
export function NotFound() {
  const { t } = useLang();
  return <p className="error">{t('common.notFound')}</p>;
}
