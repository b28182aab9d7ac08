import type { ExerciseRow, InjectRow } from './exercises.repository.js';
import { dueAt } from './exercises.runner.js';
import type { ExerciseView } from './exercises.usecases.js';
import type { Scenario } from './scenario.js';

const stateOf = (i: InjectRow, outcome: { ok?: boolean; code?: string } | null) =>
  i.played_at === null
    ? outcome === null
      ? ('pending' as const)
      : ('not_played' as const)
    : outcome?.ok === false
      ? ('failed' as const)
      : ('played' as const);

/** An exercise as exercise control sees it (an explicit allow-list of fields). */
export function presentExercise(row: ExerciseRow, injects: readonly InjectRow[]) {
  const scenario = JSON.parse(row.scenario) as Scenario;
  return {
    id: row.id,
    number: row.number,
    name: row.name,
    description: row.description,
    status: row.status,
    version: row.version,
    createdAt: row.created_at,
    startedAt: row.started_at,
    pausedAt: row.paused_at,
    pausedMs: row.paused_ms,
    endedAt: row.ended_at,
    targets: scenario.targets,
    injectCount: injects.length,
    playedCount: injects.filter((i) => i.played_at !== null).length,
  };
}

const LIVE = new Set(['running', 'paused']);

/** An exercise with its injects, each with its due time and whether (and how) it was played. */
export function presentExerciseDetail({ row, injects }: ExerciseView, now: Date) {
  // While paused, the time paused so far counts too: what is pending is due that much later.
  const pausing = row.paused_at === null ? 0 : Math.max(0, now.getTime() - Date.parse(row.paused_at));
  // What is left of a pending inject's wait: counting down while running, frozen at the pause while paused (it
  // is what remains after the resume, as the report leaves paused time out of every timing).
  const from = row.status === 'paused' && row.paused_at !== null ? Date.parse(row.paused_at) : now.getTime();
  const remaining = (i: InjectRow) =>
    i.played_at !== null || i.outcome !== null || row.started_at === null || !LIVE.has(row.status)
      ? null
      : Math.max(0, Math.ceil((dueAt(row, i.offset_seconds) - from) / 1000));
  return {
    ...presentExercise(row, injects),
    injects: injects.map((i) => {
      const outcome = i.outcome === null ? null : (JSON.parse(i.outcome) as Record<string, unknown>);
      return {
        seq: i.seq,
        offsetSeconds: i.offset_seconds,
        kind: i.kind,
        payload: JSON.parse(i.payload) as Record<string, unknown>,
        dueAt:
          row.started_at === null
            ? null
            : new Date(dueAt(row, i.offset_seconds) + (i.played_at === null ? pausing : 0)).toISOString(),
        remainingSeconds: remaining(i),
        playedAt: i.played_at,
        state: stateOf(i, outcome as { ok?: boolean } | null),
        outcome,
      };
    }),
  };
}
