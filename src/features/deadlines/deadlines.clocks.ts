import { dueAt } from './deadlines.calendar.js';
import type { ClockDefinition, DeadlineProfile } from './deadlines.profiles.js';

// A profile's clocks on one incident: when each is due, which report satisfied it, and how that came out.

/** An incident's reporting history, as a clock reads it. */
export interface IncidentTimeline {
  detectedAt: Date;
  reports: { seq: number; kind: string; createdAt: Date }[];
}

export type Outcome = 'pending' | 'overdue' | 'on-time' | 'late';

export interface ClockState {
  key: string;
  nameJa: string;
  nameEn: string;
  startsAt: Date;
  dueAt: Date;
  satisfiedAt: Date | null;
  satisfiedBySeq: number | null;
  outcome: Outcome;
  /** Minutes past due: when late, or overdue now. */
  lateByMinutes: number | null;
}

/** The report that satisfies a clock started at `start`: the quick report, or the first update or final after it. */
function satisfyingReport(clock: ClockDefinition, timeline: IncidentTimeline, start: Date) {
  const after = timeline.reports.filter((r) => r.createdAt.getTime() >= start.getTime());
  if (clock.satisfiedBy === 'quick') return timeline.reports.find((r) => r.kind === 'quick');
  if (clock.satisfiedBy === 'update') return after.find((r) => r.kind === 'update' || r.kind === 'final');
  return after.find((r) => r.kind === 'final');
}

const minutesBetween = (from: Date, to: Date) => Math.ceil((to.getTime() - from.getTime()) / 60_000);

/** The profile's clocks on the incident now, in the order the profile lists them. */
export function clocksOf(args: {
  profile: DeadlineProfile;
  timeline: IncidentTimeline;
  /** When the body became aware of what triggered the profile (the assessment that met it). */
  awareAt: Date;
  malicious: boolean;
  timeZone: string;
  now: Date;
}): ClockState[] {
  const { profile, timeline, now } = args;
  const out: ClockState[] = [];
  for (const clock of profile.clocks) {
    let startsAt: Date;
    if (clock.from === 'detection') startsAt = timeline.detectedAt;
    else if (clock.from === 'awareness') startsAt = args.awareAt;
    else {
      const previous = out.find((c) => `after:${c.key}` === clock.from);
      // Validation refuses a clock after an unknown or later one; never here.
      if (!previous) continue;
      startsAt = previous.satisfiedAt ?? previous.dueAt;
    }
    const span = args.malicious && clock.maliciousSpan ? clock.maliciousSpan : clock.span;
    const due = dueAt(startsAt, span, args.timeZone);
    const report = satisfyingReport(clock, timeline, startsAt);
    const satisfiedAt = report?.createdAt ?? null;
    let outcome: Outcome;
    let lateByMinutes: number | null = null;
    if (satisfiedAt) {
      outcome = satisfiedAt.getTime() <= due.getTime() ? 'on-time' : 'late';
      if (outcome === 'late') lateByMinutes = minutesBetween(due, satisfiedAt);
    } else if (now.getTime() > due.getTime()) {
      outcome = 'overdue';
      lateByMinutes = minutesBetween(due, now);
    } else outcome = 'pending';
    out.push({
      key: clock.key,
      nameJa: clock.nameJa,
      nameEn: clock.nameEn,
      startsAt,
      dueAt: due,
      satisfiedAt,
      satisfiedBySeq: report?.seq ?? null,
      outcome,
      lateByMinutes,
    });
  }
  return out;
}
