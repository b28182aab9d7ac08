import type { DatabaseHandle } from '../../platform/db/database.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { incidentsReads } from '../incidents/incidents.reads.js';
import { indicatorsReads } from '../indicators/indicators.reads.js';
import { type CorrelationOptions, correlateReport } from './correlation.engine.js';
import { correlationRepository } from './correlation.repository.js';

// Incidents whose indicators were stored before correlation existed (a database of release 0.1.0, migrated) are
// correlated when a node starts, as sharing's index of reports is: each in a transaction of its own, by the
// same engine as a report being filed. No live event or notification is raised: these are old reports, and what
// they match is shown on the incident and in the clusters to whoever reads both.

const BATCH = 100;

/** Correlates every incident with indicators and nothing in the index; returns how many it correlated. */
export async function correlateUnindexedIncidents(
  handle: DatabaseHandle,
  options: CorrelationOptions = {},
): Promise<number> {
  let after = '';
  let done = 0;
  for (;;) {
    const batch = await indicatorsReads.incidentsAfter(handle.db, after, BATCH);
    if (batch.length === 0) return done;
    after = batch[batch.length - 1]?.incidentId ?? after;
    const indexed = await correlationRepository.indexed(
      handle.db,
      batch.map((b) => b.incidentId),
    );
    const pending = batch.filter((b) => !indexed.has(b.incidentId));
    const exercises = new Map(
      (
        await incidentsReads.subjectsOf(
          handle.db,
          pending.map((p) => p.incidentId),
        )
      ).map((s) => [s.id, s.exercise_id]),
    );
    for (const p of pending) {
      if (!exercises.has(p.incidentId)) continue;
      await inTransaction(handle, (unit) =>
        correlateReport(
          unit,
          {
            incidentId: p.incidentId,
            orgId: p.orgId,
            exerciseId: exercises.get(p.incidentId) ?? null,
            at: p.at,
          },
          p.values,
          options,
        ),
      );
      done++;
    }
  }
}
