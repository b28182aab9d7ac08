import { fiscalYearOf, formatDate, formatFiscalYear } from '../format.js';
import type { Lang, Translate } from '../i18n.js';

export const PERIODS = ['today', '7d', 'fy'] as const;
export type Period = (typeof PERIODS)[number];

export const isPeriod = (value: unknown): value is Period => PERIODS.includes(value as Period);

const formats = new Map<string, Intl.DateTimeFormat>();
const formatter = (locale: string, options: Intl.DateTimeFormatOptions) => {
  const key = `${locale}|${JSON.stringify(options)}`;
  let found = formats.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat(locale, options);
    formats.set(key, found);
  }
  return found;
};

/**
 * The calendar day ('YYYY-MM-DD') an instant falls on in the server's time zone: periods are days there, so
 * their limits must be named as the server counted them, whatever the viewer's own zone.
 */
export function dayIn(iso: string, timeZone: string): string {
  const parts = formatter('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(new Date(iso));
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** A calendar day as a local Date at midnight, so that local formatting names that same day. */
export const localDay = (day: string) => new Date(`${day}T00:00:00`);

/** The period as its dates: 令和8年11月26日 for today, a range for 7 days, the fiscal year's name and range. */
export function describePeriod(
  stats: { period: string; from: string; to: string; timeZone: string },
  lang: Lang,
  t: Translate,
): string {
  const first = dayIn(stats.from, stats.timeZone);
  // `to` is exclusive (the next midnight, or now): its last millisecond names the last day counted.
  const last = dayIn(new Date(new Date(stats.to).getTime() - 1).toISOString(), stats.timeZone);
  const from = formatDate(localDay(first).toISOString(), lang);
  const to = formatDate(localDay(last).toISOString(), lang);
  const range = first === last ? from : t('dashboard.period.range', { from, to });
  if (stats.period !== 'fy') return range;
  return t('dashboard.period.fyRange', {
    fy: formatFiscalYear(fiscalYearOf(localDay(first)), lang),
    range,
  });
}

/** A day on a chart axis: 11/26 / 26 Nov. */
export const formatAxisDay = (day: string, lang: Lang) =>
  lang === 'ja'
    ? formatter('ja-JP', { month: 'numeric', day: 'numeric' }).format(localDay(day))
    : formatter('en-GB', { month: 'short', day: 'numeric' }).format(localDay(day));

/** A month ('YYYY-MM'): long 令和8年4月 / April 2026 in tables, short 4月 / Apr on an axis. */
export function formatMonth(month: string, lang: Lang, form: 'long' | 'short'): string {
  const date = localDay(`${month}-01`);
  if (lang === 'ja')
    return form === 'long'
      ? formatter('ja-JP-u-ca-japanese', { era: 'long', year: 'numeric', month: 'long' }).format(date)
      : formatter('ja-JP', { month: 'long' }).format(date);
  return formatter('en-GB', form === 'long' ? { month: 'long', year: 'numeric' } : { month: 'short' }).format(
    date,
  );
}
