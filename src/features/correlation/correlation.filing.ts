import { correlationReaders } from '../../platform/access/visibility.js';
import { type GroupWork, lockChain, type Unit } from '../../platform/db/transaction.js';
import type { EventBus, EventSubject } from '../../platform/events/events.js';
import { exerciseEventMark } from '../exercises/exercises.reads.js';
import { type CorrelationOptions, correlateReports, type FiledValue } from './correlation.engine.js';
import { correlationRepository } from './correlation.repository.js';

// What the incidents feature calls when a report with indicators is filed: the report is handed to its commit
// group, which correlates the reports of all its units at once (correlateReports: the statements of one report,
// whatever their number), in the group's transaction, before the chain writes; a unit rolled back hands nothing.
// `correlation.found` is raised in the report's unit for each incident it meets for the first time. The event's
// readers are exactly the bodies that read both incidents (visibility.ts); when none does (an agency's report
// still in its ministry's review, two bodies with no common reader but the center before delivery), nobody
// hears of it.

export const CORRELATION_FOUND = 'correlation.found';

interface Filed {
  events: EventBus;
  report: { incidentId: string; orgId: string; exerciseId: string | null; at: Date };
  values: readonly FiledValue[];
  subject: EventSubject | undefined;
  mark: Record<string, unknown>;
  options: CorrelationOptions | undefined;
}

// One per set of options (the process's filing deps): the group runs the reports of one work together.
const works = new WeakMap<object, GroupWork<Filed>>();
const NO_OPTIONS = {};

function workFor(options: CorrelationOptions | undefined): GroupWork<Filed> {
  const key = options ?? NO_OPTIONS;
  let work = works.get(key);
  if (!work) {
    work = {
      async run(tx, items) {
        const first = items[0];
        if (!first) return;
        const dialect = first.unit.dialect;
        // On PostgreSQL several groups commit in parallel (READ COMMITTED): two reports of one value in two of
        // them would each miss the other's uncommitted value. The chain's lock, taken here rather than at the
        // chain writes, makes the groups that correlate do so one after the other, each seeing the values of
        // those committed before it (the lock is released at commit). SQLite has one writer already.
        await lockChain(first.unit);
        const fresh = await correlateReports(
          { tx, dialect },
          items.map(({ item }) => ({
            report: { ...item.report, at: item.report.at.toISOString() },
            values: item.values,
          })),
          options,
        );
        for (const [n, { unit, item }] of items.entries()) {
          const found = fresh[n] ?? [];
          if (found.length === 0) continue;
          const readers = await correlationReaders(
            tx,
            item.report.incidentId,
            found.map((f) => f.otherIncidentId),
          );
          for (const f of found) {
            const readerOrgIds = readers.get(f.otherIncidentId) ?? [];
            if (readerOrgIds.length === 0) continue;
            await item.events.record(
              unit,
              {
                type: CORRELATION_FOUND,
                incidentId: item.report.incidentId,
                readerOrgIds,
                payload: { otherIncidentId: f.otherIncidentId, values: f.values, ...item.mark },
                ...(item.subject ? { subject: item.subject } : {}),
              },
              item.report.at,
            );
          }
        }
      },
    };
    works.set(key, work);
  }
  return work;
}

export function correlateFiledReport(args: {
  unit: Unit;
  events: EventBus;
  report: { incidentId: string; orgId: string; exerciseId: string | null; at: Date };
  values: readonly FiledValue[];
  /** The incident as events carry it (none for an exercise's: it alerts nobody). */
  subject: EventSubject | undefined;
  /** The exercise mark of the incident's events (empty for real data). */
  mark: Record<string, unknown>;
  options?: CorrelationOptions | undefined;
}): void {
  if (args.values.length === 0) return;
  const { unit, ...item } = args;
  unit.gather(workFor(args.options), { ...item, options: args.options });
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
