import { situationReaders } from '../../platform/access/visibility.js';
import type { Unit } from '../../platform/db/transaction.js';
import type { EventSubject } from '../../platform/events/events.js';
import { exerciseEventMark } from '../exercises/exercises.reads.js';
import type { SituationDeps } from './situations.deps.js';
import type { SituationRow } from './situations.repository.js';
import type { ScopedBody } from './situations.scope.js';

export type SituationEventType =
  | 'situation.declared'
  | 'situation.level_changed'
  | 'situation.stood_down'
  | 'situation.entry_added';

/** What an event about the situation carries for its subscribers (the notices of declaration and changes). */
export const situationSubject = (s: SituationRow, centerId: string): EventSubject => ({
  type: 'situation',
  id: s.id,
  orgId: centerId,
  tlp: s.tlp,
  title: s.name,
  summary: s.description,
  severity: null,
  number: s.number,
  link: `/situations/${encodeURIComponent(s.id)}`,
});

/**
 * Records a live event of the situation for everyone who sees it (the center, the bodies in scope, the
 * ministries of agencies in scope), with what every one of them may see. Declarations, level changes and
 * stand-downs carry the subject their notices are planned from.
 */
export async function recordSituationEvent(
  unit: Unit,
  deps: Pick<SituationDeps, 'events'>,
  e: { type: SituationEventType; situation: SituationRow; bodies: readonly ScopedBody[]; centerId: string },
  at: Date,
  extra: Record<string, unknown> = {},
): Promise<void> {
  const s = e.situation;
  await deps.events.record(
    unit,
    {
      type: e.type,
      incidentId: null,
      readerOrgIds: situationReaders(e.centerId, e.bodies),
      payload: {
        situationId: s.id,
        number: s.number,
        name: s.name,
        level: s.level,
        tlp: s.tlp,
        ...extra,
        ...(await exerciseEventMark(unit.tx, s.exercise_id)),
      },
      ...(e.type === 'situation.entry_added' ? {} : { subject: situationSubject(s, e.centerId) }),
    },
    at,
  );
}
