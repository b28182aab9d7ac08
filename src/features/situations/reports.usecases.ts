import type { Actor } from '../../platform/access/roles.js';
import { can } from '../../platform/access/rules.js';
import { audited } from '../../platform/audit/audit.js';
import type { Executor } from '../../platform/db/database.js';
import type { Unit } from '../../platform/db/transaction.js';
import { newId } from '../../platform/ids.js';
import { freeText } from '../../platform/text.js';
import { reportErrors } from './reports.errors.js';
import { recordReportEvent } from './reports.events.js';
import { type ReportRow, reportsRepository } from './reports.repository.js';
import { CHANGE_NOTE_MAX, REPORT_BODY_MAX, REPORT_TITLE_MAX } from './reports.schemas.js';
import type { CountsKind } from './reports.table.js';
import { readBoard } from './situations.board.js';
import type { SituationDeps } from './situations.deps.js';
import { type SituationRow, situationsRepository } from './situations.repository.js';
import { situationFor } from './situations.usecases.js';

// Situation reports (状況報告): the center's coordinators draft them, issue them as 第n報 (numbered per situation
// in issue order), and correct an issued one with a new version (版) of the same number; every version is kept.
// After the stand-down one final report may still be issued (the stand-down itself is no report), and its
// versions corrected; no report is issued after that.

/** The situation a coordinator works on (404 for one it does not see; 403 for anyone but a coordinator). */
async function forCoordinator(unit: Unit, actor: Actor, situationId: string): Promise<SituationRow> {
  const found = await situationFor(unit.tx, actor, situationId);
  if (!can.coordinateSituations(actor)) throw reportErrors.coordinatorsOnly();
  // Reports of one situation are numbered in turn: the situation's row is held until the unit ends.
  await situationsRepository.lock(unit.tx, found.id, unit.dialect);
  return found;
}

async function reportFor(db: Executor, actor: Actor, situationId: string, id: string): Promise<ReportRow> {
  const row = await reportsRepository.visibleById(db, actor, situationId, id);
  if (!row) throw reportErrors.notFound();
  return row;
}

const textsOf = (input: { title: string; body: string }) => ({
  title: freeText(input.title, 'title', REPORT_TITLE_MAX),
  body: freeText(input.body, 'body', REPORT_BODY_MAX),
});

/** Drafts a report (seen by the center only until it is issued). */
export async function draftReport(args: {
  unit: Unit;
  actor: Actor;
  situationId: string;
  input: { title: string; body: string; counts?: CountsKind | undefined };
  deps: SituationDeps;
}): Promise<ReportRow> {
  const { unit, actor, deps } = args;
  const situation = await forCoordinator(unit, actor, args.situationId);
  const { title, body } = textsOf(args.input);
  const now = deps.clock.now();
  const at = now.toISOString();
  const row: ReportRow = {
    id: newId(),
    situation_id: situation.id,
    status: 'draft',
    number: null,
    version: 1,
    title,
    body,
    counts_kind: args.input.counts ?? 'none',
    counts: null,
    change_note: null,
    tlp: situation.tlp,
    created_at: at,
    created_by: actor.userId,
    updated_at: at,
    issued_at: null,
    issued_by: null,
    row_version: 1,
  };
  await reportsRepository.insert(unit.tx, row);
  await deps.audit.append(
    unit,
    audited(actor, 'situation.report_draft', 'situation', situation.id, { reportId: row.id }),
    now,
  );
  await recordReportEvent(unit, deps, { type: 'situation.report_drafted', situation, report: row }, now);
  return row;
}

/** Edits a draft at the version the caller read. */
export async function editDraft(args: {
  unit: Unit;
  actor: Actor;
  situationId: string;
  reportId: string;
  input: { title: string; body: string; counts: CountsKind; version: number };
  deps: SituationDeps;
}): Promise<ReportRow> {
  const { unit, actor, deps, input } = args;
  const situation = await forCoordinator(unit, actor, args.situationId);
  const report = await reportFor(unit.tx, actor, situation.id, args.reportId);
  if (report.status !== 'draft') throw reportErrors.alreadyIssued();
  if (report.row_version !== input.version) throw reportErrors.staleVersion(report.row_version);
  const { title, body } = textsOf(input);
  const now = deps.clock.now();
  const set = { title, body, counts_kind: input.counts, tlp: situation.tlp, updated_at: now.toISOString() };
  if (!(await reportsRepository.editDraft(unit.tx, report.id, input.version, set)))
    throw reportErrors.staleVersion(report.row_version);
  await deps.audit.append(
    unit,
    audited(actor, 'situation.report_draft', 'situation', situation.id, { reportId: report.id, edit: true }),
    now,
  );
  const edited = { ...report, ...set, row_version: report.row_version + 1 };
  await recordReportEvent(unit, deps, { type: 'situation.report_drafted', situation, report: edited }, now);
  return edited;
}

