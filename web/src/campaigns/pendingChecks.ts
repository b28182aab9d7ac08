import type { LiveEvent } from '../live.js';

// The test messages of communication checks that reached me in the app: those the server lists as waiting
// for me, and those arriving on my live stream meanwhile (communication_check.sent, to me only). Those I
// acknowledged here are left out.

const acknowledged = new Set<string>();

/** Remembers that I acknowledged a check's test message in this tab. */
export const markAcknowledged = (checkId: string) => acknowledged.add(checkId);

export interface PendingCheck {
  checkId: string;
  orgSlug: string;
  at: string;
}

/** My test messages waiting for an acknowledgment, newest first, one per check. */
export function pendingChecks(
  feed: readonly LiveEvent[],
  waiting: readonly { checkId: string; orgSlug: string; sentAt: string }[] = [],
): PendingCheck[] {
  const seen = new Set<string>();
  const pending: PendingCheck[] = [];
  const add = (p: PendingCheck) => {
    if (seen.has(p.checkId) || acknowledged.has(p.checkId)) return;
    seen.add(p.checkId);
    pending.push(p);
  };
  for (const e of feed)
    if (e.type === 'communication_check.sent' && e.checkId)
      add({ checkId: e.checkId, orgSlug: e.orgSlug ?? '', at: e.at });
  for (const w of waiting) add({ checkId: w.checkId, orgSlug: w.orgSlug, at: w.sentAt });
  return pending;
}
