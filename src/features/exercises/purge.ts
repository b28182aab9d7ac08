import type { Actor } from '../../platform/access/roles.js';
import { can } from '../../platform/access/rules.js';
import { type AuditLog, audited } from '../../platform/audit/audit.js';
import type { Clock } from '../../platform/clock.js';
import type { Tx } from '../../platform/db/database.js';
import type { Unit } from '../../platform/db/transaction.js';
import { purgeEventsAbout } from '../../platform/events/events.purge.js';
import { purgeOutboxOf } from '../../platform/outbox/outbox.purge.js';
import { reportErrors } from './report.errors.js';
import { type ReportDeps, readReport } from './report.js';
import { reportRepository } from './report.repository.js';

type Counts = Record<string, number>;

/**
 * How each feature erases what it holds of an exercise (wired by the composition root from the features' purge
 * repositories): the exercise feature does not know their tables, only that each erases its own.
 */
export interface ExercisePurgers {
  situationIds: (tx: Tx, exerciseId: string) => Promise<string[]>;
  incidentIds: (tx: Tx, exerciseId: string) => Promise<string[]>;
  /** Notices about the exercise's situations and incidents; their ids, whose outbox items go with them. */
  notices: (
    tx: Tx,
    about: { situationIds: readonly string[]; incidentIds: readonly string[] },
  ) => Promise<{ counts: Counts; notificationIds: string[] }>;
  /** What other features hold of the exercise's incidents (messages, files, fingerprints), before them. */
  ofIncidents: ((tx: Tx, incidentIds: readonly string[]) => Promise<Counts>)[];
  situations: (tx: Tx, exerciseId: string) => Promise<Counts>;
  incidents: (tx: Tx, exerciseId: string) => Promise<Counts>;
}

export interface PurgeDeps {
  audit: AuditLog;
  clock: Clock;
  purgers: ExercisePurgers;
  report: ReportDeps;
}

/** Refuses anyone but exercise control: as a 404 to whoever may not see the report, a 403 to the others. */
export async function requireControl(tx: Tx, actor: Actor, id: string, deps: ReportDeps): Promise<void> {
  if (can.runExercises(actor)) return;
  await readReport(tx, actor, id, deps);
  throw reportErrors.coordinatorsOnly();
}

/**
 * Erases an exercise's data once its report is final (exercise control), in one transaction: its situations
 * with their roll-call and timeline, its incidents with their reports, deliveries, readers, search rows,
 * messages and files, the notices about them with their outbox items, and the live events of it. The exercise
 * stays, with its frozen report and its lessons; the audit log (hash-chained) keeps every entry and gains one
 * with the counts erased.
 */
export async function purgeExercise(args: {
  unit: Unit;
  actor: Actor;
  id: string;
  deps: PurgeDeps;
}): Promise<{ exerciseId: string; purgedAt: string; counts: Counts }> {
  const { unit, actor, id, deps } = args;
  const tx = unit.tx;
  await requireControl(tx, actor, id, deps.report);
  const e = await reportRepository.byId(tx, id);
  if (!e || e.status === 'draft') throw reportErrors.notFound();
  const at = deps.clock.now();
  // The status moves first, conditionally: of two purges racing, one finds the exercise final, the other not.
  if (!(await reportRepository.markPurged(tx, { id: e.id, at: at.toISOString(), by: actor.userId }))) {
    if (e.status === 'purged') throw reportErrors.purged();
    throw reportErrors.notFinal();
  }
  const p = deps.purgers;
  const situationIds = await p.situationIds(tx, e.id);
  const incidentIds = await p.incidentIds(tx, e.id);
  const counts: Counts = {};
  const add = (c: Counts) => {
    for (const [k, v] of Object.entries(c)) counts[k] = (counts[k] ?? 0) + v;
  };
  const notices = await p.notices(tx, { situationIds, incidentIds });
  add(notices.counts);
  add({ outbox: await purgeOutboxOf(tx, notices.notificationIds) });
  add(await purgeEventsAbout(tx, { incidentIds, namedIds: [...situationIds, e.id] }));
  for (const purge of p.ofIncidents) add(await purge(tx, incidentIds));
  add(await p.situations(tx, e.id));
  add(await p.incidents(tx, e.id));
  add({ exercise_inject_outcomes: await reportRepository.clearInjectOutcomes(tx, e.id) });
  await deps.audit.append(
    unit,
    audited(actor, 'exercise.purge', 'exercise', e.id, { number: e.number, counts }),
    at,
  );
  return { exerciseId: e.id, purgedAt: at.toISOString(), counts };
}
