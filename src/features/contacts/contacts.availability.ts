import holidayJp from '@holiday-jp/holiday_jp';
import { offsetMinutes } from '../../platform/calendar.js';

export type Availability = '24/7' | 'business-hours';

export interface BusinessHours {
  /** 'HH:MM', inclusive. */
  start: string;
  /** 'HH:MM', exclusive. */
  end: string;
}

export const DEFAULT_BUSINESS_HOURS: BusinessHours = { start: '09:00', end: '18:00' };

const minutesOf = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

/** Whether business hours are a stretch within one day (start before end). */
export const validBusinessHours = (h: BusinessHours): boolean => minutesOf(h.start) < minutesOf(h.end);

/**
 * Whether a day is off for a Japanese government body: a public holiday (祝日, from the maintained holiday_jp
 * calendar, substitute holidays included), or the year-end closure of government offices, 29 December to
 * 3 January (行政機関の休日に関する法律).
 */
export function isDayOff(date: string): boolean {
  if (Object.hasOwn(holidayJp.holidays, date)) return true;
  const monthDay = date.slice(5);
  return monthDay >= '12-29' || monthDay <= '01-03';
}

/**
 * Whether a contact is reachable at an instant: always when 24/7; otherwise within its business hours on a
 * working day, Monday to Friday but not a day off, both read in the contact's own time zone.
 */
export function availableAt(
  contact: { availability: string; timeZone: string; businessHours: BusinessHours },
  at: Date,
): boolean {
  if (contact.availability !== 'business-hours') return true;
  const local = new Date(at.getTime() + offsetMinutes(at, contact.timeZone) * 60_000);
  const weekday = local.getUTCDay();
  if (weekday === 0 || weekday === 6) return false;
  if (isDayOff(local.toISOString().slice(0, 10))) return false;
  const minute = local.getUTCHours() * 60 + local.getUTCMinutes();
  return minute >= minutesOf(contact.businessHours.start) && minute < minutesOf(contact.businessHours.end);
}

/** The canonical name of an IANA time zone, or undefined when there is no such zone. */
export function canonicalTimeZone(name: string): string | undefined {
  try {
    return new Intl.DateTimeFormat('en', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}
