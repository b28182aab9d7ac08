import { createContext, lazy, useContext } from 'react';
import { IncidentList } from './incidents/IncidentList.js';
import { IncidentView } from './incidents/IncidentView.js';
import { ReviewQueue } from './incidents/ReviewQueue.js';
import { NotFound } from './Layout.js';
import { useLang } from './lang.js';
import { QuickReportForm } from './report/QuickReportForm.js';
import type { Route } from './router.js';
import { offers, type ScreenProps } from './screen.js';

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

// An exercise's report (訓練報告), likewise.
const ExerciseReport = lazy(() =>
  import('./exercises/ReportPage.js').then((m) => ({ default: m.ReportPage })),
);
// Exercise control (訓練): the list, the draft's editor, the control page, likewise.
const Exercises = lazy(() =>
  import('./exercises/ExercisesScreen.js').then((m) => ({ default: m.ExercisesScreen })),
);
// The center's warning lists, likewise.
const Warninglists = lazy(() =>
  import('./warninglists/WarninglistsScreen.js').then((m) => ({ default: m.WarninglistsScreen })),
);
// Large-scale situations (事態), likewise.
const Situations = lazy(() =>
  import('./situations/SituationsScreen.js').then((m) => ({ default: m.SituationsScreen })),
);

// Correlation clusters (相関クラスター), with their graph, likewise.
const Clusters = lazy(() =>
  import('./correlation/ClustersScreen.js').then((m) => ({ default: m.ClustersScreen })),
);

// The policy clause register, its requests and coverage (ポリシー記載), likewise.
const Policies = lazy(() =>
  import('./policies/PoliciesScreen.js').then((m) => ({ default: m.PoliciesScreen })),
);

// The annual report (年次報告書), with its charts, likewise.
const Annual = lazy(() => import('./annual/AnnualScreen.js').then((m) => ({ default: m.AnnualScreen })));

/** What the shell gives every screen (the route tree's components render inside it). */
export const ScreenContext = createContext<ScreenProps | null>(null);

/** The screen a route shows, gated by what the role is offered (a refused screen says so). */
export function Screen({ route }: { route: Route }) {
  const props = useContext(ScreenContext);
  if (!props) throw new Error('Screen outside the shell');
  return <Gated route={route} props={props} />;
}

function Gated({ route, props }: { route: Route; props: ScreenProps }) {
  const { t } = useLang();
  const { me } = props;
  const refused = <p className="error">{t('common.notAllowed')}</p>;
  switch (route.name) {
    case 'list':
      return offers.incidents(me) ? <IncidentList {...props} /> : refused;
    case 'report':
      return offers.report(me) ? <QuickReportForm {...props} /> : refused;
    case 'incident':
      return <IncidentView id={route.id} {...props} />;
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
      return <Sharing route={route} {...props} />;
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
    case 'situations':
    case 'situationNew':
    case 'situation':
      return <Situations route={route} {...props} />;
    case 'exercises':
    case 'exerciseNew':
    case 'exercise':
    case 'exerciseEdit':
      // An exercise does not exist for anyone but exercise control: the app's not-found answer, as the API's 404.
      return offers.exercises(me) ? <Exercises route={route} {...props} /> : <NotFound />;
    case 'exerciseReport':
      return <ExerciseReport id={route.id} {...props} />;
    case 'clusters':
      return offers.incidents(me) ? <Clusters {...props} /> : refused;
    case 'cluster':
      return offers.incidents(me) ? <Clusters id={route.id} {...props} /> : refused;
    case 'warninglists':
      return offers.warninglists(me) ? <Warninglists /> : refused;
    case 'policies':
    case 'policyRegister':
    case 'policyRequests':
      return <Policies route={route} {...props} />;
    case 'annual':
    case 'annualReport':
      return <Annual route={route} {...props} />;
    case 'missing':
      return <p className="error">{t('common.notFound')}</p>;
  }
}
