import { correlationReaders } from '../../platform/access/visibility.js';
import type { Unit } from '../../platform/db/transaction.js';
import type { EventBus, EventSubject } from '../../platform/events/events.js';
import { exerciseEventMark } from '../exercises/exercises.reads.js';
import { type CorrelationOptions, correlateReport, type FiledValue } from './correlation.engine.js';
import { correlationRepository } from './correlation.repository.js';

// What the incidents feature calls when a report with indicators is filed: correlate it in the report's unit and
// raise `correlation.found` for each incident it meets for the first time. The event's readers are exactly the
// bodies that read both incidents (visibility.ts); when none does (an agency's report still in its ministry's
// review, two bodies with no common reader but the center before delivery), nobody hears of it.

export const CORRELATION_FOUND = 'correlation.found';

export async function correlateFiledReport(args: {
  unit: Unit;
  events: EventBus;
  report: { incidentId: string; orgId: string; exerciseId: string | null; at: Date };
  values: readonly FiledValue[];
  /** The incident as events carry it (none for an exercise's: it alerts nobody). */
  subject: EventSubject | undefined;
  /** The exercise mark of the incident's events (empty for real data). */
  mark: Record<string, unknown>;
  options?: CorrelationOptions | undefined;
}): Promise<void> {
  const { unit, report } = args;
  if (args.values.length === 0) return;
  const fresh = await correlateReport(
    unit,
    { ...report, at: report.at.toISOString() },
    args.values,
    args.options,
  );
  if (fresh.length === 0) return;
  const readers = await correlationReaders(
    unit.tx,
    report.incidentId,
    fresh.map((f) => f.otherIncidentId),
  );
  for (const f of fresh) {
    const readerOrgIds = readers.get(f.otherIncidentId) ?? [];
    if (readerOrgIds.length === 0) continue;
    await args.events.record(
      unit,
      {
        type: CORRELATION_FOUND,
        incidentId: report.incidentId,
        readerOrgIds,
        payload: { otherIncidentId: f.otherIncidentId, values: f.values, ...args.mark },
        ...(args.subject ? { subject: args.subject } : {}),
      },
      report.at,
    );
  }
}

/**
 * When a body starts to read an incident (the center, once a ministry forwards an agency's report it reviewed),
 * the matches it now reads were found before it could hear of them: `correlation.found` is raised for it alone
 * (whoever read both incidents at filing heard then).
 */
export async function announceToNewReader(args: {
  unit: Unit;
  events: EventBus;
  incidentId: string;
  readerOrgId: string;
  at: Date;
}): Promise<void> {
  const { unit, incidentId, readerOrgId } = args;
  const links = await correlationRepository.ofIncident(unit.tx, readerOrgId, incidentId);
  const counts = new Map<string, number>();
  for (const l of links) counts.set(l.other_incident_id, (counts.get(l.other_incident_id) ?? 0) + 1);
  const realm = links[0]?.realm ?? '';
  const mark = realm === '' ? {} : await exerciseEventMark(unit.tx, realm);
  for (const [otherIncidentId, values] of counts)
    await args.events.record(
      unit,
      {
        type: CORRELATION_FOUND,
        incidentId,
        readerOrgIds: [readerOrgId],
        payload: { otherIncidentId, values, ...mark },
      },
      args.at,
    );
}
