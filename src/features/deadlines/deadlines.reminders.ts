import type { DatabaseHandle } from '../../platform/db/database.js';
import { inTransaction } from '../../platform/db/transaction.js';
import type { EventBus } from '../../platform/events/events.js';
import { assessmentsReads } from '../assessments/assessments.reads.js';
import { incidentsReads } from '../incidents/incidents.reads.js';
import { incidentSubject } from '../incidents/incidents.subject.js';
import { orgsDirectory } from '../orgs/orgs.directory.js';
import { recordOutcomes } from './deadlines.outcomes.js';
import { deadlinesRepository } from './deadlines.repository.js';
import { type DeadlineDeps, deadlinesOf } from './deadlines.usecases.js';

export interface DeadlineReminderDeps extends DeadlineDeps {
  events: EventBus;
  /** Minutes before a clock runs out when its body is reminded (0: none). */
  reminderMinutes: number;
}

/**
 * Reminds a body of a reporting clock about to run out (`deadline.due_soon`, to the body) and chases it once it
 * has run out (`deadline.overdue`, to the body, which acknowledges or is escalated through its contact structure,
 * and to its supervising ministry, which is told): once per clock, kind and due time, recorded in the same
 * transaction as the event. Clocks past the quick report start from an assessment, so only assessed incidents
 * are looked at; exercises alert nobody. Each incident's clock outcomes are recorded on the way (deadlines.outcomes:
 * the first sweep after the upgrade fills them for existing incidents). Returns how many notices were sent.
 */
export async function sweepDeadlineReminders(
  handle: DatabaseHandle,
  deps: DeadlineReminderDeps,
): Promise<number> {
  const now = deps.clock.now();
  return inTransaction(handle, async (unit) => {
    let sent = 0;
    for (const incidentId of await assessmentsReads.assessedIncidentIds(unit.tx)) {
      const incident = await incidentsReads.subjectOf(unit.tx, incidentId);
      const subject = incident && incidentSubject(incident);
      if (!incident || !subject) continue;
      const profiles = await deadlinesOf(unit.tx, incident, deps);
      await recordOutcomes(unit.tx, incident, profiles, now);
      for (const applied of profiles) {
        for (const clock of applied.clocks) {
          const untilDue = clock.dueAt.getTime() - now.getTime();
          const kind =
            clock.outcome === 'overdue'
              ? 'overdue'
              : clock.outcome === 'pending' &&
                  deps.reminderMinutes > 0 &&
                  untilDue <= deps.reminderMinutes * 60_000
                ? 'due_soon'
                : null;
          if (!kind) continue;
          const key = {
            incident_id: incident.id,
            profile_id: applied.profile.id,
            clock_key: clock.key,
            kind,
            due_at: clock.dueAt.toISOString(),
          };
          if (await deadlinesRepository.reminded(unit.tx, key)) continue;
          const chain = await orgsDirectory.chainOf(unit.tx, incident.org_id);
          const readers =
            kind === 'overdue' && chain.parent ? [incident.org_id, chain.parent.id] : [incident.org_id];
          await deps.events.record(
            unit,
            {
              type: `deadline.${kind}`,
              incidentId: incident.id,
              readerOrgIds: readers,
              payload: {
                profileId: applied.profile.id,
                clockKey: clock.key,
                nameJa: clock.nameJa,
                nameEn: clock.nameEn,
                dueAt: key.due_at,
              },
              subject,
            },
            now,
          );
          await deadlinesRepository.markReminded(unit.tx, { ...key, sent_at: now.toISOString() });
          sent += 1;
        }
      }
    }
    return sent;
  });
}
