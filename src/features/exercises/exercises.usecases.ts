import type { Actor } from '../../platform/access/roles.js';
import { can } from '../../platform/access/rules.js';
import type { AuditAction } from '../../platform/audit/actions.js';
import { audited } from '../../platform/audit/audit.js';
import { fiscalYearOf } from '../../platform/calendar.js';
import type { Executor } from '../../platform/db/database.js';
import type { Unit } from '../../platform/db/transaction.js';
import { newId } from '../../platform/ids.js';
import { orgsDirectory } from '../orgs/orgs.directory.js';
import type { ExerciseDeps } from './exercises.deps.js';
import { exerciseErrors } from './exercises.errors.js';
import { type ExerciseEventType, recordExerciseEvent } from './exercises.events.js';
import { type ExerciseRow, type InjectRow, exercisesRepository as repo } from './exercises.repository.js';
import type { ExerciseStatus } from './exercises.table.js';
import {
  type BodyInScope,
  checkScenario,
  parseScenarioText,
  type Scenario,
  type ScenarioScope,
} from './scenario.js';

/** A scenario as sent: the document itself, or the text of a JSON or YAML file (one of them). */
export interface ScenarioSource {
  scenario?: unknown;
  file?: string | undefined;
}

export interface ExerciseView {
  row: ExerciseRow;
  injects: InjectRow[];
}

/** Exercise control only; an exercise does not exist for anyone else (404), the list is refused (403). */
function requireControl(actor: Actor): void {
  if (!can.runExercises(actor)) throw exerciseErrors.controlOnly();
}

async function exerciseFor(db: Executor, actor: Actor, id: string): Promise<ExerciseRow> {
  // Not yours and absent answer alike: the id of an exercise tells a participant nothing.
  if (!can.runExercises(actor)) throw exerciseErrors.notFound();
  const row = await repo.byId(db, id);
  if (!row || row.status === 'purged') throw exerciseErrors.notFound();
  return row;
}

/** The scenario of a source, checked against this deployment's levels and bodies. */
export async function scenarioOf(
  db: Executor,
  source: ScenarioSource,
  deps: ExerciseDeps,
): Promise<Scenario> {
  if ((source.scenario === undefined) === (source.file === undefined)) throw exerciseErrors.sourceMissing();
  const raw = source.file === undefined ? source.scenario : parseScenarioText(source.file);
  return checkScenario(raw, {
    levels: deps.situationDeps.levels.map((l) => l.id),
    existingSlugs: async (slugs) =>
      new Set(
        (slugs.length ? await orgsDirectory.bySlugs(db, slugs) : [])
          .filter((o) => o.kind !== 'center')
          .map((o) => o.slug),
      ),
    bodiesInScope: (scope) => bodiesInScope(db, scope),
  });
}

/**
 * The bodies a declaration's scope puts in scope as the tree stands now, as the situation will resolve it:
 * `all` every body but the center, `ministries` every ministry, `bodies` those named and, when asked, their agencies.
 */
async function bodiesInScope(db: Executor, scope: ScenarioScope): Promise<BodyInScope[]> {
  let rows: { id: string; kind: string; slug: string; parent_id: string | null }[];
  if (scope.kind === 'bodies') {
    const named = scope.bodies ?? [];
    const ids = new Map(
      (named.length
        ? await orgsDirectory.bySlugs(
            db,
            named.map((b) => b.slug),
          )
        : []
      ).map((o) => [o.slug, o.id]),
    );
    const asked = new Set(named.flatMap((b) => ids.get(b.slug) ?? []));
    const withAgencies = new Set(named.flatMap((b) => (b.withAgencies ? (ids.get(b.slug) ?? []) : [])));
    const found = asked.size ? await orgsDirectory.nonCenter(db, { ids: [...asked], orUnder: true }) : [];
    rows = found.filter((o) => asked.has(o.id) || (o.parent_id !== null && withAgencies.has(o.parent_id)));
  } else rows = await orgsDirectory.nonCenter(db, { ministriesOnly: scope.kind === 'ministries' });
  return rows.map((o) => ({ slug: o.slug, agency: o.kind === 'agency' }));
}

const injectRows = (exerciseId: string, scenario: Scenario): InjectRow[] =>
  scenario.injects.map((i) => ({
    exercise_id: exerciseId,
    seq: i.seq,
    offset_seconds: i.offsetSeconds,
    kind: i.kind,
    payload: JSON.stringify(i.payload),
    played_at: null,
    outcome: null,
  }));

/** Writes a draft exercise from a scenario (exercise control). */
export async function createExercise(args: {
  unit: Unit;
  actor: Actor;
  source: ScenarioSource;
  deps: ExerciseDeps;
}): Promise<ExerciseView> {
  const { unit, actor, deps } = args;
  requireControl(actor);
  const scenario = await scenarioOf(unit.tx, args.source, deps);
  const now = deps.clock.now();
  const fiscalYear = fiscalYearOf(now, deps.timeZone);
  const row: ExerciseRow = {
    id: newId(),
    number: await repo.nextNumber(unit.tx, fiscalYear),
    fiscal_year: fiscalYear,
    name: scenario.name,
    description: scenario.description,
    scenario: JSON.stringify(scenario),
    status: 'draft',
    created_at: now.toISOString(),
    created_by: actor.userId,
    started_at: null,
    started_by: null,
    paused_at: null,
    paused_ms: 0,
    ended_at: null,
    final_at: null,
    purged_at: null,
    purged_by: null,
    version: 1,
  };
  await repo.insert(unit.tx, row);
  const injects = injectRows(row.id, scenario);
  await repo.insertInjects(unit.tx, injects);
  await deps.audit.append(
    unit,
    audited(actor, 'exercise.create', 'exercise', row.id, { number: row.number, injects: injects.length }),
    now,
  );
  await recordExerciseEvent(unit, deps.events, 'exercise.created', row, now, { injects: injects.length });
  return { row, injects };
}

