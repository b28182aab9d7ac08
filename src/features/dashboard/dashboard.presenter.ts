import type { incidentStats } from './dashboard.usecases.js';

type Stats = Awaited<ReturnType<typeof incidentStats>>;

/** The explicit allow-list of what the dashboard's statistics show. */
export const presentStats = (s: Stats) => ({
  period: s.period.name,
  from: s.period.from.toISOString(),
  to: s.period.to.toISOString(),
  timeZone: s.timeZone,
  total: s.total,
  open: s.open,
  final: s.final,
  bySeverity: s.bySeverity,
  byCategory: s.byCategory,
  byRsit: s.byRsit,
  byOrg: s.byOrg.map((o) => ({
    slug: o.org.slug,
    kind: o.org.kind,
    nameJa: o.org.name_ja,
    nameEn: o.org.name_en,
    parent: o.parent?.slug ?? null,
    count: o.count,
    open: o.open,
  })),
  daily: s.daily,
});
