import type { ClockState } from './deadlines.clocks.js';
import type { DeadlineProfile } from './deadlines.profiles.js';
import type { AppliedProfile } from './deadlines.usecases.js';

// The explicit allow-list of what leaves the server about profiles and clocks.

export const presentProfile = (p: DeadlineProfile) => ({
  id: p.id,
  nameJa: p.nameJa,
  nameEn: p.nameEn,
  trigger: p.trigger,
  threshold: p.threshold,
  timeZone: p.timeZone,
  clocks: p.clocks.map((c) => ({
    key: c.key,
    nameJa: c.nameJa,
    nameEn: c.nameEn,
    from: c.from,
    span: c.span,
    maliciousSpan: c.maliciousSpan ?? null,
    satisfiedBy: c.satisfiedBy,
  })),
  bodies: { kinds: [...p.bodies.kinds], slugs: [...p.bodies.slugs] },
  builtIn: p.builtIn,
  revision: p.revision,
});

const presentClock = (c: ClockState) => ({
  key: c.key,
  nameJa: c.nameJa,
  nameEn: c.nameEn,
  startsAt: c.startsAt.toISOString(),
  dueAt: c.dueAt.toISOString(),
  satisfiedAt: c.satisfiedAt?.toISOString() ?? null,
  satisfiedBySeq: c.satisfiedBySeq,
  outcome: c.outcome,
  lateByMinutes: c.lateByMinutes,
});

export const presentApplied = (a: AppliedProfile) => ({
  id: a.profile.id,
  nameJa: a.profile.nameJa,
  nameEn: a.profile.nameEn,
  trigger: a.profile.trigger,
  timeZone: a.timeZone,
  awareAt: a.awareAt.toISOString(),
  clocks: a.clocks.map(presentClock),
});
