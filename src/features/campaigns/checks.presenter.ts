import type { OrgRow } from '../orgs/orgs.directory.js';
import { orgRef } from './campaigns.bodies.js';
import type { TargetRow } from './checks.repository.js';
import type { CheckView } from './checks.usecases.js';

// The explicit allow-list of what leaves the server about a communication check: no addresses, no user ids.

type Contacts = CheckView['contacts'];

/** One body's result: when the message went, the first acknowledgment, and the time it took. */
export function presentCheckBody(org: OrgRow, targets: TargetRow[], contacts: Contacts) {
  const sentAt = targets.map((t) => t.sent_at).sort()[0] ?? '';
  const first = targets
    .filter((t) => t.acknowledged_at !== null)
    .sort((a, b) => (a.acknowledged_at ?? '').localeCompare(b.acknowledged_at ?? ''))[0];
  const acknowledgedAt = first?.acknowledged_at ?? null;
  return {
    org: orgRef(org),
    reached: targets.flatMap((t) => {
      if (t.contact_id === null) return [];
      const c = contacts.get(t.contact_id);
      return [{ name: c?.name ?? null, role: c?.role ?? null, channels: JSON.parse(t.channels) as string[] }];
    }),
    sentAt,
    acknowledgedAt,
    acknowledgedVia: first?.ack_via ?? null,
    secondsToAcknowledge:
      acknowledgedAt === null ? null : (Date.parse(acknowledgedAt) - Date.parse(sentAt)) / 1000,
  };
}

const median = (xs: number[]): number | null => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

export function presentCheck(v: CheckView) {
  const bodies = v.bodies
    .map((b) => presentCheckBody(b.org, b.targets, v.contacts))
    .sort((a, b) => a.org.slug.localeCompare(b.org.slug));
  const answered = bodies.filter((b) => b.secondsToAcknowledge !== null);
  const slowest = answered.reduce<(typeof answered)[number] | undefined>(
    (worst, b) => (worst && (worst.secondsToAcknowledge ?? 0) >= (b.secondsToAcknowledge ?? 0) ? worst : b),
    undefined,
  );
  return {
    id: v.check.id,
    name: v.check.name,
    startedBy: v.startedBy ? orgRef(v.startedBy) : null,
    startedAt: v.check.started_at,
    fiscalYear: v.check.fiscal_year,
    summary: {
      bodies: bodies.length,
      acknowledged: answered.length,
      unanswered: bodies.length - answered.length,
      medianSeconds: median(answered.map((b) => b.secondsToAcknowledge as number)),
      slowest: slowest ? { org: slowest.org, seconds: slowest.secondsToAcknowledge as number } : null,
    },
    bodies,
  };
}
