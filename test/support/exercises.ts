import type { ExerciseStatus } from '../../src/features/exercises/exercises.table.js';
import { fileQuickReport } from '../../src/features/incidents/incidents.filing.js';
import { declareSituation } from '../../src/features/situations/situations.usecases.js';
import { inTransaction } from '../../src/platform/db/transaction.js';
import { newId } from '../../src/platform/ids.js';
import { actorOf } from './actors.js';
import type { TestApp, TestOrg, TestUser } from './harness.js';

// Exercise data for tests of its marking and segregation, made as exercise control makes it: the exercise's row
// written directly (the exercises' own API is the engine's), its situation and simulated reports through the
// plumbing's use-cases, as the runner plays injects.

let counter = 0;

/** An exercise's row, running unless said otherwise. */
export async function insertExercise(
  t: TestApp,
  control: TestUser,
  o: { name?: string; status?: ExerciseStatus } = {},
): Promise<{ id: string; number: string; name: string }> {
  counter += 1;
  const row = {
    id: newId(),
    number: `X-2026-${String(counter).padStart(3, '0')}`,
    fiscal_year: 2026,
    name: o.name ?? `初動対処訓練 ${counter}`,
    description: '机上訓練',
    scenario: JSON.stringify({ injects: [] }),
    status: o.status ?? 'running',
    created_at: t.clock.now().toISOString(),
    created_by: control.id,
    started_at: t.clock.now().toISOString(),
    paused_at: null,
    paused_ms: 0,
    ended_at: null,
    final_at: null,
    purged_at: null,
    purged_by: null,
    version: 1,
  };
  await t.handle.db.insertInto('exercises').values(row).execute();
  return { id: row.id, number: row.number, name: row.name };
}

/** Sets an exercise's status (as its control would: paused, ended…). */
export const setExerciseStatus = (t: TestApp, id: string, status: ExerciseStatus) =>
  t.handle.db.updateTable('exercises').set({ status }).where('id', '=', id).execute();

/** Declares the exercise's situation over these bodies (each with its agencies unless said), as an inject would. */
export const declareExerciseSituation = (
  t: TestApp,
  control: TestUser,
  exerciseId: string,
  bodies: TestOrg[],
  extra: { incidentIds?: string[]; withAgencies?: boolean; name?: string } = {},
) =>
  inTransaction(t.handle, (unit) =>
    declareSituation({
      unit,
      actor: actorOf(control),
      exerciseId,
      deps: t.services.situationDeps,
      input: {
        name: extra.name ?? '【想定】政府機関への同時多発的なDDoS攻撃',
        description: '訓練想定：複数府省庁のウェブサイトが応答しない。',
        level: 'alert',
        tlp: 'TLP:AMBER',
        scope: {
          kind: 'bodies',
          bodies: bodies.map((b) => ({ orgId: b.id, withAgencies: extra.withAgencies ?? true })),
        },
        ...(extra.incidentIds ? { incidentIds: extra.incidentIds } : {}),
      },
    }),
  );

/** A simulated report of a named body, filed by exercise control, as an inject would. */
export const fileSimulatedReport = (
  t: TestApp,
  control: TestUser,
  exerciseId: string,
  body: TestOrg,
  title = '【訓練】不審な通信を検知',
) =>
  inTransaction(t.handle, (unit) =>
    fileQuickReport({
      unit,
      actor: actorOf(control),
      exerciseId,
      onBehalfOf: body.id,
      deps: t.services.incidentDeps,
      input: {
        title,
        summary: '訓練想定：ファイアウォールで外部への不審な通信を検知した。',
        detectedAt: new Date(t.clock.now().getTime() - 5 * 60_000).toISOString(),
      },
    }),
  );
