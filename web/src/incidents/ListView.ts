import { SEVERITIES } from '../../../src/features/incidents/vocabulary.js';
import { fiscalYearOf } from '../format.js';
import { type IncidentQuery, type IncidentSort, SORTS } from './incidents.api.js';

// What the incident list shows, as it lives in the address (?status=open&severity=high&after=…): a reload, the
// back button or a bookmark brings the same view back. Only values the API accepts are read from the address;
// anything else falls back to the default, so a hand-edited address never makes the API refuse the list.

export const DEFAULT_SORT: IncidentSort = 'reported-desc';
export const PAGE_SIZES = [10, 20, 50, 100] as const;
export const DEFAULT_SIZE = 50;
export const PERIODS = ['today', '7d', 'fy', 'custom'] as const;

export type Severity = (typeof SEVERITIES)[number];
export type Status = 'open' | 'final';
export type Period = (typeof PERIODS)[number];

export interface ListView {
  status: Status | '';
  severity: Severity | '';
  category: string;
  /** A body's slug; with `agencies`, a ministry and the agencies it supervises. */
  org: string;
  agencies: boolean;
  period: Period | '';
  /** Calendar days (YYYY-MM-DD, the viewer's time zone) of a chosen period, both included. */
  from: string;
  to: string;
  q: string;
  sort: IncidentSort;
  size: number;
  /** The cursors that opened each page after the first: the last one opens the page shown. */
  after: string[];
}

export const EMPTY_VIEW: ListView = {
  status: '',
  severity: '',
  category: '',
  org: '',
  agencies: false,
  period: '',
  from: '',
  to: '',
  q: '',
  sort: DEFAULT_SORT,
  size: DEFAULT_SIZE,
  after: [],
};

const oneOf = <T extends string>(values: readonly T[], value: string | null): T | '' =>
  values.includes(value as T) ? (value as T) : '';
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
// Cursors are base64url; '.' cannot occur in them and separates them in the address.
const CURSOR = /^[A-Za-z0-9_-]{1,200}$/;
const MAX_PAGES = 500;

/** The view an address describes. */
export function readView(params: URLSearchParams): ListView {
  const size = Number(params.get('size'));
  const period = oneOf(PERIODS, params.get('period'));
  const day = (name: string) => {
    const value = params.get(name) ?? '';
    return period === 'custom' && DAY.test(value) && parseDay(value) ? value : '';
  };
  const org = params.get('org') ?? '';
  const category = params.get('category') ?? '';
  return {
    status: oneOf(['open', 'final'] as const, params.get('status')),
    severity: oneOf(SEVERITIES, params.get('severity')),
    category: category.length <= 100 ? category : '',
    org: SLUG.test(org) && org.length <= 64 ? org : '',
    agencies: params.get('agencies') === '1' && SLUG.test(org),
    period,
    from: day('from'),
    to: day('to'),
    q: (params.get('q') ?? '').slice(0, 200),
    sort: oneOf(SORTS, params.get('sort')) || DEFAULT_SORT,
    size: Number.isInteger(size) && size >= 1 && size <= 200 ? size : DEFAULT_SIZE,
    after: (params.get('after') ?? '')
      .split('.')
      .filter((c) => CURSOR.test(c))
      .slice(0, MAX_PAGES),
  };
}

/** The address of a view; defaults are left out so that the plain list has a plain address. */
export function writeView(view: ListView): URLSearchParams {
  const params = new URLSearchParams();
  const set = (name: string, value: string, unless = '') => {
    if (value !== unless) params.set(name, value);
  };
  set('status', view.status);
  set('severity', view.severity);
  set('category', view.category);
  set('org', view.org);
  if (view.org && view.agencies) params.set('agencies', '1');
  set('period', view.period);
  if (view.period === 'custom') {
    set('from', view.from);
    set('to', view.to);
  }
  set('q', view.q);
  set('sort', view.sort, DEFAULT_SORT);
  set('size', String(view.size), String(DEFAULT_SIZE));
  set('after', view.after.join('.'));
  return params;
}

/** A change of what is listed: back to the first page (a cursor belongs to one order and one filter). */
export const refine = (view: ListView, change: Partial<Omit<ListView, 'after'>>): ListView => ({
  ...view,
  ...change,
  after: [],
});

/** How many filters narrow the list (the order and the page size do not). */
export const activeFilters = (view: ListView): number =>
  [view.status, view.severity, view.category, view.org, view.period, view.q].filter((v) => v !== '').length;

/** A calendar day as a local Date at midnight, or null when the day does not exist (2026-02-31). */
export function parseDay(day: string): Date | null {
  const [y, m, d] = day.split('-').map(Number);
  if (!y || !m || !d) return null;
  const date = new Date(y, m - 1, d);
  return date.getMonth() === m - 1 && date.getDate() === d ? date : null;
}

/** The local calendar day of a moment, as a date input writes it. */
export function dayOf(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

const addDays = (date: Date, days: number) =>
  new Date(date.getFullYear(), date.getMonth(), date.getDate() + days);

/**
 * The period as instants, `to` excluded: days are the viewer's own (a ministry official's "today" is Tokyo's),
 * and the fiscal year starts on April 1.
 */
export function periodRange(view: ListView, now: Date): { from?: Date; to?: Date } {
  const today = new Date(now.getFullYear(), now.getMonth(), now.getDate());
  switch (view.period) {
    case 'today':
      return { from: today, to: addDays(today, 1) };
    case '7d':
      return { from: addDays(today, -6), to: addDays(today, 1) };
    case 'fy':
      return { from: new Date(fiscalYearOf(now), 3, 1) };
    case 'custom': {
      const from = parseDay(view.from);
      const to = parseDay(view.to);
      return { ...(from ? { from } : {}), ...(to ? { to: addDays(to, 1) } : {}) };
    }
    default:
      return {};
  }
}

/** What the API is asked for the view. */
export function apiQuery(view: ListView, now: Date): IncidentQuery {
  const range = periodRange(view, now);
  const cursor = view.after.at(-1);
  return {
    ...(view.status ? { status: view.status } : {}),
    ...(view.severity ? { severity: view.severity } : {}),
    ...(view.category ? { category: view.category } : {}),
    ...(view.org ? { org: view.org } : {}),
    ...(view.org && view.agencies ? { includeAgencies: true } : {}),
    ...(range.from ? { from: range.from.toISOString() } : {}),
    ...(range.to ? { to: range.to.toISOString() } : {}),
    ...(view.q ? { q: view.q } : {}),
    sort: view.sort,
    limit: view.size,
    ...(cursor ? { cursor } : {}),
  };
}
