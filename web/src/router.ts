import { useNavigate, useSearch } from '@tanstack/react-router';
import { type MouseEvent, useCallback, useMemo } from 'react';

// The addresses of the app are a TanStack Router route tree (routes.tsx); this module keeps what screens share:
// which screen is which, the paths of one thing, the query string as state, and in-app links.

/** The screens of the app; `list` is the incident list (at `/` or `/incidents`), `missing` an unknown path. */
export type Route =
  | { name: 'list' }
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
  | { name: 'situations' }
  | { name: 'situationNew' }
  | { name: 'situation'; id: string }
  | { name: 'exercises' }
  | { name: 'exerciseNew' }
  | { name: 'exercise'; id: string }
  | { name: 'exerciseEdit'; id: string }
  | { name: 'exerciseReport'; id: string }
  | { name: 'clusters' }
  | { name: 'cluster'; id: string }
  | { name: 'warninglists' }
  | { name: 'policies' }
  | { name: 'policyRegister'; id: string }
  | { name: 'policyRequests' }
  | { name: 'annual' }
  | { name: 'annualReport'; id: string }
  | { name: 'missing' };

/** The screens of one thing, whose path carries its id. */
export type WithId = Extract<Route, { id: string }>['name'];

export const incidentPath = (id: string) => `/incidents/${encodeURIComponent(id)}`;
export const sharePath = (id: string) => `/shares/${encodeURIComponent(id)}`;
export const consentPath = (id: string) => `/consents/${encodeURIComponent(id)}`;
export const campaignPath = (id: string) => `/campaigns/${encodeURIComponent(id)}`;
export const checkPath = (id: string) => `/checks/${encodeURIComponent(id)}`;
/** A situation's page, optionally with its query (the board's filters, an incident just filed to answer with). */
export const situationPath = (id: string, query = '') =>
  `/situations/${encodeURIComponent(id)}${query ? `?${query}` : ''}`;
export const exercisePath = (id: string) => `/exercises/${encodeURIComponent(id)}`;
export const exerciseReportPath = (id: string) => `${exercisePath(id)}/report`;
export const contactsPath = (slug: string) => `/contacts/${encodeURIComponent(slug)}`;

/**
 * The screen's query string as state: a list's filters, sort and page live in the address, so that a reload,
 * a bookmark or the back button brings the same view back. The route declares the names it reads
 * (validateSearch); `replace` keeps typing out of the history, an explicit change (`false`) is a step of it.
 */
export function useQueryState(): [URLSearchParams, (next: URLSearchParams, replace?: boolean) => void] {
  const search = useSearch({ strict: false }) as Record<string, string | undefined>;
  const navigate = useNavigate();
  const params = useMemo(() => {
    const found = new URLSearchParams();
    for (const [name, value] of Object.entries(search)) if (value !== undefined) found.set(name, value);
    return found;
  }, [search]);
  const update = useCallback(
    (next: URLSearchParams, replace = true) => {
      void navigate({ to: '.', search: () => Object.fromEntries(next), replace });
    },
    [navigate],
  );
  return [params, update];
}

/** Click handler for an in-app link: a plain click navigates in place; modified clicks keep browser behaviour. */
export const followLink = (navigate: (path: string) => void, path: string) => (event: MouseEvent) => {
  if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  navigate(path);
};
