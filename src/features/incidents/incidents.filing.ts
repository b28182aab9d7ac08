// Filing: a quick report (速報) that creates an incident and sends it up the chain, and an update (続報) or the
// final report (確報) added to it. Both are the one path by which reports (and their indicators) enter Renraku:
// the STIX and TAXII imports, exercises and the demo file through them too.
import type { Actor } from '../../platform/access/roles.js';
import { can } from '../../platform/access/rules.js';
import { takesPartIn } from '../../platform/access/visibility.js';
import { audited } from '../../platform/audit/audit.js';
import { fiscalYearOf } from '../../platform/calendar.js';
import type { Executor } from '../../platform/db/database.js';
import type { Unit } from '../../platform/db/transaction.js';
import { commonErrors } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { correlateFiledReport } from '../correlation/correlation.filing.js';
import { exerciseEventMark, exerciseLive, exercisesReads } from '../exercises/exercises.reads.js';
import {
  type CheckedIndicator,
  checkIndicators,
  firstReportIndicatorStatements,
  recordIndicators,
  recordUncarriedIndicators,
} from '../indicators/indicators.record.js';
import { type OrgRow, orgsDirectory } from '../orgs/orgs.directory.js';
import { incidentErrors } from './incidents.errors.js';
import { type IncidentRow, incidentsRepository } from './incidents.repository.js';
import { applyRoute, planRoute } from './incidents.routing.js';
import type { FollowUpInput, QuickReportInput } from './incidents.schemas.js';
import { sendBacks } from './incidents.sendback.js';
import { applyReport, searchText, stateColumns } from './incidents.state.js';
import { incidentSubject } from './incidents.subject.js';
import { type IncidentDeps, readableIncident } from './incidents.usecases.js';

function checkCategory(category: string | null | undefined, deps: IncidentDeps) {
  if (typeof category === 'string' && !deps.categories.has(category))
    throw incidentErrors.unknownCategory(category);
}

/**
 * The earliest detection time a report may give. Nothing Renraku reports on was detected before it; an
 * earlier one (year 0, 1970 from an unset clock) is a mistake that would sit first in every list and skew
 * every reporting-time statistic.
 */
export const EARLIEST_DETECTION = '2000-01-01T00:00:00.000Z';

/**
 * Whose incident a report files: the actor's own body, or — for an exercise only — the body that exercise
 * control (a center coordinator playing a simulated report) names. An exercise incident is filed only while
 * the exercise is played and, by a participant, only when it takes part in it (sees one of its open situations).
 */
async function reportingBody(
  db: Executor,
  actor: Actor,
  exerciseId: string | undefined,
  onBehalfOf: string | undefined,
): Promise<string> {
  if (onBehalfOf !== undefined && exerciseId === undefined) throw incidentErrors.onBehalfRealData();
  if (exerciseId === undefined) return actor.orgId;
  if (!exerciseLive(await exercisesReads.markOf(db, exerciseId))) throw incidentErrors.exerciseUnknown();
  if (onBehalfOf === undefined) {
    if (!(await takesPartIn(db, actor, exerciseId))) throw incidentErrors.exerciseUnknown();
    return actor.orgId;
  }
  if (!can.coordinateSituations(actor)) throw incidentErrors.onBehalfForbidden();
  const body = await orgsDirectory.byId(db, onBehalfOf);
  if (!body) throw incidentErrors.onBehalfUnknownBody();
  return body.id;
}

/**
 * Files a quick report (速報): creates the incident with its first report and sends it up the chain. With
 * `exerciseId` it is exercise data of that exercise (routed and read as usual, kept out of every real read);
 * `onBehalfOf` (exercises only) files a simulated report of another body, the actor recorded as its author.
 */
