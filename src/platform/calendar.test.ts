import { describe, expect, it } from 'vitest';
import { addDays, datesBetween, localDate, offsetMinutes, offsetSpans, startOfDay } from './calendar.js';

describe('calendar days in a time zone', () => {
  it('knows where a day begins in Tokyo and which day an instant falls on', () => {
    expect(startOfDay('2026-11-25', 'Asia/Tokyo').toISOString()).toBe('2026-11-24T15:00:00.000Z');
    expect(localDate(new Date('2026-11-24T14:59:59.999Z'), 'Asia/Tokyo')).toBe('2026-11-24');
    expect(localDate(new Date('2026-11-24T15:00:00.000Z'), 'Asia/Tokyo')).toBe('2026-11-25');
    expect(offsetMinutes(new Date('2026-11-25T00:00:00Z'), 'Asia/Tokyo')).toBe(540);
  });

  it('counts calendar days across months and years', () => {
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(datesBetween('2026-12-30', '2027-01-02')).toEqual([
      '2026-12-30',
      '2026-12-31',
      '2027-01-01',
      '2027-01-02',
    ]);
  });

  it('follows daylight saving time: a day of 23 hours and the offsets in force', () => {
    const zone = 'Europe/Berlin';
    // Clocks went forward at 01:00 UTC on 2026-03-29.
    expect(startOfDay('2026-03-29', zone).toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(startOfDay('2026-03-30', zone).toISOString()).toBe('2026-03-29T22:00:00.000Z');
    const spans = offsetSpans(new Date('2026-03-01T00:00:00Z'), new Date('2026-11-25T00:00:00Z'), zone);
    expect(spans.map((s) => [s.since.toISOString(), s.offsetMinutes])).toEqual([
      ['2026-03-01T00:00:00.000Z', 60],
      ['2026-03-29T01:00:00.000Z', 120],
      ['2026-10-25T01:00:00.000Z', 60],
    ]);
    expect(
      offsetSpans(new Date('2026-04-01T00:00:00Z'), new Date('2026-05-01T00:00:00Z'), 'Asia/Tokyo'),
    ).toHaveLength(1);
  });

  it('half-hour zones begin their day off the hour', () => {
    expect(startOfDay('2026-11-25', 'Asia/Kolkata').toISOString()).toBe('2026-11-24T18:30:00.000Z');
  });
});
