import type { DatabaseHandle } from '../../platform/db/database.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { reportsRepository } from './reports.repository.js';
import type { SituationDeps } from './situations.deps.js';
import { situationSubject } from './situations.events.js';
import { centerIdOf } from './situations.usecases.js';

/**
 * Reminds the center when an open situation's next report is due (its interval after the last report first
 * issued, or after the declaration) and not issued: one event `situation.report_due` to the center per due time,
 * recorded with the schedule in the same transaction, so that a restart or another node does not repeat it.
 * The notifications plan it for the center's duty contact. Returns how many situations were reminded.
 */
export async function sweepReportReminders(
  handle: DatabaseHandle,
  deps: Pick<SituationDeps, 'events' | 'clock'>,
): Promise<number> {
  const now = deps.clock.now();
  return inTransaction(handle, async (unit) => {
    const schedules = await reportsRepository.openSchedules(unit.tx, unit.dialect);
    let reminded = 0;
    for (const s of schedules) {
      const last = (await reportsRepository.lastIssuedAt(unit.tx, s.situation_id)) ?? s.declared_at;
      const due = new Date(Date.parse(last) + s.interval_minutes * 60_000).toISOString();
      if (due > now.toISOString() || s.reminded_due_at === due) continue;
      const situation = await reportsRepository.situationRow(unit.tx, s.situation_id);
      if (!situation) continue;
      const centerId = await centerIdOf(unit.tx);
      await deps.events.record(
        unit,
        {
          type: 'situation.report_due',
          incidentId: null,
          readerOrgIds: [centerId],
          payload: { situationId: situation.id, number: situation.number, tlp: situation.tlp, dueAt: due },
          subject: situationSubject(situation, centerId),
        },
        now,
      );
      await reportsRepository.markReminded(unit.tx, s.situation_id, due);
      reminded += 1;
    }
    return reminded;
  });
}
