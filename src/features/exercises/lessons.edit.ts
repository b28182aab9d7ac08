import type { Actor } from '../../platform/access/roles.js';
import { can } from '../../platform/access/rules.js';
import { audited } from '../../platform/audit/audit.js';
import type { Unit } from '../../platform/db/transaction.js';
import { commonErrors } from '../../platform/errors.js';
import { freeText } from '../../platform/text.js';
import { recordExerciseEvent } from './exercises.events.js';
import {
  assignable,
  LESSON_TEXT_MAX,
  type LessonsDeps,
  type LessonView,
  lessonErrors,
  readableLesson,
  viewsOf,
} from './lessons.js';
import { presentLesson } from './lessons.presenter.js';
import { type LessonRow, lessonsRepository } from './lessons.repository.js';
import { reportErrors } from './report.errors.js';
import { reportRepository } from './report.repository.js';

/** What an edit changes: the text, the owning person (null: none), or both; at the version the caller read. */
export interface LessonEdit {
  version: number;
  text?: string | undefined;
  ownerUserId?: string | null | undefined;
}

const nothingToChange = () =>
  commonErrors.badRequest(
    'exercises.lesson_nothing_to_change',
    'Give the text or the owning person to change.',
  );

/**
 * Edits a lesson's text or owning person (exercise control), at the version read: a stale version is a 409 with
 * the lesson as it stands (`latest`). Whoever may not see the lesson gets a 404, as for a missing one.
 */
export async function editLesson(args: {
  unit: Unit;
  actor: Actor;
  lessonId: string;
  input: LessonEdit;
  deps: LessonsDeps;
}): Promise<LessonView> {
  const { unit, actor, input, deps } = args;
  const row = await readableLesson(unit, actor, args.lessonId);
  if (!can.runExercises(actor)) throw reportErrors.coordinatorsOnly();
  if (input.text === undefined && input.ownerUserId === undefined) throw nothingToChange();
  const text = input.text === undefined ? row.text : freeText(input.text, 'text', LESSON_TEXT_MAX);
  if (input.ownerUserId) await assignable(unit.tx, input.ownerUserId);
  const person = input.ownerUserId === undefined ? row.owner_user_id : input.ownerUserId;
  const e = await reportRepository.byId(unit.tx, row.exercise_id);
  const latest = async () => {
    const now = (await lessonsRepository.byId(unit.tx, row.id)) as LessonRow;
    const [view] = await viewsOf(unit.tx, [now], e?.number ?? '');
    return view as LessonView;
  };
  if (row.version !== input.version) throw lessonErrors.stale(presentLesson(await latest()));
  const changed = { text: text !== row.text, person: person !== row.owner_user_id };
  if (!changed.text && !changed.person) return latest();
  if (!(await lessonsRepository.edit(unit.tx, { id: row.id, version: row.version, text, person })))
    throw lessonErrors.stale(presentLesson(await latest()));
  const at = deps.clock.now();
  await deps.audit.append(
    unit,
    audited(actor, 'exercise.lesson_edit', 'exercise_lesson', row.id, {
      text: changed.text,
      ownerUserId: changed.person ? person : undefined,
    }),
    at,
  );
  if (e)
    await recordExerciseEvent(unit, deps.events, 'exercise.lesson_changed', e, at, {
      lessonId: row.id,
      lessonStatus: row.status,
    });
  return latest();
}
