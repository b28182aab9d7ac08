import { reminderReaders } from '../../platform/access/visibility.js';
import type { DatabaseHandle } from '../../platform/db/database.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { requestsRepository } from './requests.repository.js';
import type { SituationDeps } from './situations.deps.js';

const BATCH = 500;

/**
 * Reminds every addressed body past its request's due time and not 完了, once per due time: the reminder is
 * recorded with the body (reminded_at) in the transaction that plans it, so that a restart or another node does
 * not send it again; an amendment that moves the due time clears it (a new due time, a new reminder). A withdrawn
 * request, or one of a stood-down situation, reminds nobody. Each reminder is an event
 * `situation.request.overdue` to the body and its supervising ministry, which the notifications plan as any
 * other. Returns how many bodies were reminded.
 */
export async function sweepRequestReminders(
  handle: DatabaseHandle,
  deps: Pick<SituationDeps, 'events' | 'clock'>,
): Promise<number> {
  const now = deps.clock.now();
  const at = now.toISOString();
  return inTransaction(handle, async (unit) => {
    const due = await requestsRepository.dueReminders(unit.tx, unit.dialect, at, BATCH);
    for (const d of due) {
      await deps.events.record(
        unit,
        {
          type: 'situation.request.overdue',
          incidentId: null,
          readerOrgIds: reminderReaders(d),
          payload: {
            situationId: d.situationId,
            requestId: d.requestId,
            number: `R-${d.seq}`,
            orgId: d.orgId,
            dueAt: d.dueAt,
          },
        },
        now,
      );
      await requestsRepository.markReminded(unit.tx, d.requestId, d.orgId, at);
    }
    return due.length;
  });
}
