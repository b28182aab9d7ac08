import {
  createRootRouteWithContext,
  createRoute,
  createRouter,
  redirect,
  useParams,
} from '@tanstack/react-router';
import type { Me } from './api.js';
import { Layout, NotFound } from './Layout.js';
import type { Route, WithId } from './router.js';
import { landingOf } from './screen.js';
import { Screen } from './screens.js';
import { searchOf } from './search.js';

// Every address of the app, as a code-based route tree (no generated files). A path names one screen of
// screens.tsx; the screens whose filters live in the address declare their query's names (validateSearch),
// each a string as the address carries it (search.ts).

export interface RouterContext {
  me: Me;
}

declare module '@tanstack/react-router' {
  interface Register {
    router: AppRouter;
  }
  interface StaticDataRouteOption {
    /** The screen a route shows, for the menu's aria-current. */
    screen?: Route['name'];
  }
}

const root = createRootRouteWithContext<RouterContext>()({ component: Layout, notFoundComponent: NotFound });

const LIST_SEARCH = searchOf([
  'status',
  'severity',
  'category',
  'org',
  'agencies',
  'includeAgencies',
  'period',
  'from',
  'to',
  'q',
  'sort',
  'size',
  'after',
]);

/**
 * `/` is where a role's work is (landing.ts). A ministry in review mode, the center, auditors and administrators
 * are sent on (the address replaced, so that Back does not bounce); reporters and agencies find their incident
 * list here. An address with a query is a view of the list (the dashboard's links), whoever follows it.
 */
const home = createRoute({
  getParentRoute: () => root,
  path: '/',
  validateSearch: LIST_SEARCH,
  staticData: { screen: 'list' },
  beforeLoad: ({ context, location }) => {
    const landing = landingOf(context.me);
    if (landing !== '/' && location.pathname === '/' && location.searchStr === '')
      throw redirect({ href: landing, replace: true });
  },
  component: () => <Screen route={{ name: 'list' }} />,
});

const incidents = createRoute({
  getParentRoute: () => root,
  path: '/incidents',
  validateSearch: LIST_SEARCH,
  staticData: { screen: 'list' },
  component: () => <Screen route={{ name: 'list' }} />,
});

type Fixed = Exclude<Route['name'], WithId | 'list' | 'missing'>;

const fixed = <P extends string>(path: P, screen: Fixed) =>
  createRoute({
    getParentRoute: () => root,
    path,
    staticData: { screen },
    component: () => <Screen route={{ name: screen } as Route} />,
  });

/**
 * A screen of one thing; the router decodes the id (a malformed one matches nothing: not found). `keys` names
 * the query it reads (a situation's board filters).
 */
const withId = <P extends `${string}$id${string}`>(path: P, screen: WithId, keys: readonly string[] = []) =>
  createRoute({
    getParentRoute: () => root,
    path,
    staticData: { screen },
    ...(keys.length ? { validateSearch: searchOf(keys) } : {}),
    component: function WithIdScreen() {
      const { id } = useParams({ strict: false }) as { id: string };
      return <Screen route={{ name: screen, id }} />;
    },
  });

const filtered = <P extends string, K extends string>(path: P, screen: Fixed, keys: readonly K[]) =>
  createRoute({
    getParentRoute: () => root,
    path,
    staticData: { screen },
    validateSearch: searchOf(keys),
    component: () => <Screen route={{ name: screen } as Route} />,
  });

const FISCAL_YEAR = ['fy'] as const;

const tree = root.addChildren([
  home,
  incidents,
  filtered('/report', 'report', ['situation']),
  withId('/incidents/$id', 'incident'),
  fixed('/review', 'review'),
  filtered('/dashboard', 'dashboard', ['period']),
  fixed('/admin/orgs', 'orgs'),
  filtered('/admin/users', 'users', ['org', 'role']),
  fixed('/admin/tokens', 'tokens'),
  fixed('/admin/sso', 'sso'),
  filtered('/audit', 'audit', ['action', 'actor', 'subjectType', 'subjectId', 'from', 'to']),
  filtered('/shares', 'shares', ['box', 'status', 'kind', 'q']),
  filtered('/shares/new', 'shareNew', ['from']),
  withId('/shares/$id', 'share'),
  withId('/shares/$id/edit', 'shareEdit'),
  fixed('/consents', 'consents'),
  withId('/consents/$id', 'consent'),
  fixed('/contacts', 'contacts'),
  withId('/contacts/$id', 'contactsOf'),
  fixed('/notifications', 'notifications'),
  fixed('/notification-rules', 'notificationRules'),
  filtered('/campaigns', 'campaigns', FISCAL_YEAR),
  withId('/campaigns/$id', 'campaign'),
  filtered('/checks', 'checks', FISCAL_YEAR),
  withId('/checks/$id', 'check'),
  filtered('/changes', 'changes', ['status']),
  fixed('/security', 'security'),
  filtered('/situations', 'situations', ['state']),
  fixed('/situations/new', 'situationNew'),
  withId('/situations/$id', 'situation', ['answer', 'ministry', 'incident']),
  fixed('/exercises', 'exercises'),
  fixed('/exercises/new', 'exerciseNew'),
  withId('/exercises/$id', 'exercise'),
  withId('/exercises/$id/edit', 'exerciseEdit'),
  withId('/exercises/$id/report', 'exerciseReport'),
  fixed('/correlations', 'clusters'),
  withId('/correlations/$id', 'cluster'),
  fixed('/warninglists', 'warninglists'),
  filtered('/policies', 'policies', FISCAL_YEAR),
  withId('/policies/bodies/$id', 'policyRegister'),
  filtered('/policies/requests', 'policyRequests', FISCAL_YEAR),
  fixed('/annual', 'annual'),
  withId('/annual/$id', 'annualReport'),
  // Any other address; one the router cannot even read (a malformed id) is the root's not-found, the same screen.
  createRoute({ getParentRoute: () => root, path: '$', component: NotFound }),
]);

/** The app's router for one logged-in user; it reads the address when made (App.tsx puts back a lost place). */
export function createAppRouter(me: Me) {
  return createRouter({
    routeTree: tree,
    context: { me },
    // The query string as the address has always carried it: plain strings, no JSON quoting of "1" or "true".
    parseSearch: (searchStr) => Object.fromEntries(new URLSearchParams(searchStr)),
    stringifySearch: (search) => {
      const query = new URLSearchParams();
      for (const [name, value] of Object.entries(search))
        if (typeof value === 'string') query.set(name, value);
      const text = query.toString();
      return text ? `?${text}` : '';
    },
    defaultNotFoundComponent: NotFound,
    defaultPreload: false,
    scrollRestoration: false,
  });
}

export type AppRouter = ReturnType<typeof createAppRouter>;
