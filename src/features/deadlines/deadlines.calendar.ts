import { addDays, localDate, offsetMinutes } from '../../platform/calendar.js';
import { isDayOff } from '../contacts/contacts.availability.js';

// The arithmetic of a reporting clock: where a span of time measured from an instant ends, in a time zone.
// Hours are elapsed time (NIS2's 24 h and 72 h are 24 and 72 hours, across a change of daylight saving time);
// calendar days and months keep the wall-clock time of the start (APPI's days, NIS2's "one month");
// business days count whole working days after the day of the start (初日不算入) — weekends, Japanese public
// holidays and the government's year-end closure (29 December to 3 January) off — and end when the last of
// them ends (24:00 local).

export const SPAN_UNITS = ['minutes', 'hours', 'calendar-days', 'business-days', 'months'] as const;
export type SpanUnit = (typeof SPAN_UNITS)[number];

export interface Span {
  amount: number;
  unit: SpanUnit;
}

/** The instant a local wall-clock time names in the zone (the later instant where a change skips it). */
function instantOf(date: string, minuteOfDay: number, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d, 0, minuteOfDay);
  let at = wall - offsetMinutes(new Date(wall), timeZone) * 60_000;
  at = wall - offsetMinutes(new Date(at), timeZone) * 60_000;
  return new Date(at);
}

/** Minutes since local midnight at the instant, and the local date (seconds kept apart). */
function wallOf(at: Date, timeZone: string) {
  const local = new Date(at.getTime() + offsetMinutes(at, timeZone) * 60_000);
  return {
    date: localDate(at, timeZone),
    minute: local.getUTCHours() * 60 + local.getUTCMinutes(),
    rest: at.getTime() % 60_000,
  };
}

/** Whether the local date is a working day of a Japanese government body. */
export function isWorkingDay(date: string): boolean {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !isDayOff(date);
}

/** The date `months` after the given one, on the same day or the last day of a shorter month. */
function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const last = new Date(Date.UTC(y, m - 1 + months + 1, 0)).getUTCDate();
  const t = new Date(Date.UTC(y, m - 1 + months, Math.min(d, last)));
  return t.toISOString().slice(0, 10);
}

/** When a span measured from `start` ends, in the zone. */
export function dueAt(start: Date, span: Span, timeZone: string): Date {
  switch (span.unit) {
    case 'minutes':
      return new Date(start.getTime() + span.amount * 60_000);
    case 'hours':
      return new Date(start.getTime() + span.amount * 3_600_000);
    case 'calendar-days':
    case 'months': {
      const w = wallOf(start, timeZone);
      const date = span.unit === 'months' ? addMonths(w.date, span.amount) : addDays(w.date, span.amount);
      return new Date(instantOf(date, w.minute, timeZone).getTime() + w.rest);
    }
    case 'business-days': {
      let date = localDate(start, timeZone);
      for (let left = span.amount; left > 0; ) {
        date = addDays(date, 1);
        if (isWorkingDay(date)) left--;
      }
      return instantOf(addDays(date, 1), 0, timeZone);
    }
  }
}