export async function fileQuickReport(args: {
  unit: Unit;
  actor: Actor;
  input: QuickReportInput;
  deps: IncidentDeps;
  exerciseId?: string | undefined;
  onBehalfOf?: string | undefined;
}): Promise<{ incident: IncidentRow; org: OrgRow; reviewDueAt: string | null }> {
  const { unit, actor, input, deps } = args;
  if (!can.fileIncident(actor) && args.onBehalfOf === undefined)
    throw commonErrors.forbidden('Your role does not file reports.');
  const reporterOrgId = await reportingBody(unit.tx, actor, args.exerciseId, args.onBehalfOf);
  checkCategory(input.category, deps);
  const { indicators: indicatorList, ...body } = input;
  const indicators = checkIndicators(indicatorList);
  const now = deps.clock.now();
  const detected = new Date(input.detectedAt);
  if (detected.getTime() > now.getTime() + deps.clockSkewSeconds * 1000)
    throw incidentErrors.detectedInFuture();
  if (detected.getTime() < Date.parse(EARLIEST_DETECTION))
    throw incidentErrors.detectedTooEarly(EARLIEST_DETECTION);

  const { org, parent, center } = await orgsDirectory.chainOf(unit.tx, reporterOrgId);
  if (!org || !center) throw incidentErrors.noCenter();

  const at = now.toISOString();
  const id = newId();
  const plan = planRoute({
    incidentId: id,
    org,
    parent,
    center,
    now,
    defaultReviewDeadlineMinutes: deps.defaultReviewDeadlineMinutes,
    maxReviewDeadlineMinutes: deps.maxReviewDeadlineMinutes,
  });
  const state = applyReport(null, 'quick', input);
  const number = await incidentsRepository.nextNumber(unit.tx, fiscalYearOf(now, deps.timeZone));
  const incident: IncidentRow = {
    id,
    org_id: org.id,
    number,
    exercise_id: args.exerciseId ?? null,
    ...stateColumns(state),
    detected_at: detected.toISOString(),
    reported_at: at,
    last_report_at: at,
    final_at: null,
    report_count: 1,
    ministry_received_at: plan.ministryReceivedAt,
    center_received_at: plan.centerReceivedAt,
    reporting_due_at: new Date(detected.getTime() + deps.reportingTargetMinutes * 60_000).toISOString(),
    created_by: actor.userId,
    // Indexed for the guard of sharing in this unit (below).
    fingerprinted_seq: 1,
  };
  const stored = JSON.stringify(body);
  const text = `${searchText([{ body }])}\n${number}`;
  const subject = incidentSubject(incident);
  // The incident, its report, its search text, its indicators (dated for "indicators received" if the center
  // reads it from now: its reader row's `since` is now), readers and deliveries: written together (one round
  // trip on PostgreSQL), the incident first.
  await applyRoute({
    unit,
    incidentId: id,
    org,
    parent,
    plan,
    deps,
    now,
    subject,
    before: [
      incidentsRepository.insertStatement(unit.tx, incident),
      incidentsRepository.insertReportStatement(unit.tx, {
        id: newId(),
        incident_id: incident.id,
        seq: 1,
        kind: 'quick',
        author_id: actor.userId,
        created_at: at,
        body: stored,
      }),
      ...incidentsRepository.searchTextStatements(unit, incident.id, text, true),
      ...firstReportIndicatorStatements(
        unit.tx,
        {
          incidentId: incident.id,
          orgId: org.id,
          at,
          centerReadsSince: plan.readers.includes(center.id) ? at : null,
        },
        indicators,
      ),
    ],
  });
  deps.reportIndex.firstReport(unit, { incidentId: incident.id, body: stored, values: indicators });
  await deps.audit.append(
    unit,
    audited(actor, 'incident.create', 'incident', incident.id, {
      kind: 'quick',
      ...(indicators.length > 0 ? { indicators: indicators.length } : {}),
    }),
    now,
  );
  await deps.events.record(
    unit,
    {
      type: 'incident.reported',
      incidentId: incident.id,
      readerOrgIds: plan.readers,
      payload: {
        orgSlug: org.slug,
        severity: incident.severity,
        reportedAt: at,
        ...(await exerciseEventMark(unit.tx, incident.exercise_id)),
      },
      subject,
    },
    now,
  );
  correlateFiledReport({
    unit,
    events: deps.events,
    report: { incidentId: incident.id, orgId: org.id, exerciseId: incident.exercise_id, at: now },
    values: indicators,
    subject,
    mark: await exerciseEventMark(unit.tx, incident.exercise_id),
    options: deps.correlation,
  });
  return { incident, org, reviewDueAt: plan.reviewDueAt };
}

