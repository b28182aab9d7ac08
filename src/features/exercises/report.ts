import type { Actor } from '../../platform/access/roles.js';
import { can } from '../../platform/access/rules.js';
import type { AuditLog } from '../../platform/audit/audit.js';
import { audited } from '../../platform/audit/audit.js';
import type { Clock } from '../../platform/clock.js';
import type { Executor } from '../../platform/db/database.js';
import type { Unit } from '../../platform/db/transaction.js';
import type { EventBus } from '../../platform/events/events.js';
import { notificationsReads } from '../notifications/notifications.reads.js';
import { orgsDirectory } from '../orgs/orgs.directory.js';
import { situationTimings } from '../situations/situations.timings.js';
import { usersReads } from '../users/users.reads.js';
import { recordExerciseEvent } from './exercises.events.js';
import { reportErrors } from './report.errors.js';
import {
  bodyRequestSummary,
  type Figures,
  figuresOf,
  MEASURES,
  type MeasureName,
  type Pause,
  REQUEST_MEASURES,
  type ReportFacts,
  type ReportRow,
  type RequestMeasure,
  type RequestTiming,
  type Targets,
  timing,
} from './report.figures.js';
import { type ExerciseRow, reportRepository } from './report.repository.js';

/** What the exercise report runs on. */
export interface ReportDeps {
  audit: AuditLog;
  clock: Clock;
  events: EventBus;
}

/**
 * Each addressed body's timings to acknowledge (受領) and to complete (完了) each request of these situations,
 * from the request's issue, paused time left out; keyed `situationId:orgId`. A withdrawn request keeps what
 * happened before its withdrawal and when (and by whom) it was withdrawn; nothing of it is a miss.
 */
async function requestTimingsOf(
  db: Executor,
  situationIds: readonly string[],
  targets: Targets,
  endedAt: string | null,
  pauses: readonly Pause[],
): Promise<Map<string, RequestTiming[]>> {
  const out = new Map<string, RequestTiming[]>();
  const times = await situationTimings.requestTimes(db, situationIds);
  const people = await usersReads.byIds(db, [
    ...new Set(times.flatMap((r) => (r.withdrawnBy ? [r.withdrawnBy] : []))),
  ]);
  for (const r of times) {
    const key = `${r.situationId}:${r.orgId}`;
    const list = out.get(key) ?? [];
    const until = r.withdrawnAt ?? endedAt;
    const measured = (at: string | null, target: number | null) => {
      const t = timing(r.issuedAt, at, target, until, pauses);
      return r.withdrawnAt ? { ...t, missed: false } : t;
    };
    list.push({
      requestId: r.requestId,
      number: r.number,
      title: r.title,
      acknowledge: measured(r.acknowledgedAt, targets.ackRequest),
      complete: measured(r.doneAt, targets.completeRequest),
      withdrawn: r.withdrawnAt
        ? { at: r.withdrawnAt, by: (r.withdrawnBy && people.get(r.withdrawnBy)?.displayName) || null }
        : null,
    });
    out.set(key, list);
  }
  return out;
}

/** A body's place in a previous final exercise, for the comparison. */
export interface PastTiming {
  exerciseId: string;
  number: string;
  startedAt: string | null;
  seconds: Record<MeasureName, number | null>;
  missed: Record<MeasureName, boolean>;
  /** The body's median seconds over the requests addressed to it, and how many it never acknowledged / completed. */
  requests: Record<RequestMeasure, { median: number | null; missed: number }>;
}

export type Trend = 'faster' | 'slower' | 'same' | null;

export interface Comparison {
  orgId: string;
  previous: PastTiming[];
  /** This exercise against the body's latest previous one; a miss is slower than any time. */
  trend: Record<MeasureName | RequestMeasure, Trend>;
}

export interface ReportView {
  exercise: ExerciseRow;
  facts: ReportFacts;
  frozen: boolean;
  figures: Figures;
  comparison: Comparison[];
}

const minutesOr = (v: unknown): number | null =>
  typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : null;

