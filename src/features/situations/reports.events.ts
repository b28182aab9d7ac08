import { situationReaders } from '../../platform/access/visibility.js';
import type { Unit } from '../../platform/db/transaction.js';
import { exerciseEventMark } from '../exercises/exercises.reads.js';
import type { ReportRow } from './reports.repository.js';
import type { SituationDeps } from './situations.deps.js';
import { situationSubject } from './situations.events.js';
import { type SituationRow, situationsRepository } from './situations.repository.js';
import { centerIdOf } from './situations.usecases.js';

export type ReportEventType = 'situation.report_drafted' | 'situation.report_issued';

/**
 * Records a live event of a report. A draft (or a change of the interval) is the center's alone; an issue or
 * a correction reaches everyone who sees the situation, carrying the report for its notices (its content
 * travels by e-mail only as far as the TLP lets it: notifications.render).
 */
export async function recordReportEvent(
  unit: Unit,
  deps: Pick<SituationDeps, 'events'>,
  e: { type: ReportEventType; situation: SituationRow; report: ReportRow | null },
  at: Date,
): Promise<void> {
  const { situation: s, report: r } = e;
  const centerId = await centerIdOf(unit.tx);
  const issued = e.type === 'situation.report_issued' && r !== null;
  const readerOrgIds = issued
    ? situationReaders(
        centerId,
        (await situationsRepository.bodiesOf(unit.tx, s.id)).map((b) => ({
          orgId: b.org_id,
          parentId: b.parent_id,
        })),
      )
    : [centerId];
  await deps.events.record(
    unit,
    {
      type: e.type,
      incidentId: null,
      readerOrgIds,
      payload: {
        situationId: s.id,
        number: s.number,
        tlp: s.tlp,
        ...(r ? { reportId: r.id } : {}),
        ...(issued && r
          ? {
              report: {
                number: r.number,
                version: r.version,
                title: r.title,
                body: r.body,
                changeNote: r.change_note,
              },
            }
          : {}),
        ...(await exerciseEventMark(unit.tx, s.exercise_id)),
      },
      ...(issued ? { subject: situationSubject(s, centerId) } : {}),
    },
    at,
  );
}
