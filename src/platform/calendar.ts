// Calendar days in a configured time zone, with nothing but Intl: where a local day begins, which day an
// instant falls on, and the UTC offsets in force over a stretch of time (daylight saving time changes them).

/** A calendar date, YYYY-MM-DD. */
export type LocalDate = string;

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

function wallClock(at: Date, timeZone: string) {
  const p = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(at)
      .map((x) => [x.type, Number(x.value)]),
  ) as Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', number>;
  return p;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const dateOf = (y: number, m: number, d: number): LocalDate => {
  const t = new Date(Date.UTC(y, m - 1, d));
  return `${pad(t.getUTCFullYear(), 4)}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
};
const partsOf = (date: LocalDate) => date.split('-').map(Number) as [number, number, number];

// Offsets by zone and minute: every contact's availability asks for one, and formatting is the costly part.
const offsets = new Map<string, number>();
const OFFSETS_KEPT = 1000;

/** Minutes the zone's clocks are ahead of UTC at the instant (540 in Tokyo). */
export function offsetMinutes(at: Date, timeZone: string): number {
  // Zones change their offset on a whole minute (since 1972 at least): one minute has one offset.
  const key = `${timeZone} ${Math.floor(at.getTime() / 60_000)}`;
  const known = offsets.get(key);
  if (known !== undefined) return known;
  const p = wallClock(at, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  const offset = Math.round((asUtc - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
  if (offsets.size >= OFFSETS_KEPT) offsets.clear();
  offsets.set(key, offset);
  return offset;
}

const DAY_MS = 86_400_000;

/** The calendar date of the instant in the zone. */
export function localDate(at: Date, timeZone: string): LocalDate {
  // The wall clock is UTC moved by the zone's offset, which is kept by minute: formatting the instant was 1 % of
  // the server's CPU on the report path (each report's fiscal year). An offset of seconds (local mean time,
  // before 1900) is rounded by offsetMinutes: within a minute of midnight the instant is formatted instead.
  const wall = at.getTime() + offsetMinutes(at, timeZone) * 60_000;
  const intoDay = ((wall % DAY_MS) + DAY_MS) % DAY_MS;
  if (intoDay >= 60_000 && intoDay < DAY_MS - 60_000) {
    const t = new Date(wall);
    return dateOf(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
  }
  const p = wallClock(at, timeZone);
  return dateOf(p.year, p.month, p.day);
}

/** The date `days` after (or before, if negative) the given one. */
export function addDays(date: LocalDate, days: number): LocalDate {
  const [y, m, d] = partsOf(date);
  return dateOf(y, m, d + days);
}

/** The instant the local day begins (its midnight; the first minute that exists, where a change skips it). */
export function startOfDay(date: LocalDate, timeZone: string): Date {
  const [y, m, d] = partsOf(date);
  const wall = Date.UTC(y, m - 1, d);
  // The offset at midnight may differ from the one at the guess: look again from the corrected instant.
  let at = wall - offsetMinutes(new Date(wall), timeZone) * 60_000;
  at = wall - offsetMinutes(new Date(at), timeZone) * 60_000;
  return new Date(at);
}

/** The dates from `from` to `to`, both included. */
export function datesBetween(from: LocalDate, to: LocalDate): LocalDate[] {
  const out: LocalDate[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

/** A stretch of time with one UTC offset: from `since` (inclusive) until the next stretch begins. */
export interface OffsetSpan {
  since: Date;
  offsetMinutes: number;
}

/**
 * The UTC offsets in force from `from` to `to`, in order. Offsets change at most a few times a year, never
 * twice within a day, so days are compared first and a change is then pinned down by bisection.
 */
export function offsetSpans(from: Date, to: Date, timeZone: string): OffsetSpan[] {
  const spans: OffsetSpan[] = [{ since: from, offsetMinutes: offsetMinutes(from, timeZone) }];
  const DAY = 86_400_000;
  for (let t = from.getTime(); t < to.getTime(); t += DAY) {
    const next = Math.min(t + DAY, to.getTime());
    const current = (spans.at(-1) as OffsetSpan).offsetMinutes;
    if (offsetMinutes(new Date(next), timeZone) === current) continue;
    let lo = t;
    let hi = next;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (offsetMinutes(new Date(mid), timeZone) === current) lo = mid;
      else hi = mid;
    }
    spans.push({ since: new Date(hi), offsetMinutes: offsetMinutes(new Date(hi), timeZone) });
  }
  return spans;
}

/** The fiscal year (年度, April to March) the instant falls in, in the zone: 2026 from April 2026 to March 2027. */
export function fiscalYearOf(at: Date, timeZone: string): number {
  const [year, month] = partsOf(localDate(at, timeZone));
  return month >= 4 ? year : year - 1;
}
