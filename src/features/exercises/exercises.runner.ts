import { type Actor, actorOfPerson } from '../../platform/access/roles.js';
import { can } from '../../platform/access/rules.js';
import { audited } from '../../platform/audit/audit.js';
import type { DatabaseHandle, Executor } from '../../platform/db/database.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { isAppError } from '../../platform/errors.js';
import { orgsDirectory } from '../orgs/orgs.directory.js';
import { usersReads } from '../users/users.reads.js';
import type { ExerciseDeps } from './exercises.deps.js';
import { recordExerciseEvent } from './exercises.events.js';
import { isKind } from './exercises.kinds.js';
import { PLAYS } from './exercises.play.js';
import { type ExerciseRow, exercisesRepository as repo } from './exercises.repository.js';

// The runner: plays the due injects of running exercises. An inject is due at started_at + its offset +
// paused_ms (time spent paused shifts everything after it). Each is played in one transaction that also marks it
// played — claimed with an update that only succeeds while it is unplayed — so two nodes, or a node and its
// restarted self, never play one twice, and a crash before the commit leaves it to be played after restart.
//
// After a restart (or a long stall), overdue injects are played at once, one after the other in their order:
// they do not keep their relative timing, because due times are fixed to the exercise's clock; none is skipped.
// An inject that cannot be played (its body was removed, its situation stood down) records why, and the exercise
// goes on with the next one.

/** When this inject of this exercise is due, in ms since the epoch. */
export const dueAt = (e: Pick<ExerciseRow, 'started_at' | 'paused_ms'>, offsetSeconds: number): number =>
  Date.parse(e.started_at ?? '') + offsetSeconds * 1000 + e.paused_ms;

/** The person exercise control plays as: the exercise's starter, while an active center coordinator. */
async function controlActor(db: Executor, userId: string | null): Promise<Actor | null> {
  const person = userId ? await usersReads.activeById(db, userId) : undefined;
  const org = person && (await orgsDirectory.byId(db, person.orgId));
  if (!person || !org) return null;
  const actor = actorOfPerson(person, org);
  return can.runExercises(actor) ? actor : null;
}

type Attempt = 'played' | 'failed' | 'not_due' | 'taken';

/** Plays one inject if it is still due, unplayed and its exercise running; records why it failed otherwise. */
async function playOne(
  handle: DatabaseHandle,
  deps: ExerciseDeps,
  exerciseId: string,
  seq: number,
): Promise<Attempt> {
  let failure: { code: string; message: string } | null = null;
  try {
    return await inTransaction(handle, async (unit) => {
      await repo.lock(unit.tx, exerciseId, unit.dialect);
      const exercise = await repo.byId(unit.tx, exerciseId);
      const inject = (await repo.injectsOf(unit.tx, exerciseId)).find((i) => i.seq === seq);
      const now = deps.clock.now();
      if (exercise?.status !== 'running' || !inject) return 'not_due';
      if (dueAt(exercise, inject.offset_seconds) > now.getTime()) return 'not_due';
      if (!(await repo.claim(unit.tx, exerciseId, seq, now.toISOString()))) return 'taken';
      const actor = await controlActor(unit.tx, exercise.started_by);
      if (!actor) throw Object.assign(new Error('control'), { code: 'exercises.control_gone' });
      if (!isKind(inject.kind)) throw Object.assign(new Error('kind'), { code: 'exercises.unknown_kind' });
      const declared = (await repo.outcomes(unit.tx, exerciseId, seq))
        .map((o) =>
          o.kind === 'declare' && o.outcome ? (JSON.parse(o.outcome) as { situationId?: string }) : {},
        )
        .find((o) => typeof o.situationId === 'string');
      const result = await PLAYS[inject.kind](
        {
          unit,
          actor,
          exerciseId,
          situationId: declared?.situationId ?? null,
          offsetSeconds: inject.offset_seconds,
          deps,
        },
        JSON.parse(inject.payload) as Record<string, unknown>,
      );
      await repo.setOutcome(unit.tx, exerciseId, seq, { ok: true, ...result });
      await deps.audit.append(
        unit,
        audited(actor, 'exercise.inject_play', 'exercise', exerciseId, { seq, kind: inject.kind, ...result }),
        now,
      );
      await recordExerciseEvent(unit, deps.events, 'exercise.inject_played', exercise, now, {
        seq,
        kind: inject.kind,
        state: 'played',
        outcome: { ok: true, ...result },
      });
      return 'played';
    });
  } catch (e) {
    const code = isAppError(e) ? e.code : (e as { code?: unknown }).code;
    // Only a refusal of the product's making is the inject's fault; anything else is retried on the next tick.
    if (!isAppError(e) && code !== 'exercises.control_gone' && code !== 'exercises.unknown_kind') throw e;
    failure = {
      code: String(code),
      message:
        code === 'exercises.control_gone'
          ? 'The person who started the exercise is no longer an active center coordinator.'
          : (e as Error).message,
    };
  }
  const why = failure;
  return inTransaction(handle, async (unit) => {
    await repo.lock(unit.tx, exerciseId, unit.dialect);
    const exercise = await repo.byId(unit.tx, exerciseId);
    if (exercise?.status !== 'running') return 'not_due';
    const now = deps.clock.now();
    if (!(await repo.claim(unit.tx, exerciseId, seq, now.toISOString()))) return 'taken';
    await repo.setOutcome(unit.tx, exerciseId, seq, { ok: false, ...why });
    await deps.audit.append(
      unit,
      audited(null, 'exercise.inject_fail', 'exercise', exerciseId, { seq, code: why.code }),
      now,
    );
    await recordExerciseEvent(unit, deps.events, 'exercise.inject_played', exercise, now, {
      seq,
      state: 'failed',
      outcome: { ok: false, ...why },
    });
    return 'failed';
  });
}

/** Plays every inject due now, in order within each exercise; says how many were played or failed. */
export async function playDueInjects(handle: DatabaseHandle, deps: ExerciseDeps): Promise<number> {
  let done = 0;
  for (let round = 0; round < 10_000; round++) {
    const now = deps.clock.now().getTime();
    const due = (await repo.nextUnplayed(handle.db)).filter(
      (c) => dueAt({ started_at: c.started_at, paused_ms: c.paused_ms }, c.offset_seconds) <= now,
    );
    if (due.length === 0) return done;
    let progressed = false;
    for (const c of due) {
      const r = await playOne(handle, deps, c.id, c.seq);
      if (r === 'played' || r === 'failed') done++;
      if (r !== 'not_due') progressed = true;
    }
    if (!progressed) return done;
  }
  return done;
}
