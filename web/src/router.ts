import { type MouseEvent, useCallback, useEffect, useState } from 'react';

// Three screens need no router library: the path is read on load and on back/forward, and pushed on clicks.

export type Route = { name: 'list' } | { name: 'report' } | { name: 'incident'; id: string };

export function parseRoute(pathname: string): Route {
  if (pathname === '/report') return { name: 'report' };
  const incident = /^\/incidents\/([^/]+)$/.exec(pathname);
  if (incident?.[1]) return { name: 'incident', id: decodeURIComponent(incident[1]) };
  return { name: 'list' };
}

export const incidentPath = (id: string) => `/incidents/${encodeURIComponent(id)}`;

/** The current screen and a way to go to another one without reloading the page. */
export function useRoute(): [Route, (path: string) => void] {
  const [route, setRoute] = useState(() => parseRoute(window.location.pathname));
  useEffect(() => {
    const onPop = () => setRoute(parseRoute(window.location.pathname));
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const navigate = useCallback((path: string) => {
    if (path !== window.location.pathname) window.history.pushState(null, '', path);
    setRoute(parseRoute(path));
  }, []);
  return [route, navigate];
}

/** Click handler for an in-app link: a plain click navigates in place; modified clicks keep browser behaviour. */
export const followLink = (navigate: (path: string) => void, path: string) => (event: MouseEvent) => {
  if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  navigate(path);
};
