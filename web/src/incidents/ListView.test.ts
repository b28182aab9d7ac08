import { describe, expect, it } from 'vitest';
import { queryString } from './incidents.api.js';
import { activeFilters, apiQuery, EMPTY_VIEW, periodRange, readView, refine, writeView } from './ListView.js';

const view = (query: string) => readView(new URLSearchParams(query));

describe('the list view in the address', () => {
  it('reads what it wrote', () => {
    const written = {
      ...EMPTY_VIEW,
      status: 'open' as const,
      severity: 'high' as const,
      category: 'intrusions/system-compromise',
      org: 'mlit',
      agencies: true,
      period: 'custom' as const,
      from: '2026-04-01',
      to: '2026-04-30',
      q: '不正 アクセス',
      sort: 'severity-desc' as const,
      size: 10,
      after: ['cmR8MjAyNg', 'c2R8Mw'],
    };
    expect(readView(writeView(written))).toEqual(written);
  });

  it('leaves defaults out of the address', () => {
    expect(writeView(EMPTY_VIEW).toString()).toBe('');
  });

  it('falls back to defaults for values the API would refuse', () => {
    expect(view('status=closed&severity=huge&sort=random&size=0&org=Not%20A%20Slug&after=a|b')).toEqual(
      EMPTY_VIEW,
    );
    expect(view('size=500').size).toBe(EMPTY_VIEW.size);
    // Dates count only with a chosen period, and only real days.
    expect(view('from=2026-04-01').from).toBe('');
    expect(view('period=custom&from=2026-02-31').from).toBe('');
    expect(view('agencies=1').agencies).toBe(false);
  });

  it('goes back to the first page on any change of what is listed', () => {
    const paged = { ...EMPTY_VIEW, after: ['abc'] };
    expect(refine(paged, { severity: 'low' }).after).toEqual([]);
    expect(activeFilters(refine(paged, { severity: 'low', q: 'x' }))).toBe(2);
  });
});

describe('periods', () => {
  const now = new Date(2026, 4, 10, 15, 30); // 10 May 2026, local time
  const range = (query: string) => periodRange(view(query), now);

  it('today and the last 7 days end at the next local midnight', () => {
    expect(range('period=today')).toEqual({ from: new Date(2026, 4, 10), to: new Date(2026, 4, 11) });
    expect(range('period=7d')).toEqual({ from: new Date(2026, 4, 4), to: new Date(2026, 4, 11) });
  });

  it('this fiscal year starts on April 1, also in the first quarter of the calendar year', () => {
    expect(range('period=fy')).toEqual({ from: new Date(2026, 3, 1) });
    expect(periodRange(view('period=fy'), new Date(2027, 1, 3))).toEqual({ from: new Date(2026, 3, 1) });
  });

  it('chosen dates include the last day', () => {
    expect(range('period=custom&from=2026-04-01&to=2026-04-30')).toEqual({
      from: new Date(2026, 3, 1),
      to: new Date(2026, 4, 1),
    });
    expect(range('period=custom&to=2026-04-30')).toEqual({ to: new Date(2026, 4, 1) });
  });
});

describe('the query sent to the API', () => {
  it('asks for agencies only with a body, and for the page of the last cursor', () => {
    const q = apiQuery(view('org=mlit&agencies=1&after=one.two&size=10'), new Date());
    expect(q).toMatchObject({ org: 'mlit', includeAgencies: true, cursor: 'two', limit: 10 });
    expect(apiQuery(view(''), new Date())).toEqual({ sort: 'reported-desc', limit: 50 });
    expect(queryString({ q: '', limit: 5, includeAgencies: true })).toBe('limit=5&includeAgencies=true');
  });
});
