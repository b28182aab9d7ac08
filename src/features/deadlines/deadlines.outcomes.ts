import type { Tx } from '../../platform/db/database.js';
import { deadlinesRepository } from './deadlines.repository.js';
import type { DeadlineOutcomesTable } from './deadlines.table.js';
import type { AppliedProfile } from './deadlines.usecases.js';

// Each clock's outcome as the incident page computes it (deadlinesOf → clocksOf, one definition), recorded by the
// deadline sweep so that the annual report aggregates stored rows instead of recomputing every incident.

const same = (a: DeadlineOutcomesTable, b: DeadlineOutcomesTable) =>
  a.profile_id === b.profile_id &&
  a.clock_key === b.clock_key &&
  a.org_id === b.org_id &&
  a.due_at === b.due_at &&
  a.satisfied_at === b.satisfied_at &&
  a.outcome === b.outcome &&
  a.late_minutes === b.late_minutes;

/**
 * Records the incident's clocks as they stand now (profiles no longer applying are dropped); writes only when
 * something changed. Returns whether it wrote. An overdue clock's minutes are left out (they grow while it is
 * open); a late one keeps by how much it was late.
 */
export async function recordOutcomes(
  tx: Tx,
  incident: { id: string; org_id: string },
  applied: readonly AppliedProfile[],
  now: Date,
): Promise<boolean> {
  const rows: DeadlineOutcomesTable[] = applied.flatMap((a) =>
    a.clocks.map((c) => ({
      incident_id: incident.id,
      org_id: incident.org_id,
      profile_id: a.profile.id,
      clock_key: c.key,
      due_at: c.dueAt.toISOString(),
      satisfied_at: c.satisfiedAt?.toISOString() ?? null,
      outcome: c.outcome,
      late_minutes: c.outcome === 'late' ? c.lateByMinutes : null,
      recorded_at: now.toISOString(),
    })),
  );
  const stored = await deadlinesRepository.outcomesOf(tx, incident.id);
  if (stored.length === rows.length && rows.every((r) => stored.some((s) => same(s, r)))) return false;
  await deadlinesRepository.replaceOutcomes(tx, incident.id, rows);
  return true;
}
