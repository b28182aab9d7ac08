import { newId } from '../../src/platform/ids.js';
import type { TestApp, TestUser } from './harness.js';

// Exercises written straight into their table with the times and targets a report needs, ended as the engine would
// end them (the report, lessons and purge are tested on the data an exercise leaves).

export interface ExerciseRowInput {
  createdBy: TestUser;
  number: string;
  name?: string;
  status?: 'draft' | 'running' | 'paused' | 'ended' | 'final' | 'purged';
  targets?: Record<string, number>;
  createdAt: string;
  startedAt?: string | null;
  endedAt?: string | null;
}

// The report's measure names → the engine's scenario target names (scenario.ts).
const TARGET_NAMES: Record<string, string> = {
  ackDeclaration: 'acknowledgeDeclarationMinutes',
  answerRollCall: 'answerRollCallMinutes',
  ackRequest: 'acknowledgeRequestMinutes',
  completeRequest: 'completeRequestMinutes',
};
const scenarioTargets = (targets: Record<string, number>) =>
  Object.fromEntries(Object.entries(targets).map(([k, v]) => [TARGET_NAMES[k] ?? k, v]));

/** An exercise row as the engine would leave it. */
export async function insertExerciseRow(t: TestApp, e: ExerciseRowInput): Promise<string> {
  const id = newId();
  await t.handle.db
    .insertInto('exercises')
    .values({
      id,
      number: e.number,
      fiscal_year: Number(e.number.split('-')[1]),
      name: e.name ?? '初動対処訓練',
      description: '',
      scenario: JSON.stringify({ targets: scenarioTargets(e.targets ?? {}), injects: [] }),
      status: e.status ?? 'running',
      created_at: e.createdAt,
      created_by: e.createdBy.id,
      started_at: e.startedAt ?? e.createdAt,
      paused_at: null,
      paused_ms: 0,
      ended_at: e.endedAt ?? null,
      final_at: null,
      purged_at: null,
      purged_by: null,
      version: 1,
    })
    .execute();
  return id;
}

/** Ends an exercise at a time (as the engine's end does). */
export const endExercise = (t: TestApp, id: string, at: string) =>
  t.handle.db.updateTable('exercises').set({ status: 'ended', ended_at: at }).where('id', '=', id).execute();

/** Marks a declared situation as the exercise's (until the plumbing declares exercise situations itself). */
export const markSituation = (t: TestApp, situationId: string, exerciseId: string) =>
  t.handle.db
    .updateTable('situations')
    .set({ exercise_id: exerciseId })
    .where('id', '=', situationId)
    .execute();
