import { useEffect, useState } from 'react';
import type { Translate } from '../i18n.js';

/** Below this, a deadline is near: the countdown turns to a warning and is announced once. */
export const SOON_MS = 5 * 60_000;

export type Phase = 'waiting' | 'soon' | 'overdue';

/** Where a review deadline stands at `now` (milliseconds). */
export function phaseOf(dueAt: string, now: number): Phase {
  const left = Date.parse(dueAt) - now;
  if (left <= 0) return 'overdue';
  return left < SOON_MS ? 'soon' : 'waiting';
}

/** The time left, to the second: 42分15秒 / 1時間2分3秒 / 42 min 15 s. */
export function timeLeft(ms: number, t: Translate): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return t('queue.hours', { h, m, s });
  if (m > 0) return t('queue.minutes', { m, s });
  return t('queue.seconds', { s });
}

/** The current time, updated every `intervalMs` while mounted (one timer for the whole queue). */
export function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
