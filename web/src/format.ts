import type { Lang } from './i18n.js';

const formats = new Map<Lang, Intl.DateTimeFormat>();

/** A date and time in the reader's time zone, written the way the language writes it. */
export function formatDateTime(iso: string, lang: Lang): string {
  let format = formats.get(lang);
  if (!format) {
    format = new Intl.DateTimeFormat(lang === 'ja' ? 'ja-JP' : 'en-GB', {
      dateStyle: 'medium',
      timeStyle: 'short',
    });
    formats.set(lang, format);
  }
  return format.format(new Date(iso));
}

/** `now` as the value of a datetime-local input (local time, to the minute). */
export function localDateTimeValue(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}T${pad(now.getHours())}:${pad(now.getMinutes())}`;
}

/** The org name in the display language. */
export const orgName = (org: { nameJa: string; nameEn: string }, lang: Lang) =>
  lang === 'ja' ? org.nameJa : org.nameEn;
