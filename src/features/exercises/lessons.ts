import type { Actor } from '../../platform/access/roles.js';
import { can } from '../../platform/access/rules.js';
import { type AuditLog, audited } from '../../platform/audit/audit.js';
import type { Clock } from '../../platform/clock.js';
import type { Executor } from '../../platform/db/database.js';
import type { Unit } from '../../platform/db/transaction.js';
import { AppError } from '../../platform/errors.js';
import type { EventBus } from '../../platform/events/events.js';
import { newId } from '../../platform/ids.js';
import { freeText } from '../../platform/text.js';
import { orgsDirectory } from '../orgs/orgs.directory.js';
import { usersReads } from '../users/users.reads.js';
import { recordExerciseEvent } from './exercises.events.js';
import { type LessonHistoryRow, type LessonRow, lessonsRepository } from './lessons.repository.js';
import type { LessonStatus } from './lessons.table.js';
import { reportErrors } from './report.errors.js';
import { reportRepository } from './report.repository.js';

// Lessons learned (教訓): recorded on an exercise by exercise control, owned by a body (and optionally one of its
// people), followed up open → in progress → done with every step kept. An unfinished lesson is carried to the
// exercises created after its own: the same lesson, with its history, not a copy.

export const LESSON_TEXT_MAX = 2000;
export const NOTE_MAX = 1000;

export const lessonErrors = {
  notFound: () => new AppError(404, 'exercises.lesson_not_found', 'No such lesson.'),
  ownerUnknown: () => new AppError(422, 'exercises.lesson_owner_unknown', 'The owning body does not exist.'),
  personUnknown: () =>
    new AppError(
      422,
      'exercises.lesson_person_unknown',
      'The owning person must be an active user of the center (one of the people a coordinator may assign).',
    ),
  dueInvalid: () => new AppError(400, 'exercises.lesson_due_invalid', 'The due date is not a calendar date.'),
  /** With the lesson as it stands now, when the caller may see it (`latest`). */
  stale: (latest?: Record<string, unknown>) =>
    new AppError(
      409,
      'exercises.lesson_stale',
      'The lesson changed since you read it: read it again.',
      latest ? { latest } : undefined,
    ),
  sameStatus: () =>
    new AppError(409, 'exercises.lesson_same_status', 'The lesson is at this status already.'),
  forbidden: () =>
    new AppError(
      403,
      'auth.forbidden',
      "Exercise control, or the owning body's security officer, follow it up.",
    ),
};

export interface LessonsDeps {
  audit: AuditLog;
  clock: Clock;
  events: EventBus;
}

export interface LessonView {
  row: LessonRow;
  exerciseNumber: string;
  owner: { id: string; name: string };
  person: { id: string; name: string } | null;
  history: (LessonHistoryRow & { byName: string })[];
}

