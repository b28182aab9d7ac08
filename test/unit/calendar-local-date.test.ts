import { describe, expect, it } from 'vitest';
import { fiscalYearOf, localDate } from '../../src/platform/calendar.js';

// localDate moves the instant by the zone's offset (kept by minute) instead of formatting it: it must give the
// date Intl gives, around midnight, across daylight saving time and in local mean time (offsets of seconds).

const formats = new Map<string, Intl.DateTimeFormat>();
const byIntl = (at: Date, timeZone: string) => {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formats.set(timeZone, f);
  }
  return f.format(at);
};

describe('the calendar date of an instant in a zone', () => {
  const zones = [
    'Asia/Tokyo',
    'Europe/Brussels',
    'America/New_York',
    'Asia/Kolkata',
    'Pacific/Chatham',
    'UTC',
  ];
  const starts = [
    '2026-03-28T00:00:00Z', // Brussels moves to summer time on 03-29
    '2026-10-24T00:00:00Z', // and back on 10-25
    '2026-12-31T00:00:00Z',
    '1887-12-30T00:00:00Z', // Tokyo kept local mean time (+09:18:59) until 1888
    '1883-11-17T00:00:00Z', // New York's last day of local mean time (-04:56:02)
  ];

  for (const zone of zones)
    it(`is Intl's in ${zone}, every minute or so and every second where the date changes`, () => {
      for (const start of starts) {
        const from = Date.parse(start);
        let before = byIntl(new Date(from), zone);
        for (let t = from; t < from + 3 * 86_400_000; t += 60_000 + 7_001) {
          const at = new Date(t);
          const date = byIntl(at, zone);
          expect(localDate(at, zone), `${at.toISOString()} in ${zone}`).toBe(date);
          if (date !== before)
            for (let s = t - 68_000; s <= t; s += 1000) {
              const edge = new Date(s + 999);
              expect(localDate(edge, zone), `${edge.toISOString()} in ${zone}`).toBe(byIntl(edge, zone));
            }
          before = date;
        }
      }
    });

  it('gives the fiscal year from April 1 in the zone', () => {
    expect(fiscalYearOf(new Date('2026-03-31T14:59:59.999Z'), 'Asia/Tokyo')).toBe(2025);
    expect(fiscalYearOf(new Date('2026-03-31T15:00:00.000Z'), 'Asia/Tokyo')).toBe(2026);
  });
});