/** The scenario's targets (minutes), as the engine's scenario names them, whatever else it holds. */
export function targetsOf(scenario: string): Targets {
  let t: Record<string, unknown> = {};
  try {
    const parsed = JSON.parse(scenario) as { targets?: unknown };
    if (parsed.targets && typeof parsed.targets === 'object') t = parsed.targets as Record<string, unknown>;
  } catch {
    // A scenario is validated when written; an unreadable one has no targets rather than no report.
  }
  // The engine's names (scenario.ts, Targets).
  return {
    ackDeclaration: minutesOr(t.acknowledgeDeclarationMinutes),
    answerRollCall: minutesOr(t.answerRollCallMinutes),
    ackRequest: minutesOr(t.acknowledgeRequestMinutes),
    completeRequest: minutesOr(t.completeRequestMinutes),
  };
}

/** The report's facts as the exercise's data stands now. */
export async function liveFacts(db: Executor, e: ExerciseRow): Promise<ReportFacts> {
  const targets = targetsOf(e.scenario);
  const situations = await situationTimings.ofExercise(db, e.id);
  const answers = await situationTimings.firstAnswers(
    db,
    situations.map((s) => s.id),
  );
  const orgs = await orgsDirectory.byIds(db, [
    ...new Set(answers.flatMap((a) => (a.parentId ? [a.orgId, a.parentId] : [a.orgId]))),
  ]);
  const pauses = await reportRepository.pausesOf(db, e.id);
  const requests = await requestTimingsOf(
    db,
    situations.map((s) => s.id),
    targets,
    e.ended_at,
    pauses,
  );
  const rows: ReportRow[] = [];
  for (const s of situations) {
    const bodies = answers.filter((a) => a.situationId === s.id);
    const notices = await notificationsReads.declarationNotices(
      db,
      s.id,
      bodies.map((b) => b.orgId),
    );
    for (const b of bodies) {
      const org = orgs.get(b.orgId);
      const ministryId = b.parentId ?? b.orgId;
      const answered = timing(s.declaredAt, b.firstAnsweredAt, targets.answerRollCall, e.ended_at, pauses);
      rows.push({
        situationId: s.id,
        org: { id: b.orgId, name: org?.name_ja ?? b.orgId, kind: org?.kind ?? 'agency' },
        ministry: { id: ministryId, name: orgs.get(ministryId)?.name_ja ?? ministryId },
        ackDeclaration: timing(
          s.declaredAt,
          notices.get(b.orgId)?.acknowledgedAt ?? null,
          targets.ackDeclaration,
          e.ended_at,
          pauses,
        ),
        answerRollCall: {
          ...answered,
          onBehalf: answered.at !== null && b.answeredByOrg !== null && b.answeredByOrg !== b.orgId,
        },
        requests: requests.get(`${s.id}:${b.orgId}`) ?? [],
      });
    }
  }
  return {
    exercise: { id: e.id, number: e.number, name: e.name, startedAt: e.started_at, endedAt: e.ended_at },
    targets,
    situations,
    rows,
  };
}

const ENDED = new Set(['ended', 'final', 'purged']);

/** The exercise, if the actor may see (some of) its report; otherwise it does not exist for it. */
async function exerciseFor(db: Executor, actor: Actor, id: string): Promise<ExerciseRow> {
  const e = await reportRepository.byId(db, id);
  if (!e || e.status === 'draft') throw reportErrors.notFound();
  if (!can.seeExerciseReport(actor, ENDED.has(e.status))) throw reportErrors.notFound();
  return e;
}

const measuredValue = (t: { seconds: number | null; missed: boolean }) =>
  t.missed ? Number.POSITIVE_INFINITY : t.seconds;

/** A body's requests as one value to compare: any miss is slower than any time; none measured, nothing. */
const requestValue = (s: { median: number | null; missed: number }) =>
  s.missed > 0 ? Number.POSITIVE_INFINITY : s.median;

function trendOf(now: number | null, before: number | null): Trend {
  if (now === null || before === null) return null;
  if (now === before) return 'same';
  return now < before ? 'faster' : 'slower';
}

