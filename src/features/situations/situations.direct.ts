import type { Actor } from '../../platform/access/roles.js';
import { can } from '../../platform/access/rules.js';
import { audited } from '../../platform/audit/audit.js';
import type { Unit } from '../../platform/db/transaction.js';
import { newId } from '../../platform/ids.js';
import { freeText } from '../../platform/text.js';
import type { SituationDeps } from './situations.deps.js';
import { situationErrors } from './situations.errors.js';
import { recordSituationEvent, type SituationEventType } from './situations.events.js';
import { type EntryRow, type SituationRow, situationsRepository } from './situations.repository.js';
import { ENTRY_MAX, NOTE_MAX } from './situations.schemas.js';
import { levelOf, readSituation, situationFor } from './situations.usecases.js';
import type { SituationView } from './situations.view.js';

// What the center's coordinators do with an open situation: change its posture level, stand it down, write
// notes and decisions on its timeline. Each is audited and announced to everyone who sees the situation.

/** The open situation a coordinator acts on, held until the unit ends; 404 / 403 / 409 otherwise. */
async function openForCoordinator(unit: Unit, actor: Actor, id: string): Promise<SituationRow> {
  const found = await situationFor(unit.tx, actor, id);
  if (!can.coordinateSituations(actor)) throw situationErrors.coordinatorsOnly();
  await situationsRepository.lock(unit.tx, found.id, unit.dialect);
  const situation = await situationFor(unit.tx, actor, found.id);
  if (situation.stood_down_at !== null) throw situationErrors.stoodDown();
  return situation;
}

/** Writes a timeline entry about the whole situation, and announces the change. */
async function record(
  unit: Unit,
  actor: Actor,
  deps: SituationDeps,
  situationId: string,
  e: {
    kind: EntryRow['kind'];
    text: string | null;
    data: Record<string, unknown>;
    event: SituationEventType;
  },
  now: Date,
): Promise<EntryRow> {
  const entry: EntryRow = {
    id: newId(),
    situation_id: situationId,
    at: now.toISOString(),
    kind: e.kind,
    actor_id: actor.userId,
    actor_org_id: actor.orgId,
    org_id: null,
    text: e.text,
    data: JSON.stringify(e.data),
  };
  await situationsRepository.insertEntry(unit.tx, entry);
  const situation = await situationFor(unit.tx, actor, situationId);
  const bodies = (await situationsRepository.bodiesOf(unit.tx, situationId)).map((b) => ({
    orgId: b.org_id,
    parentId: b.parent_id,
  }));
  const extra =
    e.event === 'situation.level_changed'
      ? { previousLevel: e.data.from }
      : e.event === 'situation.entry_added'
        ? { kind: e.kind }
        : {};
  await recordSituationEvent(
    unit,
    deps,
    { type: e.event, situation, bodies, centerId: actor.orgId },
    now,
    extra,
  );
  return entry;
}

const noteOf = (note: string | undefined) => (note === undefined ? null : freeText(note, 'note', NOTE_MAX));

/** Moves an open situation to another configured level. */
export async function changeLevel(args: {
  unit: Unit;
  actor: Actor;
  id: string;
  input: { level: string; note?: string | undefined };
  deps: SituationDeps;
}): Promise<SituationView> {
  const { unit, actor, deps } = args;
  const situation = await openForCoordinator(unit, actor, args.id);
  const level = levelOf(deps, args.input.level);
  if (level.id === situation.level) throw situationErrors.sameLevel();
  const note = noteOf(args.input.note);
  const now = deps.clock.now();
  // A stricter level may bring the roll-call deadline forward; no level change ever extends it.
  const due = Math.min(Date.parse(situation.rollcall_due_at), now.getTime() + level.rollCallMinutes * 60_000);
  const dueAt = new Date(due).toISOString();
  if (!(await situationsRepository.changeLevel(unit.tx, situation.id, level.id, now.toISOString(), dueAt)))
    throw situationErrors.stoodDown();
  await deps.audit.append(
    unit,
    audited(actor, 'situation.level_change', 'situation', situation.id, {
      from: situation.level,
      to: level.id,
    }),
    now,
  );
  const data = { from: situation.level, to: level.id };
  await record(
    unit,
    actor,
    deps,
    situation.id,
    { kind: 'level_changed', text: note, data, event: 'situation.level_changed' },
    now,
  );
  return readSituation(unit.tx, actor, situation.id, deps);
}

/** Stands a situation down (終結): no answer is taken after it. */
export async function standDown(args: {
  unit: Unit;
  actor: Actor;
  id: string;
  input: { note?: string | undefined };
  deps: SituationDeps;
}): Promise<SituationView> {
  const { unit, actor, deps } = args;
  const situation = await openForCoordinator(unit, actor, args.id);
  const note = noteOf(args.input.note);
  const now = deps.clock.now();
  if (!(await situationsRepository.standDown(unit.tx, situation.id, now.toISOString(), actor.userId)))
    throw situationErrors.stoodDown();
  await deps.audit.append(unit, audited(actor, 'situation.stand_down', 'situation', situation.id, {}), now);
  await record(
    unit,
    actor,
    deps,
    situation.id,
    { kind: 'stood_down', text: note, data: {}, event: 'situation.stood_down' },
    now,
  );
  return readSituation(unit.tx, actor, situation.id, deps);
}

/** Writes a note or a decision on an open situation's timeline. */
export async function addEntry(args: {
  unit: Unit;
  actor: Actor;
  id: string;
  input: { kind: 'note' | 'decision'; text: string };
  deps: SituationDeps;
}): Promise<EntryRow> {
  const { unit, actor, deps } = args;
  const situation = await openForCoordinator(unit, actor, args.id);
  const text = freeText(args.input.text, 'text', ENTRY_MAX);
  const now = deps.clock.now();
  await deps.audit.append(
    unit,
    audited(actor, 'situation.note', 'situation', situation.id, { kind: args.input.kind }),
    now,
  );
  return record(
    unit,
    actor,
    deps,
    situation.id,
    { kind: args.input.kind, text, data: {}, event: 'situation.entry_added' },
    now,
  );
}
