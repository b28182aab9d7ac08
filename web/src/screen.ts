import type { Incident, Me } from './api.js';
import type { MessageKey } from './i18n.js';
import type { LiveEvent } from './live.js';
import type { Route } from './router.js';

/** What every screen of the logged-in app receives from the shell. */
export interface ScreenProps {
  me: Me;
  /** The latest live events, newest first. */
  feed: readonly LiveEvent[];
  /** Goes to another screen (a path, optionally with a query), with an optional message shown there. */
  navigate: (path: string, flash?: MessageKey | null) => void;
  /** Lets the live feed name incidents by title once a screen has loaded them. */
  onIncidentsLoaded: (incidents: (Pick<Incident, 'id' | 'title'> & { number?: string })[]) => void;
}

type Role = Me['role'];
const FILING: readonly Role[] = ['reporter', 'security-officer'];
const CENTER: readonly Role[] = ['center-analyst', 'center-coordinator'];
const CONTENT: readonly Role[] = [...FILING, ...CENTER];

/** Which screens a user's menu offers. The server decides what each answers; this only hides dead ends. */
export const offers = {
  incidents: (me: Me) => CONTENT.includes(me.role),
  report: (me: Me) => FILING.includes(me.role),
  /**
   * The review queue (確認待ち): a ministry's security officers — where they also see and set whether their
   * ministry reviews its agencies' reports at all.
   */
  review: (me: Me) => me.role === 'security-officer' && me.org.kind === 'ministry',
  /** Reports wait for this ministry's review: its officers land on the queue, and the menu counts it. */
  reviewing: (me: Me) => offers.review(me) && me.org.reviewMode,
  dashboard: (me: Me) => CENTER.includes(me.role),
  orgs: (me: Me) => me.role === 'admin' || me.role === 'security-officer',
  users: (me: Me) => me.role === 'admin' || me.role === 'security-officer',
  tokens: (_me: Me) => true,
  /** Single sign-on: administrators configure it; a security officer sees its body's and sets its login policy. */
  sso: (me: Me) => me.role === 'admin' || me.role === 'security-officer',
  audit: (me: Me) => me.role === 'auditor' || me.role === 'admin',
  /** Shares received (and, at the center, every share): every content role. */
  shares: (me: Me) => CONTENT.includes(me.role),
  /** Consent requests and standing consents are answered by the reporting body's security officer. */
  consents: (me: Me) => me.role === 'security-officer',
  compose: (me: Me) => CENTER.includes(me.role),
  /** Contact structures (連絡体制): security officers keep theirs (a ministry reads its agencies'); the center and admins read all. */
  contacts: (me: Me) => me.role === 'security-officer' || CENTER.includes(me.role) || me.role === 'admin',
  /** My notifications: every content role can be a contact. */
  notifications: (me: Me) => CONTENT.includes(me.role),
  /** Verification campaigns (連絡体制の確認): run by coordinators and ministries, answered by security officers. */
  campaigns: (me: Me) => me.role === 'security-officer' || CENTER.includes(me.role),
  /** Communication checks (連絡訓練): every content role can be a duty contact who acknowledges one. */
  checks: (me: Me) => CONTENT.includes(me.role),
  /** 確認待ちの変更: a body's security officers confirm what is asked of it; administrators follow their requests. */
  changes: (me: Me) => me.role === 'security-officer' || me.role === 'admin',
  /**
   * 事態 (large-scale situations): every content role — the center follows them, an in-scope body answers the
   * roll-call, a ministry also for its agencies. The server answers only the situations a body may see.
   */
  situations: (me: Me) => CONTENT.includes(me.role),
  /** 相関クラスター in the menu: the center's analysts and coordinators (any reader reaches one from an incident). */
  clusters: (me: Me) => CENTER.includes(me.role),
  /** 訓練 (exercise control): the center's coordinators alone; to anyone else an exercise does not exist. */
  exercises: (me: Me) => me.role === 'center-coordinator' && me.org.kind === 'center',
  /** 警告リスト (warning lists): the center's analysts and coordinators read and edit them. */
  warninglists: (me: Me) => CENTER.includes(me.role) && me.org.kind === 'center',
  /** セキュリティ設定: everyone's own second factors, password, sessions and tokens. */
  security: (_me: Me) => true,
  /** ポリシー記載 (the policy clause register and its coverage): every role reads its part; auditors too. */
  policies: (_me: Me) => true,
  /** 年次報告: the center (auditors too) reads every section; a ministry's filing roles its own and the totals. */
  annual: (me: Me) =>
    me.org.kind === 'center'
      ? CENTER.includes(me.role) || me.role === 'auditor'
      : me.org.kind === 'ministry' && FILING.includes(me.role),
};

