import { describe, expect, it } from 'vitest';
import { dueAt, type Span } from '../../src/features/deadlines/deadlines.calendar.js';
import { clocksOf } from '../../src/features/deadlines/deadlines.clocks.js';
import { builtInProfiles } from '../../src/features/deadlines/deadlines.profiles.js';

// The clock arithmetic, table-driven: elapsed hours, calendar days and months that keep the wall-clock time,
// and Japanese business days (weekends, public holidays, the year-end closure 12/29–1/3 off), in JST (no
// daylight saving time) and in Brussels across both changes of 2026.

const span = (amount: number, unit: Span['unit']): Span => ({ amount, unit });

describe('when a clock runs out', () => {
  const cases: [string, string, Span, string, string][] = [
    // what, start, span, zone, due
    ['24 h in JST', '2026-12-04T10:00:00+09:00', span(24, 'hours'), 'Asia/Tokyo', '2026-12-05T01:00:00.000Z'],
    [
      '60 minutes',
      '2026-12-04T10:00:00+09:00',
      span(60, 'minutes'),
      'Asia/Tokyo',
      '2026-12-04T02:00:00.000Z',
    ],
    [
      '5 calendar days run through the year-end closure',
      '2026-12-25T15:00:00+09:00',
      span(5, 'calendar-days'),
      'Asia/Tokyo',
      '2026-12-30T06:00:00.000Z',
    ],
    [
      '30 calendar days',
      '2026-12-01T12:00:00+09:00',
      span(30, 'calendar-days'),
      'Asia/Tokyo',
      '2026-12-31T03:00:00.000Z',
    ],
    [
      '1 business day from a Friday: the end of Monday',
      '2026-12-04T16:00:00+09:00',
      span(1, 'business-days'),
      'Asia/Tokyo',
      '2026-12-07T15:00:00.000Z',
    ],
    [
      '1 business day from 28 December: the closure until 3 January, then Monday 4 January',
      '2026-12-28T09:00:00+09:00',
      span(1, 'business-days'),
      'Asia/Tokyo',
      '2027-01-04T15:00:00.000Z',
    ],
    [
      '3 business days over Coming of Age Day (11 January 2027)',
      '2027-01-08T09:00:00+09:00',
      span(3, 'business-days'),
      'Asia/Tokyo',
      '2027-01-14T15:00:00.000Z',
    ],
    [
      '2 business days over Shōwa Day (29 April 2026)',
      '2026-04-28T23:30:00+09:00',
      span(2, 'business-days'),
      'Asia/Tokyo',
      '2026-05-01T15:00:00.000Z',
    ],
    [
      '5 business days over Golden Week, substitute holiday included',
      '2026-05-01T10:00:00+09:00',
      span(5, 'business-days'),
      'Asia/Tokyo',
      '2026-05-13T15:00:00.000Z',
    ],
    [
      'one month from 31 January: the last day of February',
      '2027-01-31T09:00:00+09:00',
      span(1, 'months'),
      'Asia/Tokyo',
      '2027-02-28T00:00:00.000Z',
    ],
    [
      'NIS2 24 h across the end of summer time is 24 elapsed hours',
      '2026-10-24T12:00:00+02:00',
      span(24, 'hours'),
      'Europe/Brussels',
      '2026-10-25T10:00:00.000Z',
    ],
    [
      'NIS2 72 h across the start of summer time',
      '2026-03-27T12:00:00+01:00',
      span(72, 'hours'),
      'Europe/Brussels',
      '2026-03-30T11:00:00.000Z',
    ],
    [
      'NIS2 one month keeps the wall-clock time across the change (12:00 CET → 12:00 CEST)',
      '2026-03-10T12:00:00+01:00',
      span(1, 'months'),
      'Europe/Brussels',
      '2026-04-10T10:00:00.000Z',
    ],
    [
      'a calendar day across the end of summer time is 25 hours',
      '2026-10-24T12:00:00+02:00',
      span(1, 'calendar-days'),
      'Europe/Brussels',
      '2026-10-25T11:00:00.000Z',
    ],
    [
      'business days end at local midnight in Brussels too (a Friday before the change)',
      '2026-10-23T12:00:00+02:00',
      span(1, 'business-days'),
      'Europe/Brussels',
      '2026-10-26T23:00:00.000Z',
    ],
  ];
  it.each(cases)('%s', (_what, start, s, zone, due) => {
    expect(dueAt(new Date(start), s, zone).toISOString()).toBe(due);
  });
});

describe("a profile's clocks on an incident", () => {
  const [, appi, nis2] = builtInProfiles({ reportingTargetMinutes: 60, appiPreliminaryDays: 5 });
  const detectedAt = new Date('2026-12-01T00:00:00Z');
  const awareAt = new Date('2026-12-01T03:00:00Z');
  const report = (seq: number, kind: string, at: string) => ({ seq, kind, createdAt: new Date(at) });

  it('APPI: 5 days for the preliminary report, 30 for the final, 60 when malicious; on time, late, overdue', () => {
    const timeline = {
      detectedAt,
      reports: [report(1, 'quick', '2026-12-01T01:00:00Z'), report(2, 'update', '2026-12-07T03:00:00Z')],
    };
    const now = new Date('2027-01-02T00:00:00Z');
    const plain = clocksOf({
      profile: appi!,
      timeline,
      awareAt,
      malicious: false,
      timeZone: 'Asia/Tokyo',
      now,
    });
    expect(plain.map((c) => [c.key, c.dueAt.toISOString(), c.outcome, c.lateByMinutes])).toEqual([
      ['preliminary', '2026-12-06T03:00:00.000Z', 'late', 24 * 60],
      ['final', '2026-12-31T03:00:00.000Z', 'overdue', 45 * 60],
    ]);
    const malicious = clocksOf({
      profile: appi!,
      timeline,
      awareAt,
      malicious: true,
      timeZone: 'Asia/Tokyo',
      now,
    });
    expect(malicious[1]).toMatchObject({ dueAt: new Date('2027-01-30T03:00:00Z'), outcome: 'pending' });
  });

  it('NIS2: the final report is due one month after the notification was made', () => {
    const timeline = {
      detectedAt,
      reports: [
        report(1, 'quick', '2026-12-01T04:00:00Z'),
        report(2, 'update', '2026-12-02T03:00:00Z'),
        report(3, 'final', '2026-12-20T00:00:00Z'),
      ],
    };
    const clocks = clocksOf({
      profile: nis2!,
      timeline,
      awareAt,
      malicious: false,
      timeZone: 'Europe/Brussels',
      now: new Date('2026-12-21T00:00:00Z'),
    });
    expect(clocks.map((c) => [c.key, c.dueAt.toISOString(), c.outcome, c.satisfiedBySeq])).toEqual([
      ['early-warning', '2026-12-02T03:00:00.000Z', 'on-time', 1],
      ['notification', '2026-12-04T03:00:00.000Z', 'on-time', 2],
      ['final', '2027-01-02T03:00:00.000Z', 'on-time', 3],
    ]);
  });
});