/** Replaces a draft's scenario (at the version the caller read). */
export async function editExercise(args: {
  unit: Unit;
  actor: Actor;
  id: string;
  version: number;
  source: ScenarioSource;
  deps: ExerciseDeps;
}): Promise<ExerciseView> {
  const { unit, actor, deps } = args;
  const found = await exerciseFor(unit.tx, actor, args.id);
  await repo.lock(unit.tx, found.id, unit.dialect);
  const current = await exerciseFor(unit.tx, actor, found.id);
  if (current.status !== 'draft') throw exerciseErrors.notDraft();
  if (current.version !== args.version) throw exerciseErrors.stale();
  const scenario = await scenarioOf(unit.tx, args.source, deps);
  const set = { name: scenario.name, description: scenario.description, scenario: JSON.stringify(scenario) };
  if (!(await repo.update(unit.tx, current.id, current.version, ['draft'], set)))
    throw exerciseErrors.stale();
  await repo.deleteInjects(unit.tx, current.id);
  await repo.insertInjects(unit.tx, injectRows(current.id, scenario));
  const now = deps.clock.now();
  await deps.audit.append(
    unit,
    audited(actor, 'exercise.edit', 'exercise', current.id, { injects: scenario.injects.length }),
    now,
  );
  const view = await readExercise(unit.tx, actor, current.id);
  await recordExerciseEvent(unit, deps.events, 'exercise.updated', view.row, now, {
    injects: view.injects.length,
  });
  return view;
}

/** Every exercise, newest first (exercise control). */
export async function listExercises(db: Executor, actor: Actor): Promise<ExerciseView[]> {
  requireControl(actor);
  const rows = await repo.list(db);
  return Promise.all(rows.map(async (row) => ({ row, injects: await repo.injectsOf(db, row.id) })));
}

/** One exercise with its injects (exercise control). */
export async function readExercise(db: Executor, actor: Actor, id: string): Promise<ExerciseView> {
  const row = await exerciseFor(db, actor, id);
  return { row, injects: await repo.injectsOf(db, row.id) };
}

export type ControlAction = 'start' | 'pause' | 'resume' | 'end';

const RULES: Record<
  ControlAction,
  { from: readonly ExerciseStatus[]; refuse: () => Error; audit: AuditAction }
> = {
  start: { from: ['draft'], refuse: exerciseErrors.notDraft, audit: 'exercise.start' },
  pause: { from: ['running'], refuse: exerciseErrors.notRunning, audit: 'exercise.pause' },
  resume: { from: ['paused'], refuse: exerciseErrors.notPaused, audit: 'exercise.resume' },
  end: { from: ['running', 'paused'], refuse: exerciseErrors.notLive, audit: 'exercise.end' },
};

const EVENT_OF: Record<ControlAction, ExerciseEventType> = {
  start: 'exercise.started',
  pause: 'exercise.paused',
  resume: 'exercise.resumed',
  end: 'exercise.ended',
};

/** What the action changes of the exercise, as of `now`. */
function changesOf(action: ControlAction, e: ExerciseRow, actor: Actor, now: Date): Partial<ExerciseRow> {
  const at = now.toISOString();
  const pausedSoFar = e.paused_at === null ? 0 : Math.max(0, now.getTime() - Date.parse(e.paused_at));
  switch (action) {
    case 'start':
      return { status: 'running', started_at: at, started_by: actor.userId };
    case 'pause':
      return { status: 'paused', paused_at: at };
    case 'resume':
      return { status: 'running', paused_at: null, paused_ms: e.paused_ms + pausedSoFar };
    case 'end':
      return { status: 'ended', ended_at: at, paused_at: null, paused_ms: e.paused_ms + pausedSoFar };
  }
}

/**
 * Starts, pauses, resumes or ends an exercise at the version the caller read: out of order is a 409 naming the
 * state, a stale version `exercises.version_conflict`. Ending marks every unplayed inject as never to be played.
 */
export async function controlExercise(args: {
  unit: Unit;
  actor: Actor;
  id: string;
  version: number;
  action: ControlAction;
  deps: ExerciseDeps;
}): Promise<ExerciseView> {
  const { unit, actor, deps, action } = args;
  const found = await exerciseFor(unit.tx, actor, args.id);
  await repo.lock(unit.tx, found.id, unit.dialect);
  const current = await exerciseFor(unit.tx, actor, found.id);
  const rule = RULES[action];
  if (!rule.from.includes(current.status)) throw rule.refuse();
  if (current.version !== args.version) throw exerciseErrors.stale();
  const now = deps.clock.now();
  const set = changesOf(action, current, actor, now);
  if (!(await repo.update(unit.tx, current.id, current.version, rule.from, set)))
    throw exerciseErrors.stale();
  if (action === 'end') await repo.markUnplayed(unit.tx, current.id);
  // The intervals behind paused_ms, for the report's timings (which leave paused time out).
  if (action === 'pause') await repo.startPause(unit.tx, current.id, now.toISOString());
  if (action === 'resume' || action === 'end') await repo.endPause(unit.tx, current.id, now.toISOString());
  await deps.audit.append(
    unit,
    audited(actor, rule.audit, 'exercise', current.id, { number: current.number }),
    now,
  );
  const view = await readExercise(unit.tx, actor, current.id);
  await recordExerciseEvent(unit, deps.events, EVENT_OF[action], view.row, now);
  return view;
}