/**
 * Where `/` leads a role: to where its work is. A ministry reviewing its agencies' reports to its review
 * queue, the center to its dashboard, reporters and agencies to their incident list, auditors to the audit
 * log, administrators to the bodies.
 */
export function landingOf(me: Me): string {
  if (offers.reviewing(me)) return '/review';
  if (offers.dashboard(me)) return '/dashboard';
  if (offers.incidents(me)) return '/';
  if (offers.audit(me) && me.role === 'auditor') return '/audit';
  if (offers.orgs(me)) return '/admin/orgs';
  return '/admin/tokens';
}

/** The incident list's own address: `/` where it is the landing, else `/incidents`. */
export const listPathOf = (me: Me): string => (landingOf(me) === '/' ? '/' : '/incidents');

export type MenuItem = { path: string; label: MessageKey; route: Route['name'] };

/** The menu of a user, in the order of their work. */
export function menuFor(me: Me): MenuItem[] {
  const items: [boolean, MenuItem][] = [
    [offers.dashboard(me), { path: '/dashboard', label: 'nav.dashboard', route: 'dashboard' }],
    [offers.situations(me), { path: '/situations', label: 'nav.situations', route: 'situations' }],
    [offers.exercises(me), { path: '/exercises', label: 'nav.exercises', route: 'exercises' }],
    [offers.incidents(me), { path: listPathOf(me), label: 'nav.incidents', route: 'list' }],
    [offers.clusters(me), { path: '/correlations', label: 'nav.clusters', route: 'clusters' }],
    [offers.review(me), { path: '/review', label: 'nav.review', route: 'review' }],
    [offers.report(me), { path: '/report', label: 'nav.report', route: 'report' }],
    [offers.shares(me), { path: '/shares', label: 'nav.shares', route: 'shares' }],
    [offers.consents(me), { path: '/consents', label: 'nav.consents', route: 'consents' }],
    [
      offers.notifications(me),
      { path: '/notifications', label: 'nav.notifications', route: 'notifications' },
    ],
    [offers.compose(me), { path: '/shares/new', label: 'nav.shareNew', route: 'shareNew' }],
    [offers.warninglists(me), { path: '/warninglists', label: 'nav.warninglists', route: 'warninglists' }],
    [offers.orgs(me), { path: '/admin/orgs', label: 'nav.orgs', route: 'orgs' }],
    [offers.users(me), { path: '/admin/users', label: 'nav.users', route: 'users' }],
    [offers.changes(me), { path: '/changes', label: 'nav.changes', route: 'changes' }],
    [offers.sso(me), { path: '/admin/sso', label: 'nav.sso', route: 'sso' }],
    [offers.contacts(me), { path: '/contacts', label: 'nav.contacts', route: 'contacts' }],
    [offers.campaigns(me), { path: '/campaigns', label: 'nav.campaigns', route: 'campaigns' }],
    [offers.checks(me), { path: '/checks', label: 'nav.checks', route: 'checks' }],
    [offers.policies(me), { path: '/policies', label: 'nav.policies', route: 'policies' }],
    [offers.annual(me), { path: '/annual', label: 'nav.annual', route: 'annual' }],
    [offers.audit(me), { path: '/audit', label: 'nav.audit', route: 'audit' }],
    [offers.tokens(me), { path: '/admin/tokens', label: 'nav.tokens', route: 'tokens' }],
    [offers.security(me), { path: '/security', label: 'nav.security', route: 'security' }],
  ];
  return items.filter(([offered]) => offered).map(([, item]) => item);
}