/** Adds an update (続報) or the final report (確報) to an incident of the actor's own body. */
export async function addFollowUp(args: {
  unit: Unit;
  actor: Actor;
  incidentId: string;
  input: FollowUpInput;
  deps: IncidentDeps;
  /** Indicators already checked and canonical (a bulk import read them): taken instead of input.indicators. */
  checked?: readonly CheckedIndicator[];
  /**
   * Set when the incident carries none of `checked` (the caller left those out, under the incident's lock):
   * they are stored dated for "indicators received" at once (recordUncarriedIndicators).
   */
  uncarried?: boolean;
}): Promise<IncidentRow> {
  const { unit, actor, input, deps } = args;
  // Reports of one incident are numbered in turn: concurrent ones wait for each other (SQLite has one writer).
  await incidentsRepository.lockForUpdate(unit, args.incidentId);
  const incident = await readableIncident(unit.tx, actor, args.incidentId);
  if (!can.addReport(actor, { orgId: incident.org_id }))
    throw commonErrors.forbidden('Only the reporting body adds reports.');
  if (incident.status === 'final') throw incidentErrors.alreadyFinal();
  checkCategory(input.category, deps);
  const { indicators: indicatorList, ...body } = input;
  const indicators = args.checked ?? checkIndicators(indicatorList);
  const now = deps.clock.now();
  const at = now.toISOString();
  const reports = await incidentsRepository.reports(unit.tx, incident.id);
  const bodies = reports.map((r) => ({ kind: r.kind, body: JSON.parse(r.body) as Partial<FollowUpInput> }));
  bodies.push({ kind: input.kind, body });
  const state = bodies.reduce<ReturnType<typeof applyReport> | null>(
    (s, r) => applyReport(s, r.kind, r.body),
    null,
  );
  if (!state) throw new Error('unreachable: an incident always has its quick report');
  const seq = reports.length + 1;
  await incidentsRepository.insertReport(unit.tx, {
    id: newId(),
    incident_id: incident.id,
    seq,
    kind: input.kind,
    author_id: actor.userId,
    created_at: at,
    body: JSON.stringify(body),
  });
  await (args.checked && args.uncarried ? recordUncarriedIndicators : recordIndicators)(
    unit.tx,
    { incidentId: incident.id, orgId: incident.org_id, seq, at },
    indicators,
  );
  await incidentsRepository.update(unit.tx, incident.id, {
    ...stateColumns(state),
    last_report_at: at,
    final_at: input.kind === 'final' ? at : incident.final_at,
    report_count: seq,
  });
  await incidentsRepository.writeSearchText(unit, incident.id, `${searchText(bodies)}\n${incident.number}`);
  deps.reportIndex.filed(unit);
  // The report answers the supervising ministry's open request for more, if there is one.
  const answered = await sendBacks.answer(unit.tx, incident.id, seq, at);
  await deps.audit.append(
    unit,
    audited(actor, 'incident.add_report', 'incident', incident.id, {
      kind: input.kind,
      seq,
      ...(indicators.length > 0 ? { indicators: indicators.length } : {}),
      ...(answered ? { answersSendBack: answered } : {}),
    }),
    now,
  );
  await deps.events.record(
    unit,
    {
      type: 'report.added',
      incidentId: incident.id,
      readerOrgIds: await incidentsRepository.readerOrgIds(unit.tx, incident.id),
      payload: {
        kind: input.kind,
        seq,
        orgSlug: actor.orgSlug,
        severity: state.severity,
        ...(answered ? { answersSendBack: answered } : {}),
        ...(await exerciseEventMark(unit.tx, incident.exercise_id)),
      },
      subject: incidentSubject({ ...incident, ...state }),
    },
    now,
  );
  correlateFiledReport({
    unit,
    events: deps.events,
    report: { incidentId: incident.id, orgId: incident.org_id, exerciseId: incident.exercise_id, at: now },
    values: indicators,
    subject: incidentSubject({ ...incident, ...state }),
    mark: await exerciseEventMark(unit.tx, incident.exercise_id),
    options: deps.correlation,
  });
  return (await incidentsRepository.visibleById(unit.tx, actor.orgId, incident.id)) as IncidentRow;
}
