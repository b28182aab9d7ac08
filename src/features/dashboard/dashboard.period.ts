import { addDays, datesBetween, type LocalDate, localDate, startOfDay } from '../../platform/calendar.js';

export const PERIODS = ['today', '7d', 'fy'] as const;
export type PeriodName = (typeof PERIODS)[number];

/** A period of the statistics: from a local midnight until now, and the calendar days it covers so far. */
export interface Period {
  name: PeriodName;
  from: Date;
  to: Date;
  dates: LocalDate[];
}

// The Japanese government's fiscal year (年度) runs from April to March.
const FISCAL_YEAR_START_MONTH = 4;

function fiscalYearStart(today: LocalDate): LocalDate {
  const [year, month] = today.split('-').map(Number) as [number, number];
  const startYear = month >= FISCAL_YEAR_START_MONTH ? year : year - 1;
  return `${startYear}-${String(FISCAL_YEAR_START_MONTH).padStart(2, '0')}-01`;
}

/**
 * The period as of `now` in the zone: `today` since local midnight, `7d` the seven calendar days ending today,
 * `fy` the fiscal year so far.
 */
export function periodOf(name: PeriodName, now: Date, timeZone: string): Period {
  const today = localDate(now, timeZone);
  const first = name === 'today' ? today : name === '7d' ? addDays(today, -6) : fiscalYearStart(today);
  return { name, from: startOfDay(first, timeZone), to: now, dates: datesBetween(first, today) };
}
