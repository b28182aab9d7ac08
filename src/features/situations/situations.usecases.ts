import type { Actor } from '../../platform/access/roles.js';
import { can } from '../../platform/access/rules.js';
import { realmOf } from '../../platform/access/visibility.js';
import { audited } from '../../platform/audit/audit.js';
import { fiscalYearOf } from '../../platform/calendar.js';
import type { Executor } from '../../platform/db/database.js';
import type { Unit } from '../../platform/db/transaction.js';
import { newId } from '../../platform/ids.js';
import { freeText } from '../../platform/text.js';
import { exerciseLive, exercisesReads } from '../exercises/exercises.reads.js';
import { incidentsReads } from '../incidents/incidents.reads.js';
import { orgsDirectory } from '../orgs/orgs.directory.js';
import type { PostureLevel } from './situations.config.js';
import type { SituationDeps } from './situations.deps.js';
import { situationErrors } from './situations.errors.js';
import { recordSituationEvent } from './situations.events.js';
import { type SituationRow, situationsRepository } from './situations.repository.js';
import { DESCRIPTION_MAX, NAME_MAX, type SituationInput } from './situations.schemas.js';
import { resolveScope } from './situations.scope.js';
import { type SituationView, situationViews } from './situations.view.js';

/** The configured level of this id, or a 422 `situations.unknown_level`. */
export function levelOf(deps: Pick<SituationDeps, 'levels'>, id: string): PostureLevel {
  const level = deps.levels.find((l) => l.id === id);
  if (!level) throw situationErrors.unknownLevel(id);
  return level;
}

/** Refuses roles that see no situation content (administrators, auditors) before anything is looked up. */
export function requireSituationReader(actor: Actor): void {
  if (!can.readSituations(actor)) throw situationErrors.roleForbidden();
}

/** A situation the actor sees; one it does not see does not exist for it. */
export async function situationFor(db: Executor, actor: Actor, id: string): Promise<SituationRow> {
  requireSituationReader(actor);
  const row = await situationsRepository.visibleById(db, actor, id);
  if (!row) throw situationErrors.notFound();
  return row;
}

/** The center's id (situations are the center's). */
export async function centerIdOf(db: Executor): Promise<string> {
  const center = await orgsDirectory.center(db);
  if (!center) throw situationErrors.notFound();
  return center.id;
}

/** One situation as the actor sees it. */
export async function readSituation(
  db: Executor,
  actor: Actor,
  id: string,
  deps: SituationDeps,
): Promise<SituationView> {
  const row = await situationFor(db, actor, id);
  const [view] = await situationViews(db, actor, [row], deps);
  if (!view) throw situationErrors.notFound();
  return view;
}

/** The situations the actor sees, newest first: real ones, or one exercise's (`exerciseId`). */
export async function listSituations(
  db: Executor,
  actor: Actor,
  state: 'open' | 'closed' | 'all',
  deps: SituationDeps,
  exerciseId?: string,
): Promise<SituationView[]> {
  requireSituationReader(actor);
  const rows = await situationsRepository.visible(db, actor, state, realmOf(exerciseId));
  return situationViews(db, actor, rows, deps);
}

/**
 * Declares a large-scale situation (center coordinators): its scope is resolved once, the prompting incidents
 * must be incidents the center reads, the timeline starts, and the declaration is announced to every body that
 * sees it (notices are planned from its event). With `exerciseId` (exercise control playing an inject) it is
 * that exercise's situation, prompted by that exercise's incidents only; a real one by real incidents only.
 */
export async function declareSituation(args: {
  unit: Unit;
  actor: Actor;
  input: SituationInput;
  deps: SituationDeps;
  exerciseId?: string | undefined;
}): Promise<SituationView> {
  const { unit, actor, input, deps } = args;
  const exerciseId = args.exerciseId ?? null;
  if (!can.coordinateSituations(actor)) throw situationErrors.coordinatorsOnly();
  if (exerciseId !== null && !exerciseLive(await exercisesReads.markOf(unit.tx, exerciseId)))
    throw situationErrors.exerciseUnknown();
  const level = levelOf(deps, input.level);
  const name = freeText(input.name, 'name', NAME_MAX);
  const description = freeText(input.description, 'description', DESCRIPTION_MAX);
  const scope = await resolveScope(unit.tx, input.scope);
  const incidentIds = input.incidentIds ?? [];
  // Missing and not received by the center are the same answer: the center's reader set decides.
  const prompting = await incidentsReads.readableByIds(
    unit.tx,
    actor.orgId,
    incidentIds,
    realmOf(exerciseId ?? undefined),
  );
  if (prompting.length !== incidentIds.length) throw situationErrors.incidentUnknown();

  const now = deps.clock.now();
  const at = now.toISOString();
  const situation: SituationRow = {
    id: newId(),
    number: await situationsRepository.nextNumber(unit.tx, fiscalYearOf(now, deps.timeZone)),
    fiscal_year: fiscalYearOf(now, deps.timeZone),
    name,
    description,
    level: level.id,
    tlp: input.tlp,
    scope_kind: scope.kind,
    declared_at: at,
    declared_by: actor.userId,
    rollcall_due_at: new Date(now.getTime() + level.rollCallMinutes * 60_000).toISOString(),
    level_changed_at: null,
    stood_down_at: null,
    stood_down_by: null,
    version: 1,
    exercise_id: exerciseId,
  };
  await situationsRepository.insert(unit.tx, situation);
  await situationsRepository.insertScope(
    unit.tx,
    scope.named.map((b) => ({
      situation_id: situation.id,
      org_id: b.orgId,
      with_agencies: b.withAgencies ? 1 : 0,
    })),
  );
  await situationsRepository.insertBodies(
    unit.tx,
    scope.bodies.map((b) => ({
      situation_id: situation.id,
      org_id: b.orgId,
      parent_id: b.parentId,
      reminded_at: null,
    })),
  );
  await situationsRepository.insertLinks(
    unit.tx,
    incidentIds.map((incidentId) => ({
      situation_id: situation.id,
      incident_id: incidentId,
      linked_at: at,
      linked_by: actor.userId,
      via: 'prompt',
    })),
  );
  const entry = (kind: 'declared' | 'incident_linked', data: Record<string, unknown>) =>
    situationsRepository.insertEntry(unit.tx, {
      id: newId(),
      situation_id: situation.id,
      at,
      kind,
      actor_id: actor.userId,
      actor_org_id: actor.orgId,
      org_id: null,
      text: kind === 'declared' ? description : null,
      data: JSON.stringify(data),
    });
  await entry('declared', {
    level: level.id,
    tlp: input.tlp,
    scope: scope.kind,
    bodies: scope.bodies.length,
  });
  for (const incidentId of incidentIds) await entry('incident_linked', { incidentId, via: 'prompt' });
  await deps.audit.append(
    unit,
    audited(actor, 'situation.declare', 'situation', situation.id, {
      number: situation.number,
      level: level.id,
      tlp: input.tlp,
      scope: scope.kind,
      named: scope.named.map((b) => b.orgId),
      bodies: scope.bodies.length,
      incidents: incidentIds,
    }),
    now,
  );
  await recordSituationEvent(
    unit,
    deps,
    { type: 'situation.declared', situation, bodies: scope.bodies, centerId: actor.orgId },
    now,
  );
  const [view] = await situationViews(unit.tx, actor, [situation], deps);
  if (!view) throw situationErrors.notFound();
  return view;
}
