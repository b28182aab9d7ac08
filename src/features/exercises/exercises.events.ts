import type { Unit } from '../../platform/db/transaction.js';
import type { EventBus } from '../../platform/events/events.js';
import { orgsDirectory } from '../orgs/orgs.directory.js';
import type { ExerciseRow } from './exercises.repository.js';

// The live events of exercise control. They are filed for the center, and the visibility module lets only
// those who run exercises receive them (isExerciseControlEvent): a center analyst no more hears of an exercise
// than reads one. They carry what the control screens show (number, name, status, version), never a scenario.

export type ExerciseEventType =
  | 'exercise.created'
  | 'exercise.updated'
  | 'exercise.started'
  | 'exercise.paused'
  | 'exercise.resumed'
  | 'exercise.ended'
  | 'exercise.inject_played'
  | 'exercise.report_final'
  | 'exercise.lesson_changed';

/** Records an event of exercise control about this exercise; `extra` adds to what every such event says. */
export async function recordExerciseEvent(
  unit: Unit,
  events: EventBus,
  type: ExerciseEventType,
  exercise: Pick<ExerciseRow, 'id' | 'number' | 'name' | 'status' | 'version'>,
  at: Date,
  extra: Record<string, unknown> = {},
): Promise<void> {
  const center = await orgsDirectory.center(unit.tx);
  // Without a center nobody runs exercises: there is nobody to tell.
  if (!center) return;
  await events.record(
    unit,
    {
      type,
      incidentId: null,
      readerOrgIds: [center.id],
      payload: {
        exerciseId: exercise.id,
        number: exercise.number,
        name: exercise.name,
        status: exercise.status,
        version: exercise.version,
        ...extra,
      },
    },
    at,
  );
}
