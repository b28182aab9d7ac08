import { type MouseEvent, useCallback, useEffect, useState } from 'react';

// A handful of screens need no router library: the path is read on load and on back/forward, and pushed on
// clicks. Query strings (list filters) belong to the screen that reads them.

export type Route =
  | { name: 'home' }
  | { name: 'report' }
  | { name: 'incident'; id: string }
  | { name: 'review' }
  | { name: 'dashboard' }
  | { name: 'orgs' }
  | { name: 'users' }
  | { name: 'tokens' }
  | { name: 'sso' }
  | { name: 'audit' }
  | { name: 'shares' }
  | { name: 'shareNew' }
  | { name: 'share'; id: string }
  | { name: 'shareEdit'; id: string }
  | { name: 'consents' }
  | { name: 'consent'; id: string }
  | { name: 'contacts' }
  | { name: 'contactsOf'; id: string }
  | { name: 'notifications' }
  | { name: 'notificationRules' }
  | { name: 'campaigns' }
  | { name: 'campaign'; id: string }
  | { name: 'checks' }
  | { name: 'check'; id: string }
  | { name: 'changes' }
  | { name: 'security' }
  | { name: 'missing' };

const FIXED: Record<string, Route> = {
  '/': { name: 'home' },
  '/report': { name: 'report' },
  '/review': { name: 'review' },
  '/dashboard': { name: 'dashboard' },
  '/admin/orgs': { name: 'orgs' },
  '/admin/users': { name: 'users' },
  '/admin/tokens': { name: 'tokens' },
  '/admin/sso': { name: 'sso' },
  '/audit': { name: 'audit' },
  '/shares': { name: 'shares' },
  '/shares/new': { name: 'shareNew' },
  '/consents': { name: 'consents' },
  '/contacts': { name: 'contacts' },
  '/notifications': { name: 'notifications' },
  '/notification-rules': { name: 'notificationRules' },
  '/campaigns': { name: 'campaigns' },
  '/checks': { name: 'checks' },
  '/changes': { name: 'changes' },
  '/security': { name: 'security' },
};

// The screens of one thing, by the pattern of their path; the id is decoded (a malformed one is missing).
type WithId = Extract<Route, { id: string }>['name'];
const WITH_ID: [RegExp, WithId][] = [
  [/^\/incidents\/([^/]+)$/, 'incident'],
  [/^\/shares\/([^/]+)$/, 'share'],
  [/^\/shares\/([^/]+)\/edit$/, 'shareEdit'],
  [/^\/consents\/([^/]+)$/, 'consent'],
  [/^\/contacts\/([^/]+)$/, 'contactsOf'],
  [/^\/campaigns\/([^/]+)$/, 'campaign'],
  [/^\/checks\/([^/]+)$/, 'check'],
];

export function parseRoute(pathname: string): Route {
  const fixed = FIXED[pathname];
  if (fixed) return fixed;
  for (const [pattern, name] of WITH_ID) {
    const found = pattern.exec(pathname)?.[1];
    if (!found) continue;
    try {
      return { name, id: decodeURIComponent(found) };
    } catch {
      return { name: 'missing' };
    }
  }
  return { name: 'missing' };
}

export const incidentPath = (id: string) => `/incidents/${encodeURIComponent(id)}`;
export const sharePath = (id: string) => `/shares/${encodeURIComponent(id)}`;
export const consentPath = (id: string) => `/consents/${encodeURIComponent(id)}`;
export const campaignPath = (id: string) => `/campaigns/${encodeURIComponent(id)}`;
export const checkPath = (id: string) => `/checks/${encodeURIComponent(id)}`;
export const contactsPath = (slug: string) => `/contacts/${encodeURIComponent(slug)}`;

const here = () => window.location.pathname + window.location.search;

// Tells the screen's query state that an in-app link changed the address (pushState fires no popstate): a
// menu link to the list a user is on shows the plain list again.
const NAVIGATED = 'renraku:navigated';

/** The current screen and a way to go to another one (a path, with or without a query) without reloading. */
export function useRoute(): [Route, (path: string) => void] {
  const [route, setRoute] = useState(() => parseRoute(window.location.pathname));
  useEffect(() => {
    const onPop = () => setRoute(parseRoute(window.location.pathname));
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const navigate = useCallback((path: string) => {
    if (path !== here()) window.history.pushState(null, '', path);
    setRoute(parseRoute(new URL(path, window.location.origin).pathname));
    window.dispatchEvent(new Event(NAVIGATED));
  }, []);
  return [route, navigate];
}

/**
 * The screen's query string as state: a list's filters, sort and page live in the address, so that a reload,
 * a bookmark or the back button brings the same view back. `replace` keeps typing out of the history.
 */
export function useQueryState(): [URLSearchParams, (next: URLSearchParams, replace?: boolean) => void] {
  const [params, setParams] = useState(() => new URLSearchParams(window.location.search));
  useEffect(() => {
    const onPop = () => setParams(new URLSearchParams(window.location.search));
    window.addEventListener('popstate', onPop);
    window.addEventListener(NAVIGATED, onPop);
    return () => {
      window.removeEventListener('popstate', onPop);
      window.removeEventListener(NAVIGATED, onPop);
    };
  }, []);
  const update = useCallback((next: URLSearchParams, replace = true) => {
    const query = next.toString();
    const url = `${window.location.pathname}${query ? `?${query}` : ''}`;
    if (replace) window.history.replaceState(null, '', url);
    else window.history.pushState(null, '', url);
    setParams(new URLSearchParams(next));
  }, []);
  return [params, update];
}

/** Click handler for an in-app link: a plain click navigates in place; modified clicks keep browser behaviour. */
export const followLink = (navigate: (path: string) => void, path: string) => (event: MouseEvent) => {
  if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  navigate(path);
};
