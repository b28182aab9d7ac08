import type { Recipient } from './notifications.render.types.js';

// Subjects and single-line fields must not carry line breaks or other control characters.
export const oneLine = (s: string) => s.replace(/\p{Cc}+/gu, ' ').trim();

// Building a DateTimeFormat costs far more than using one: one per language and time zone, kept.
const timeFormats = new Map<string, Intl.DateTimeFormat>();
const timeFormat = (r: Recipient) => {
  const key = `${r.locale} ${r.timeZone}`;
  let format = timeFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(r.locale === 'ja' ? 'ja-JP' : 'en-GB', {
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZone: r.timeZone,
      timeZoneName: 'short',
    });
    timeFormats.set(key, format);
  }
  return format;
};

// Notifications come in bursts: the text of the last minute shown is kept per language and time zone.
const lastMinute = new Map<string, { minute: number; text: string }>();

/** The time in the recipient's time zone: 2026/11/25 12:00 JST, or 2026-11-25 12:00 GMT+9 in English. */
export function formatTime(at: Date, r: Recipient): string {
  const key = `${r.locale} ${r.timeZone}`;
  const minute = Math.floor(at.getTime() / 60_000);
  const last = lastMinute.get(key);
  if (last?.minute === minute) return last.text;
  const text = formatMinute(at, r);
  lastMinute.set(key, { minute, text });
  return text;
}

function formatMinute(at: Date, r: Recipient): string {
  const parts = timeFormat(r).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  const sep = r.locale === 'ja' ? '/' : '-';
  return `${part('year')}${sep}${part('month')}${sep}${part('day')} ${part('hour')}:${part('minute')} ${part('timeZoneName')}`;
}

/** The first line of an exercise's notice: that it is an exercise, with the exercise's number and name. */
export function exerciseLine(x: { number: string; name: string }, locale: 'ja' | 'en'): string {
  const which = oneLine(`${x.number} ${x.name}`);
  return locale === 'ja'
    ? `【訓練】これは訓練（${which}）の連絡です。実際の事案ではありません。`
    : `[EXERCISE] This is an exercise (${which}), not a real incident.`;
}
