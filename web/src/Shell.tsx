import { lazy, Suspense, useCallback, useRef, useState } from 'react';
import type { Incident, Me } from './api.js';
import { useOpenNotifications } from './contacts/openCount.js';
import type { MessageKey } from './i18n.js';
import { IncidentList } from './incidents/IncidentList.js';
import { IncidentView } from './incidents/IncidentView.js';
import { ReviewQueue } from './incidents/ReviewQueue.js';
import { LiveFeed } from './LiveFeed.js';
import { useLang } from './lang.js';
import { type LiveEvent, useLiveEvents } from './live.js';
import { QuickReportForm } from './report/QuickReportForm.js';
import { followLink, type Route, useRoute } from './router.js';
import { menuFor, offers, type ScreenProps } from './screen.js';
import { useFocusAfterRender } from './ui/focus.js';

// The dashboard (with its charts) and administration load on first use: the first page of a reporter stays
// small.
const Dashboard = lazy(() => import('./dashboard/Dashboard.js').then((m) => ({ default: m.Dashboard })));
const OrgsAdmin = lazy(() => import('./admin/OrgsAdmin.js').then((m) => ({ default: m.OrgsAdmin })));
const UsersAdmin = lazy(() => import('./admin/UsersAdmin.js').then((m) => ({ default: m.UsersAdmin })));
const TokensAdmin = lazy(() => import('./admin/TokensAdmin.js').then((m) => ({ default: m.TokensAdmin })));
const SsoAdmin = lazy(() => import('./admin/SsoAdmin.js').then((m) => ({ default: m.SsoAdmin })));
const AuditLog = lazy(() => import('./admin/AuditLog.js').then((m) => ({ default: m.AuditLog })));
// Sharing is a part of its own (composer, share page, inboxes, consents), loaded when first opened.
const Sharing = lazy(() => import('./sharing/SharingScreen.js').then((m) => ({ default: m.SharingScreen })));
// Contact structures and notifications, likewise.
const Contacts = lazy(() =>
  import('./contacts/ContactsScreen.js').then((m) => ({ default: m.ContactsScreen })),
);

// Verification campaigns and communication checks, likewise.
const Campaigns = lazy(() =>
  import('./campaigns/CampaignsScreen.js').then((m) => ({ default: m.CampaignsScreen })),
);

// Changes of a body's people and contacts waiting for its confirmation, likewise.
const Changes = lazy(() => import('./changes/ChangesScreen.js').then((m) => ({ default: m.ChangesScreen })));
// セキュリティ設定, likewise.
const Security = lazy(() =>
  import('./security/SecurityScreen.js').then((m) => ({ default: m.SecurityScreen })),
);

const FEED_LENGTH = 50;

/** The menu item a screen belongs to: a thing's page lights its list. */
const MENU_OF: Partial<Record<Route['name'], Route['name']>> = {
  contactsOf: 'contacts',
  notificationRules: 'contacts',
  campaign: 'campaigns',
  check: 'checks',
};

