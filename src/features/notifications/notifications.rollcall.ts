import { reminderReaders } from '../../platform/access/visibility.js';
import type { DatabaseHandle } from '../../platform/db/database.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { situationsReads } from '../situations/situations.reads.js';
import type { NotificationDeps } from './notifications.deps.js';

const BATCH = 500;

/**
 * Reminds every in-scope body that has not answered a situation's roll-call by its deadline (as the deadline
 * stands now: a level change may have moved it), once per situation and body: the reminder is recorded with the
 * body (situations.reads markReminded) in the transaction that plans it, so that a restart, or another node,
 * does not send it again. Each reminder is an event `rollcall.reminded` to the body and its supervising
 * ministry, which the notifications plan as any other (the body's rule: acknowledged, or escalated to its next
 * contact and then the center). Returns how many bodies were reminded.
 */
export async function sweepRollCallReminders(
  handle: DatabaseHandle,
  deps: NotificationDeps,
): Promise<number> {
  const now = deps.clock.now();
  return inTransaction(handle, async (unit) => {
    const due = await situationsReads.dueReminders(unit.tx, unit.dialect, now.toISOString(), BATCH);
    if (due.length === 0) return 0;
    const facts = await situationsReads.factsOf(
      unit.tx,
      due.map((d) => d.situationId),
    );
    const bySituation = new Map<string, string[]>();
    for (const d of due) {
      const situation = facts.get(d.situationId);
      if (!situation) continue;
      await deps.events.record(
        unit,
        {
          type: 'rollcall.reminded',
          incidentId: null,
          readerOrgIds: reminderReaders(d),
          payload: {
            situationId: d.situationId,
            number: situation.number,
            orgId: d.orgId,
            dueAt: situation.rollCallDueAt,
          },
        },
        now,
      );
      bySituation.set(d.situationId, [...(bySituation.get(d.situationId) ?? []), d.orgId]);
    }
    for (const [situationId, orgIds] of bySituation)
      await situationsReads.markReminded(unit.tx, situationId, orgIds, now.toISOString());
    return due.length;
  });
}
