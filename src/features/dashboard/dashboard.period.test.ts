import { describe, expect, it } from 'vitest';
import { periodOf } from './dashboard.period.js';

const at = (iso: string) => new Date(iso);

describe('statistics periods', () => {
  it('today begins at local midnight', () => {
    const p = periodOf('today', at('2026-11-25T03:00:00.000Z'), 'Asia/Tokyo');
    expect(p.from.toISOString()).toBe('2026-11-24T15:00:00.000Z');
    expect(p.dates).toEqual(['2026-11-25']);
    // 23:30 UTC on the 24th is already the 25th in Tokyo.
    expect(periodOf('today', at('2026-11-24T23:30:00.000Z'), 'Asia/Tokyo').dates).toEqual(['2026-11-25']);
    expect(periodOf('today', at('2026-11-24T23:30:00.000Z'), 'UTC').dates).toEqual(['2026-11-24']);
  });

  it('7d is seven calendar days including today', () => {
    const p = periodOf('7d', at('2026-11-25T03:00:00.000Z'), 'Asia/Tokyo');
    expect(p.from.toISOString()).toBe('2026-11-18T15:00:00.000Z');
    expect(p.dates).toEqual([
      '2026-11-19',
      '2026-11-20',
      '2026-11-21',
      '2026-11-22',
      '2026-11-23',
      '2026-11-24',
      '2026-11-25',
    ]);
  });

  it('the fiscal year begins on April 1, of the year before until then', () => {
    const november = periodOf('fy', at('2026-11-25T03:00:00.000Z'), 'Asia/Tokyo');
    expect(november.from.toISOString()).toBe('2026-03-31T15:00:00.000Z');
    expect(november.dates[0]).toBe('2026-04-01');
    expect(november.dates.at(-1)).toBe('2026-11-25');
    expect(november.dates).toHaveLength(239);
    const february = periodOf('fy', at('2027-02-10T00:00:00.000Z'), 'Asia/Tokyo');
    expect(february.dates[0]).toBe('2026-04-01');
    // 2026-03-31T15:00Z is April 1 in Tokyo: the first day of the new fiscal year.
    const first = periodOf('fy', at('2026-03-31T15:00:00.000Z'), 'Asia/Tokyo');
    expect(first.dates).toEqual(['2026-04-01']);
    const last = periodOf('fy', at('2026-03-31T14:59:59.999Z'), 'Asia/Tokyo');
    expect(last.dates[0]).toBe('2025-04-01');
    expect(last.dates).toHaveLength(365);
  });
});
