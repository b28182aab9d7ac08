import { useLang } from '../lang.js';
import { phaseOf, timeLeft } from './ReviewClock.js';

/**
 * The time left before the server forwards the report by itself. It changes every second, so it is a timer
 * that screen readers do not read out on each change (role=timer is not live); ReviewQueue announces only
 * the moments that matter.
 */
export function ReviewCountdown({ dueAt, now }: { dueAt: string; now: number }) {
  const { t } = useLang();
  const phase = phaseOf(dueAt, now);
  return (
    <span role="timer" className={`countdown ${phase}`}>
      {phase === 'overdue'
        ? t('queue.overdue')
        : t('queue.remaining', { time: timeLeft(Date.parse(dueAt) - now, t) })}
    </span>
  );
}
