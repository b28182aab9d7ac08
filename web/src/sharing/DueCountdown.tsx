import type { Translate } from '../i18n.js';
import { useNow } from '../incidents/ReviewClock.js';
import { useLang } from '../lang.js';
import { Time } from '../ui/Badges.js';

const MINUTE = 60_000;
const SOON = 6 * 60 * MINUTE;

/** The time left to answer, to the minute: 2日3時間 / 5時間12分 / 8分. */
export function timeLeftText(ms: number, t: Translate): string {
  const minutes = Math.max(0, Math.floor(ms / MINUTE));
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  if (d > 0) return t('consent.left.days', { d, h });
  if (h > 0) return t('consent.left.hours', { h, m });
  return t('consent.left.minutes', { m });
}

/**
 * The deadline of a consent request and the time left before it expires (after which nothing is shared). A
 * timer, not a live region: it changes every half minute and is not read out on each change.
 */
export function DueCountdown({ dueAt }: { dueAt: string }) {
  const { t } = useLang();
  const now = useNow(30_000);
  const left = Date.parse(dueAt) - now;
  const phase = left <= 0 ? 'overdue' : left < SOON ? 'soon' : 'waiting';
  return (
    <span className="due">
      {t('consent.due')} <Time at={dueAt} />{' '}
      <span role="timer" className={`countdown ${phase}`}>
        {left <= 0 ? t('consent.overdue') : timeLeftText(left, t)}
      </span>
    </span>
  );
}