/** Each body's first row in earlier final exercises (their frozen reports), newest first. */
async function comparisonOf(db: Executor, e: ExerciseRow, rows: readonly ReportRow[]): Promise<Comparison[]> {
  if (!e.started_at || rows.length === 0) return [];
  const earlier = await reportRepository.earlierFinals(db, e.started_at);
  const past = earlier.map((x) => ({ x, facts: JSON.parse(x.report) as ReportFacts }));
  const seen = new Set<string>();
  const out: Comparison[] = [];
  for (const row of rows) {
    if (seen.has(row.org.id)) continue;
    seen.add(row.org.id);
    const previous: PastTiming[] = [];
    for (const { x, facts } of past) {
      const r = facts.rows.find((p) => p.org.id === row.org.id);
      if (!r) continue;
      previous.push({
        exerciseId: x.id,
        number: x.number,
        startedAt: x.started_at,
        seconds: { ackDeclaration: r.ackDeclaration.seconds, answerRollCall: r.answerRollCall.seconds },
        missed: { ackDeclaration: r.ackDeclaration.missed, answerRollCall: r.answerRollCall.missed },
        requests: bodyRequestSummary(r),
      });
    }
    const latest = facts0(past, row.org.id);
    const mine = bodyRequestSummary(row);
    const theirs = latest ? bodyRequestSummary(latest) : null;
    out.push({
      orgId: row.org.id,
      previous,
      trend: Object.fromEntries([
        ...MEASURES.map((m) => [m, latest ? trendOf(measuredValue(row[m]), measuredValue(latest[m])) : null]),
        ...REQUEST_MEASURES.map((m) => [
          m,
          theirs ? trendOf(requestValue(mine[m]), requestValue(theirs[m])) : null,
        ]),
      ]) as Record<MeasureName | RequestMeasure, Trend>,
    });
  }
  return out;
}

const facts0 = (past: { facts: ReportFacts }[], orgId: string) =>
  past.map((p) => p.facts.rows.find((r) => r.org.id === orgId)).find((r) => r !== undefined);

/**
 * An exercise's report as the actor may see it: exercise control every body; a ministry, once the exercise has
 * ended, itself and its agencies (the figures are computed over those rows alone). From the report frozen at
 * final when there is one, so that it survives the purge.
 */
export async function readReport(
  db: Executor,
  actor: Actor,
  id: string,
  deps: ReportDeps,
): Promise<ReportView> {
  const e = await exerciseFor(db, actor, id);
  const stored = await reportRepository.frozen(db, e.id);
  const all = stored ? (JSON.parse(stored) as ReportFacts) : await liveFacts(db, e);
  const ended = ENDED.has(e.status);
  const rows = all.rows.filter((r) => can.readExerciseReportRow(actor, { ministryId: r.ministry.id }, ended));
  if (!can.runExercises(actor) && rows.length === 0) throw reportErrors.notFound();
  const facts: ReportFacts = { ...all, rows };
  return {
    exercise: e,
    facts,
    frozen: stored !== null,
    figures: figuresOf(rows),
    comparison: await comparisonOf(db, e, rows),
  };
}

/** Declares an ended exercise's report final (exercise control): its facts are frozen as they stand. */
export async function finalizeReport(args: {
  unit: Unit;
  actor: Actor;
  id: string;
  deps: ReportDeps;
}): Promise<ReportView> {
  const { unit, actor, id, deps } = args;
  if (!can.runExercises(actor)) {
    // Whoever may not see the report learns nothing of it (404); a ministry that may is still not control.
    await readReport(unit.tx, actor, id, deps);
    throw reportErrors.coordinatorsOnly();
  }
  const e = await exerciseFor(unit.tx, actor, id);
  if (e.status === 'final' || e.status === 'purged') throw reportErrors.alreadyFinal();
  if (e.status !== 'ended') throw reportErrors.notEnded();
  const at = deps.clock.now();
  const facts = await liveFacts(unit.tx, e);
  if (
    !(await reportRepository.finalize(unit.tx, {
      id: e.id,
      at: at.toISOString(),
      by: actor.userId,
      report: JSON.stringify(facts),
    }))
  )
    throw reportErrors.alreadyFinal();
  await deps.audit.append(
    unit,
    audited(actor, 'exercise.report_final', 'exercise', e.id, {
      number: e.number,
      bodies: facts.rows.length,
      situations: facts.situations.length,
    }),
    at,
  );
  const view = await readReport(unit.tx, actor, id, deps);
  await recordExerciseEvent(unit, deps.events, 'exercise.report_final', view.exercise, at);
  return view;
}
