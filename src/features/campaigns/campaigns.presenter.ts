import { orgRef } from './campaigns.bodies.js';
import type { CampaignView, EntryStatus } from './campaigns.usecases.js';

// The explicit allow-list of what leaves the server about a campaign: no user ids, no addresses.

const presentEntry = (s: EntryStatus, deadlineAt: string) => ({
  org: orgRef(s.org),
  confirmed: s.confirmedAt !== null,
  confirmedAt: s.confirmedAt,
  confirmedVia: s.confirmedVia,
  late: s.confirmedAt !== null && s.confirmedAt > deadlineAt,
  remindedBeforeAt: s.entry.reminded_before_at,
  remindedAtDeadlineAt: s.entry.reminded_deadline_at,
});

export function presentCampaign(v: CampaignView) {
  const c = v.campaign;
  const entries = [...v.entries].sort((a, b) => a.org.slug.localeCompare(b.org.slug));
  const pending = entries.filter((s) => s.confirmedAt === null);
  return {
    id: c.id,
    name: c.name,
    startedBy: v.startedBy ? orgRef(v.startedBy) : null,
    startedAt: c.started_at,
    deadline: c.deadline_date,
    deadlineAt: c.deadline_at,
    remindDaysBefore: c.remind_days,
    fiscalYear: c.fiscal_year,
    status: c.closed_at === null ? ('open' as const) : ('closed' as const),
    closedAt: c.closed_at,
    counts: { bodies: entries.length, confirmed: entries.length - pending.length, pending: pending.length },
    pending: pending.map((s) => orgRef(s.org)),
    entries: entries.map((s) => presentEntry(s, c.deadline_at)),
  };
}