/** The logged-in app: menu, the current screen, and the live feed that keeps every screen current. */
export function Shell({ me }: { me: Me }) {
  const { t } = useLang();
  const [route, navigate] = useRoute();
  const [feed, setFeed] = useState<LiveEvent[]>([]);
  const [version, setVersion] = useState(0);
  const [titles, setTitles] = useState<ReadonlyMap<string, string>>(new Map());
  const [flash, setFlash] = useState<MessageKey | null>(null);
  const main = useRef<HTMLElement>(null);
  const focusAfterRender = useFocusAfterRender();

  const [reloadedAt, setReloadedAt] = useState<string | null>(null);
  const status = useLiveEvents(
    (event) => {
      setFeed((current) => [event, ...current.filter((e) => e.seq !== event.seq)].slice(0, FEED_LENGTH));
      setVersion((v) => v + 1);
    },
    // More was missed than the server replays: the screen loads its data again, in place.
    () => {
      setReloadedAt(new Date().toISOString());
      setVersion((v) => v + 1);
    },
  );

  const onIncidentsLoaded = useCallback((incidents: Pick<Incident, 'id' | 'title'>[]) => {
    setTitles((current) => {
      const next = new Map(current);
      for (const i of incidents) next.set(i.id, i.title);
      return next;
    });
  }, []);

  const go = useCallback(
    (path: string, message: MessageKey | null = null) => {
      setFlash(message);
      navigate(path);
      // Start screen readers and keyboards on the new screen.
      focusAfterRender(() => main.current);
    },
    [navigate, focusAfterRender],
  );

  const props: ScreenProps = { me, version, feed, navigate: go, onIncidentsLoaded };
  const menu = menuFor(me);
  const current = route.name === 'home' ? homeOf(me) : (MENU_OF[route.name] ?? route.name);
  const lastNotice = feed.find((e) => e.type === 'notification.created')?.seq ?? 0;
  const openNotices = useOpenNotifications(offers.notifications(me), lastNotice);

  return (
    <div className="shell">
      <nav className="nav" aria-label={t('nav.label')}>
        <ul>
          {menu.map((item) => (
            <li key={item.path}>
              <a
                href={item.path}
                aria-current={
                  item.route === current || (item.route === 'home' && current === 'list') ? 'page' : undefined
                }
                onClick={followLink(go, item.path)}
              >
                {t(item.label)}
                {item.route === 'notifications' && openNotices ? (
                  <span className="nav-count"> {t('nav.notificationsOpen', { n: openNotices })}</span>
                ) : null}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" className="main" tabIndex={-1} ref={main}>
        {flash && (
          <p className="notice" role="status">
            {t(flash)}
          </p>
        )}
        <Suspense fallback={<p className="muted">{t('common.loading')}</p>}>
          <Screen route={route} props={props} />
        </Suspense>
      </main>
      {offers.incidents(me) && (
        <LiveFeed feed={feed} status={status} titles={titles} navigate={go} reloadedAt={reloadedAt} />
      )}
    </div>
  );
}

type Home = 'list' | 'orgs' | 'audit' | 'tokens';

/** Where `/` leads: the incident list for those who see incidents, else the first thing of their work. */
function homeOf(me: Me): Home {
  if (offers.incidents(me)) return 'list';
  if (me.role === 'auditor') return 'audit';
  if (offers.orgs(me)) return 'orgs';
  return 'tokens';
}

function Screen({ route, props }: { route: Route; props: ScreenProps }) {
  const { t } = useLang();
  const { me } = props;
  const refused = <p className="error">{t('common.notAllowed')}</p>;
  const name = route.name === 'home' ? homeOf(me) : route.name;
  switch (name) {
    case 'list':
      return <IncidentList {...props} />;
    case 'report':
      return offers.report(me) ? <QuickReportForm {...props} /> : refused;
    case 'incident':
      return route.name === 'incident' ? <IncidentView id={route.id} {...props} /> : null;
    case 'review':
      return offers.review(me) ? <ReviewQueue {...props} /> : refused;
    case 'dashboard':
      return offers.dashboard(me) ? <Dashboard {...props} /> : refused;
    case 'orgs':
      return offers.orgs(me) ? <OrgsAdmin {...props} /> : refused;
    case 'users':
      return offers.users(me) ? <UsersAdmin {...props} /> : refused;
    case 'sso':
      return offers.sso(me) ? <SsoAdmin {...props} /> : refused;
    case 'tokens':
      return <TokensAdmin {...props} />;
    case 'audit':
      return offers.audit(me) ? <AuditLog {...props} /> : refused;
    case 'shares':
    case 'shareNew':
    case 'share':
    case 'shareEdit':
    case 'consents':
    case 'consent':
      return route.name === name ? <Sharing route={route} {...props} /> : null;
    case 'contacts':
    case 'contactsOf':
    case 'notifications':
    case 'notificationRules':
      return <Contacts route={route} {...props} />;
    case 'campaigns':
    case 'campaign':
    case 'checks':
    case 'check':
      return <Campaigns route={route} {...props} />;
    case 'changes':
      return offers.changes(me) ? <Changes {...props} /> : refused;
    case 'security':
      return <Security {...props} />;
    case 'missing':
      return <p className="error">{t('common.notFound')}</p>;
  }
}