/** A YYYY-MM-DD that is a real date, or a 400. */
function calendarDate(s: string): string {
  const d = new Date(`${s}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== s) throw lessonErrors.dueInvalid();
  return s;
}

/** The lessons' views: owner and person names, history with who did each step. */
export async function viewsOf(
  db: Executor,
  rows: (LessonRow & { exercise_number?: string })[],
  number: string,
) {
  const orgs = await orgsDirectory.byIds(db, [...new Set(rows.map((r) => r.owner_org_id))]);
  const history = await lessonsRepository.historyOf(
    db,
    rows.map((r) => r.id),
  );
  const people = await usersReads.byIds(db, [
    ...new Set([
      ...rows.flatMap((r) => (r.owner_user_id ? [r.owner_user_id] : [])),
      ...history.map((h) => h.by),
    ]),
  ]);
  return rows.map((row): LessonView & { ownerParentId: string | null } => ({
    row,
    exerciseNumber: row.exercise_number ?? number,
    owner: { id: row.owner_org_id, name: orgs.get(row.owner_org_id)?.name_ja ?? row.owner_org_id },
    ownerParentId: orgs.get(row.owner_org_id)?.parent_id ?? null,
    person: row.owner_user_id
      ? { id: row.owner_user_id, name: people.get(row.owner_user_id)?.displayName ?? '' }
      : null,
    history: history
      .filter((h) => h.lesson_id === row.id)
      .map((h) => ({ ...h, byName: people.get(h.by)?.displayName ?? '' })),
  }));
}

/**
 * The lessons of an exercise and those carried to it, as the actor may see them: exercise control all; a body
 * those it owns, a ministry also its agencies'. An exercise the actor has no lesson of is no different from one
 * with none: only a missing exercise (or a draft) is a 404.
 */
export async function lessonsOf(
  db: Executor,
  actor: Actor,
  exerciseId: string,
): Promise<{ own: LessonView[]; carried: LessonView[] }> {
  const e = await reportRepository.byId(db, exerciseId);
  if (!e || e.status === 'draft') throw reportErrors.notFound();
  const visible = (v: LessonView & { ownerParentId: string | null }) =>
    can.readLesson(actor, { ownerOrgId: v.row.owner_org_id, ownerParentId: v.ownerParentId });
  const own = await viewsOf(db, await lessonsRepository.ofExercise(db, e.id), e.number);
  const carried = await viewsOf(db, await lessonsRepository.carriedTo(db, e.id, e.created_at), e.number);
  return { own: own.filter(visible), carried: carried.filter(visible) };
}

/**
 * The people a coordinator may make a lesson's owner: the center's active users (exercise control only; nobody
 * learns another body's people through it).
 */
export async function lessonAssignees(db: Executor, actor: Actor): Promise<{ id: string; name: string }[]> {
  if (!can.runExercises(actor)) throw reportErrors.coordinatorsOnly();
  const center = await orgsDirectory.center(db);
  if (!center) return [];
  return (await usersReads.activeOf(db, center.id)).map((p) => ({ id: p.userId, name: p.displayName }));
}

/** A person a coordinator may assign (an active user of the center), or a 422 as for an unknown one. */
export async function assignable(db: Executor, userId: string): Promise<void> {
  const center = await orgsDirectory.center(db);
  if (!center || !(await usersReads.activeById(db, userId, center.id))) throw lessonErrors.personUnknown();
}

/** Records a lesson on an exercise (exercise control). */
export async function recordLesson(args: {
  unit: Unit;
  actor: Actor;
  exerciseId: string;
  input: { text: string; ownerOrgId: string; ownerUserId?: string | undefined; dueOn?: string | undefined };
  deps: LessonsDeps;
}): Promise<LessonView> {
  const { unit, actor, input, deps } = args;
  if (!can.runExercises(actor)) throw reportErrors.coordinatorsOnly();
  const e = await reportRepository.byId(unit.tx, args.exerciseId);
  if (!e || e.status === 'draft') throw reportErrors.notFound();
  const text = freeText(input.text, 'text', LESSON_TEXT_MAX);
  const dueOn = input.dueOn === undefined ? null : calendarDate(input.dueOn);
  const owner = await orgsDirectory.byId(unit.tx, input.ownerOrgId);
  if (!owner) throw lessonErrors.ownerUnknown();
  if (input.ownerUserId !== undefined) await assignable(unit.tx, input.ownerUserId);
  const at = deps.clock.now();
  const row: LessonRow = {
    id: newId(),
    exercise_id: e.id,
    text,
    owner_org_id: owner.id,
    owner_user_id: input.ownerUserId ?? null,
    status: 'open',
    due_on: dueOn,
    created_at: at.toISOString(),
    created_by: actor.userId,
    closed_at: null,
    version: 1,
  };
  await lessonsRepository.insert(unit.tx, row, {
    id: newId(),
    lesson_id: row.id,
    at: row.created_at,
    by: actor.userId,
    status: 'open',
    note: null,
  });
  await deps.audit.append(
    unit,
    audited(actor, 'exercise.lesson_record', 'exercise_lesson', row.id, {
      exerciseId: e.id,
      ownerOrgId: owner.id,
    }),
    at,
  );
  await recordExerciseEvent(unit, deps.events, 'exercise.lesson_changed', e, at, {
    lessonId: row.id,
    lessonStatus: row.status,
  });
  const [view] = await viewsOf(unit.tx, [row], e.number);
  return view as LessonView;
}

/** Moves a lesson's follow-up to a status, at the version the caller saw (exercise control, the owner's officer). */
/**
 * The lesson of this id if the actor may read it (can.readLesson: exercise control, the owning body and its
 * ministry); a lesson it may not read answers as one that does not exist.
 */
export async function readableLesson(unit: Unit, actor: Actor, lessonId: string): Promise<LessonRow> {
  const row = await lessonsRepository.byId(unit.tx, lessonId);
  if (!row) throw lessonErrors.notFound();
  const owner = await orgsDirectory.byId(unit.tx, row.owner_org_id);
  if (!can.readLesson(actor, { ownerOrgId: row.owner_org_id, ownerParentId: owner?.parent_id ?? null }))
    throw lessonErrors.notFound();
  return row;
}

export async function followUpLesson(args: {
  unit: Unit;
  actor: Actor;
  lessonId: string;
  input: { status: LessonStatus; note?: string | undefined; version: number };
  deps: LessonsDeps;
}): Promise<LessonView> {
  const { unit, actor, input, deps } = args;
  const row = await readableLesson(unit, actor, args.lessonId);
  if (!can.followUpLesson(actor, { ownerOrgId: row.owner_org_id })) throw lessonErrors.forbidden();
  const note = input.note === undefined ? null : freeText(input.note, 'note', NOTE_MAX);
  if (row.version !== input.version) throw lessonErrors.stale();
  if (row.status === input.status) throw lessonErrors.sameStatus();
  const at = deps.clock.now().toISOString();
  const ok = await lessonsRepository.followUp(
    unit.tx,
    { id: row.id, version: row.version, status: input.status, closedAt: input.status === 'done' ? at : null },
    { id: newId(), lesson_id: row.id, at, by: actor.userId, status: input.status, note },
  );
  if (!ok) throw lessonErrors.stale();
  await deps.audit.append(
    unit,
    audited(actor, 'exercise.lesson_follow_up', 'exercise_lesson', row.id, {
      from: row.status,
      to: input.status,
    }),
    new Date(at),
  );
  const e = await reportRepository.byId(unit.tx, row.exercise_id);
  // The exercise that taught it, whose report lists it (an exercise it was carried to refreshes on a reload).
  if (e)
    await recordExerciseEvent(unit, deps.events, 'exercise.lesson_changed', e, new Date(at), {
      lessonId: row.id,
      lessonStatus: input.status,
    });
  const updated = await lessonsRepository.byId(unit.tx, row.id);
  const [view] = await viewsOf(unit.tx, [updated as LessonRow], e?.number ?? '');
  return view as LessonView;
}