/** The counts the center chose to include, as the board shows them to the center now. */
async function snapshotCounts(
  unit: Unit,
  actor: Actor,
  situationId: string,
  kind: CountsKind,
  at: string,
  deps: SituationDeps,
): Promise<string | null> {
  if (kind === 'none') return null;
  const board = await readBoard(unit.tx, actor, situationId, {}, deps);
  return JSON.stringify({
    at,
    totals: board.counts,
    ...(kind === 'by-ministry'
      ? {
          byMinistry: board.byMinistry.map((m) => ({
            orgId: m.orgId,
            orgSlug: m.orgSlug,
            name: m.name,
            counts: m.counts,
          })),
        }
      : {}),
  });
}

/** Whether the situation was stood down and its final report issued already (no report is issued after it). */
async function finalIssued(db: Executor, situation: SituationRow): Promise<boolean> {
  if (situation.stood_down_at === null) return false;
  const last = await reportsRepository.lastIssuedAt(db, situation.id);
  return last !== null && last >= situation.stood_down_at;
}

/** Writes the timeline entry of an issue or a correction. */
async function entryOf(
  unit: Unit,
  actor: Actor,
  report: ReportRow,
  kind: 'report_issued' | 'report_corrected',
  at: string,
) {
  await situationsRepository.insertEntry(unit.tx, {
    id: newId(),
    situation_id: report.situation_id,
    at,
    kind,
    actor_id: actor.userId,
    actor_org_id: actor.orgId,
    org_id: null,
    text: kind === 'report_corrected' ? report.change_note : report.title,
    data: JSON.stringify({ reportId: report.id, number: report.number, version: report.version }),
  });
}

/**
 * What an issue and a correction share: the situation held, the report read, the new version checked and written
 * (by `write`), then its audit row, its timeline entry and its live event, all in the caller's unit.
 */
async function publishReport(args: {
  unit: Unit;
  actor: Actor;
  situationId: string;
  reportId: string;
  deps: SituationDeps;
  kind: 'report_issued' | 'report_corrected';
  write: (x: { situation: SituationRow; report: ReportRow; at: string }) => Promise<ReportRow>;
  audit: (written: ReportRow) => Record<string, unknown>;
}): Promise<ReportRow> {
  const { unit, actor, deps, kind } = args;
  const situation = await forCoordinator(unit, actor, args.situationId);
  const report = await reportFor(unit.tx, actor, situation.id, args.reportId);
  const now = deps.clock.now();
  const at = now.toISOString();
  const written = await args.write({ situation, report, at });
  const action = kind === 'report_issued' ? 'situation.report_issue' : 'situation.report_correct';
  await deps.audit.append(unit, audited(actor, action, 'situation', situation.id, args.audit(written)), now);
  await entryOf(unit, actor, written, kind, at);
  await recordReportEvent(unit, deps, { type: 'situation.report_issued', situation, report: written }, now);
  return written;
}

/** Issues a draft as the situation's next 第n報: frozen, seen by every body that sees the situation, announced. */
export function issueReport(args: {
  unit: Unit;
  actor: Actor;
  situationId: string;
  reportId: string;
  version: number;
  deps: SituationDeps;
}): Promise<ReportRow> {
  const { unit, actor, deps } = args;
  return publishReport({
    ...args,
    kind: 'report_issued',
    async write({ situation, report, at }) {
      if (report.status !== 'draft') throw reportErrors.alreadyIssued();
      if (report.row_version !== args.version) throw reportErrors.staleVersion(report.row_version);
      if (await finalIssued(unit.tx, situation)) throw reportErrors.finalIssued();
      const set = {
        number: (await reportsRepository.lastNumber(unit.tx, situation.id)) + 1,
        counts: await snapshotCounts(unit, actor, situation.id, report.counts_kind, at, deps),
        tlp: situation.tlp,
        issued_at: at,
        issued_by: actor.userId,
        updated_at: at,
      };
      if (!(await reportsRepository.issue(unit.tx, report.id, args.version, set)))
        throw reportErrors.staleVersion(report.row_version);
      return { ...report, ...set, status: 'issued', row_version: report.row_version + 1 };
    },
    audit: (r) => ({ reportId: r.id, number: r.number, counts: r.counts_kind }),
  });
}

