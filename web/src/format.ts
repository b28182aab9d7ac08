import type { Lang } from './i18n.js';

// Dates and times are shown in the viewer's time zone (the browser's), as the language writes them. Japanese
// officials read dates with the era (令和7年11月25日) and periods by fiscal year (令和7年度, April–March).

const cache = new Map<string, Intl.DateTimeFormat>();
function format(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let found = cache.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat(locale, options);
    cache.set(key, found);
  }
  return found;
}

const JA_ERA = 'ja-JP-u-ca-japanese';

/** A date and time, e.g. 令和7年11月25日 21:10 / 25 Nov 2025, 21:10. */
export function formatDateTime(iso: string, lang: Lang): string {
  const date = new Date(iso);
  if (lang === 'ja')
    return format(JA_ERA, {
      era: 'long',
      year: 'numeric',
      month: 'long',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
    }).format(date);
  return format('en-GB', { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

/** A short date and time for dense tables: 11/25 21:10 this year, 2024/11/25 21:10 otherwise. */
export function formatShortDateTime(iso: string, lang: Lang, now = new Date()): string {
  const date = new Date(iso);
  const sameYear = date.getFullYear() === now.getFullYear();
  const locale = lang === 'ja' ? 'ja-JP' : 'en-GB';
  return format(locale, {
    ...(sameYear ? {} : { year: 'numeric' }),
    month: lang === 'ja' ? 'numeric' : 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(date);
}

/** A date without time, with the era in Japanese: 令和7年11月25日 / 25 Nov 2025. */
export function formatDate(iso: string, lang: Lang): string {
  const date = new Date(iso);
  if (lang === 'ja')
    return format(JA_ERA, { era: 'long', year: 'numeric', month: 'long', day: 'numeric' }).format(date);
  return format('en-GB', { dateStyle: 'medium' }).format(date);
}

/** The fiscal year (April to March) a moment falls in, as its starting calendar year. */
export function fiscalYearOf(date: Date): number {
  return date.getMonth() >= 3 ? date.getFullYear() : date.getFullYear() - 1;
}

/** The fiscal year's name: 令和7年度 / FY2025. */
export function formatFiscalYear(startYear: number, lang: Lang): string {
  if (lang === 'en') return `FY${startYear}`;
  // The era of April 1 names the fiscal year: FY2019 is 平成31年度, as its budget was.
  const parts = format(JA_ERA, { era: 'long', year: 'numeric' }).formatToParts(new Date(startYear, 3, 1));
  const era = parts.find((p) => p.type === 'era')?.value ?? '';
  const year = parts.find((p) => p.type === 'year')?.value ?? '';
  return `${era}${year === '1' ? '元' : year}年度`;
}

/** A duration in minutes as the language says it: 1時間5分 / 1 h 5 min. */
export function formatMinutes(total: number, lang: Lang): string {
  const sign = total < 0 ? '-' : '';
  const minutes = Math.abs(Math.round(total));
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (lang === 'ja') return `${sign}${h ? `${h}時間` : ''}${m || !h ? `${m}分` : ''}`;
  return `${sign}${h ? `${h} h` : ''}${h && m ? ' ' : ''}${m || !h ? `${m} min` : ''}`;
}

/** `now` as the value of a datetime-local input (local time, to the minute). */
export function localDateTimeValue(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}T${pad(now.getHours())}:${pad(now.getMinutes())}`;
}

/** The org name in the display language. */
export const orgName = (org: { nameJa: string; nameEn: string }, lang: Lang) =>
  lang === 'ja' ? org.nameJa : org.nameEn;
