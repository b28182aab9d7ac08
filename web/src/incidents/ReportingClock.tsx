import { useEffect, useState } from 'react';
import type { Incident } from '../api.js';
import { formatDateTime, formatMinutes } from '../format.js';
import { useLang } from '../lang.js';

const TICK_MS = 15_000;
const minutesBetween = (from: string | number, to: string | number) =>
  (new Date(to).getTime() - new Date(from).getTime()) / 60_000;

/** The current time, moving on every `tick` while `running`: for countdowns. */
function useNow(running: boolean, tick = TICK_MS): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!running) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), tick);
    return () => clearInterval(timer);
  }, [running, tick]);
  return now;
}

/**
 * The reporting-time clock against its target (a quick report within N minutes of detection, and the center
 * receiving it by then): met in X min, missed by X min, or — while still open — the time left, counting down.
 */
export function ReportingClock({ incident }: { incident: Incident }) {
  const { t, lang } = useLang();
  const { minutes, dueAt, met } = incident.reportingTarget;
  const { detectedAt, reportedAt, centerReceivedAt } = incident.chain;
  const centerCounts = incident.org.kind !== 'center';
  const now = useNow(met === null || (centerCounts && centerReceivedAt === null));
  const due = formatDateTime(dueAt, lang);
  const span = (m: number) => formatMinutes(Math.max(0, m), lang);
  const left = minutesBetween(now, dueAt);

  const quick =
    met === true
      ? t('detail.target.met', { minutes, took: span(minutesBetween(detectedAt, reportedAt)) })
      : met === false
        ? t('detail.target.missed', { minutes, late: span(minutesBetween(dueAt, reportedAt)), due })
        : left > 0
          ? t('detail.target.remaining', { minutes, left: span(Math.ceil(left)), due })
          : t('detail.target.missed', { minutes, late: span(-left), due });

  let center: { text: string; state: string; timer: boolean } | null = null;
  if (centerCounts && centerReceivedAt) {
    const took = span(minutesBetween(detectedAt, centerReceivedAt));
    center =
      minutesBetween(centerReceivedAt, dueAt) >= 0
        ? { text: t('detail.center.inTime', { took }), state: 'done', timer: false }
        : {
            text: t('detail.center.late', { took, due, late: span(minutesBetween(dueAt, centerReceivedAt)) }),
            state: 'late',
            timer: false,
          };
  } else if (centerCounts)
    center =
      left > 0
        ? {
            text: t('detail.center.remaining', { left: span(Math.ceil(left)), due }),
            state: 'waiting',
            timer: true,
          }
        : { text: t('detail.center.overdue', { late: span(-left), due }), state: 'late', timer: false };

  return (
    <section className="clock" aria-labelledby="clock-heading">
      <h2 id="clock-heading">{t('detail.clock.heading')}</h2>
      <p
        className={`state ${met === false ? 'late' : met ? 'done' : 'waiting'}`}
        data-testid="reporting-target"
      >
        {quick}
      </p>
      {center && (
        // A countdown is a timer: screen readers do not announce every tick.
        <p
          className={`state ${center.state}`}
          data-testid="center-target"
          role={center.timer ? 'timer' : undefined}
        >
          {center.text}
        </p>
      )}
    </section>
  );
}
