import type { Box, ShareFilter, ShareKind, ShareStatus } from './sharing.api.js';

// What the shares inbox shows, as it lives in the address (?box=managed&status=published&kind=advisory&q=…):
// a reload, a bookmark or the back button brings the same view back. Only values the API accepts are read;
// anything else falls back to the default, so a hand-edited address never makes the API refuse the list.

export type InboxView = ShareFilter;

/** The statuses worth filtering on in each box: a recipient only ever holds published shares and notices. */
export const STATUSES_OF: Record<Box, readonly ShareStatus[]> = {
  inbox: ['published', 'withdrawn'],
  managed: [
    'draft',
    'awaiting-consent',
    'awaiting-publication',
    'published',
    'rejected',
    'expired',
    'withdrawn',
  ],
};
export const KINDS: readonly ShareKind[] = ['share', 'advisory'];
/** The API's limit on a search term. */
export const MAX_Q = 200;

const oneOf = <T extends string>(allowed: readonly T[], value: string | null): T | '' =>
  allowed.includes(value as T) ? (value as T) : '';

/** The view the address asks for; `manages` says whether the managed box is offered at all. */
export function readInboxView(params: URLSearchParams, manages: boolean): InboxView {
  const box: Box = manages && params.get('box') === 'managed' ? 'managed' : 'inbox';
  return {
    box,
    status: oneOf(STATUSES_OF[box], params.get('status')),
    kind: oneOf(KINDS, params.get('kind')),
    q: (params.get('q') ?? '').trim().slice(0, MAX_Q),
  };
}

/** The address of a view: defaults are left out, so that the plain list has the plain address. */
export function writeInboxView(view: InboxView): URLSearchParams {
  const params = new URLSearchParams();
  if (view.box === 'managed') params.set('box', 'managed');
  if (view.status) params.set('status', view.status);
  if (view.kind) params.set('kind', view.kind);
  if (view.q) params.set('q', view.q);
  return params;
}

/** How many filters narrow the list (the box is a choice of list, not a filter). */
export const activeFilters = (view: InboxView) => [view.status, view.kind, view.q].filter(Boolean).length;