/**
 * Corrects an issued report: a new version of its number, at the latest version the caller read. The counts
 * stay those snapshotted at the first issue (a correction corrects the text; the board moves on regardless).
 */
export function correctReport(args: {
  unit: Unit;
  actor: Actor;
  situationId: string;
  reportId: string;
  input: { title: string; body: string; changeNote: string; version: number };
  deps: SituationDeps;
}): Promise<ReportRow> {
  const { unit, actor, input } = args;
  return publishReport({
    ...args,
    kind: 'report_corrected',
    async write({ situation, report, at }) {
      if (report.status !== 'issued' || report.number === null) throw reportErrors.notIssued();
      const latest = await reportsRepository.latestOf(unit.tx, situation.id, report.number);
      if (!latest || latest.version !== input.version) throw reportErrors.staleVersion(latest?.version ?? 0);
      const { title, body } = textsOf(input);
      const changeNote = freeText(input.changeNote, 'changeNote', CHANGE_NOTE_MAX);
      const corrected: ReportRow = {
        ...latest,
        id: newId(),
        version: latest.version + 1,
        title,
        body,
        change_note: changeNote,
        tlp: situation.tlp,
        created_at: at,
        created_by: actor.userId,
        updated_at: at,
        issued_at: at,
        issued_by: actor.userId,
        row_version: 1,
      };
      await reportsRepository.insert(unit.tx, corrected);
      return corrected;
    },
    audit: (r) => ({ reportId: r.id, number: r.number, version: r.version }),
  });
}

/** Sets (or clears, with null) the interval at which the center means to report. */
export async function setReportInterval(args: {
  unit: Unit;
  actor: Actor;
  situationId: string;
  minutes: number | null;
  deps: SituationDeps;
}): Promise<void> {
  const { unit, actor, deps } = args;
  const situation = await forCoordinator(unit, actor, args.situationId);
  const now = deps.clock.now();
  await reportsRepository.setSchedule(
    unit.tx,
    args.minutes === null
      ? { situation_id: situation.id, interval_minutes: null }
      : {
          situation_id: situation.id,
          interval_minutes: args.minutes,
          set_at: now.toISOString(),
          set_by: actor.userId,
          reminded_due_at: null,
        },
  );
  await deps.audit.append(
    unit,
    audited(actor, 'situation.report_interval', 'situation', situation.id, { minutes: args.minutes }),
    now,
  );
  await recordReportEvent(unit, deps, { type: 'situation.report_drafted', situation, report: null }, now);
}

/** When the next report is due: the interval after the last first issue (or after the declaration). */
export async function scheduleOf(
  db: Executor,
  situation: SituationRow,
  now: Date,
): Promise<{ intervalMinutes: number | null; nextDueAt: string | null; overdue: boolean }> {
  const schedule = await reportsRepository.scheduleOf(db, situation.id);
  if (!schedule) return { intervalMinutes: null, nextDueAt: null, overdue: false };
  if (situation.stood_down_at !== null)
    return { intervalMinutes: schedule.interval_minutes, nextDueAt: null, overdue: false };
  const last = (await reportsRepository.lastIssuedAt(db, situation.id)) ?? situation.declared_at;
  const due = new Date(Date.parse(last) + schedule.interval_minutes * 60_000);
  return {
    intervalMinutes: schedule.interval_minutes,
    nextDueAt: due.toISOString(),
    overdue: due.getTime() <= now.getTime(),
  };
}

/** The reports of a situation the actor sees (drafts: the center's), with the schedule. */
export async function listReports(db: Executor, actor: Actor, situationId: string, deps: SituationDeps) {
  const situation = await situationFor(db, actor, situationId);
  const rows = await reportsRepository.visibleOf(db, actor, situation.id);
  return {
    rows,
    schedule: await scheduleOf(db, situation, deps.clock.now()),
  };
}

/** One report the actor sees, with the other versions of its number (to mark corrections). */
export async function readReport(
  db: Executor,
  actor: Actor,
  situationId: string,
  reportId: string,
): Promise<{ row: ReportRow; siblings: ReportRow[] }> {
  const situation = await situationFor(db, actor, situationId);
  const row = await reportFor(db, actor, situation.id, reportId);
  const all = row.number === null ? [row] : await reportsRepository.visibleOf(db, actor, situation.id);
  return { row, siblings: all.filter((r) => r.number === row.number) };
}
