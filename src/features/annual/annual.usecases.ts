import { createHash } from 'node:crypto';
import type { Actor } from '../../platform/access/roles.js';
import { can } from '../../platform/access/rules.js';
import { type AuditLog, audited } from '../../platform/audit/audit.js';
import { fiscalYearOf } from '../../platform/calendar.js';
import type { Clock } from '../../platform/clock.js';
import type { DialectName, Executor } from '../../platform/db/database.js';
import type { Unit } from '../../platform/db/transaction.js';
import { newId } from '../../platform/ids.js';
import { freeText } from '../../platform/text.js';
import { orgsDirectory } from '../orgs/orgs.directory.js';
import { annualErrors } from './annual.errors.js';
import type { KeptPasses } from './annual.kept.js';
import { type AnnualNumbers, annualNumbers } from './annual.numbers.js';
import { type AnnualRow, annualRepository, type CommentRow } from './annual.repository.js';
import { DEFAULT_SCORING, type Scoring, validScoring } from './annual.scoring.js';

/** What the annual report runs on. */
export interface AnnualDeps {
  audit: AuditLog;
  clock: Clock;
  timeZone: string;
  /** The numbers' passes kept by data version (annual.kept.ts). */
  kept: KeptPasses;
}

/** What a final report stores and hashes: everything it shows. */
export interface AnnualContent {
  numbers: AnnualNumbers;
  scoring: Scoring;
  forewordJa: string;
  forewordEn: string;
  comments: { id: string; ministryId: string; orgId: string; body: string; createdAt: string }[];
}

export interface AnnualView {
  row: AnnualRow;
  content: AnnualContent;
  /** The sections read: every one, or the ministry's own. */
  scope: 'all' | { ministryId: string };
}

const FOREWORD_MAX = 20_000;
const COMMENT_MAX = 4_000;

/** SHA-256 (hex) of a final report's stored content. */
export const sha256Of = (content: string) => createHash('sha256').update(content, 'utf8').digest('hex');

const sectionsOf = (actor: Actor) => {
  const scope = can.annualSectionsOf(actor);
  if (scope === null) throw annualErrors.notFound();
  return scope;
};

async function reportOf(db: Executor, actor: Actor, fiscalYear: number) {
  const scope = sectionsOf(actor);
  const row = await annualRepository.byYear(db, fiscalYear);
  if (!row) throw annualErrors.notFound();
  return { row, scope };
}

const presentComments = (rows: CommentRow[]) =>
  rows.map((c) => ({
    id: c.id,
    ministryId: c.ministry_id,
    orgId: c.org_id,
    body: c.body,
    createdAt: c.created_at,
  }));

/** The report's content as it stands: stored at final, computed from the data now while a draft. */
async function contentOf(db: Executor, dialect: DialectName, row: AnnualRow, deps: AnnualDeps) {
  if (row.content !== null) return JSON.parse(row.content) as AnnualContent;
  const scoring = JSON.parse(row.scoring) as Scoring;
  return {
    numbers: await annualNumbers({
      db,
      dialect,
      fiscalYear: row.fiscal_year,
      timeZone: deps.timeZone,
      scoring,
      kept: deps.kept,
      now: deps.clock.now(),
    }),
    scoring,
    forewordJa: row.foreword_ja,
    forewordEn: row.foreword_en,
    comments: presentComments(await annualRepository.comments(db, row.id, null)),
  } satisfies AnnualContent;
}

/** Cuts the content to what the scope reads: a ministry its own section and comments, with the totals. */
function scoped(content: AnnualContent, scope: 'all' | { ministryId: string }): AnnualContent {
  if (scope === 'all') return content;
  return {
    ...content,
    numbers: {
      ...content.numbers,
      sections: content.numbers.sections.filter((s) => s.ministry.id === scope.ministryId),
    },
    comments: content.comments.filter((c) => c.ministryId === scope.ministryId),
  };
}

/** The annual reports the actor reads, newest first (none for whoever reads no section). */
export async function listReports(db: Executor, actor: Actor): Promise<AnnualRow[]> {
  sectionsOf(actor);
  return annualRepository.all(db);
}

/** One fiscal year's report as the actor may read it. */
export async function readReport(args: {
  db: Executor;
  dialect: DialectName;
  actor: Actor;
  fiscalYear: number;
  deps: AnnualDeps;
}): Promise<AnnualView> {
  const { row, scope } = await reportOf(args.db, args.actor, args.fiscalYear);
  const content = await contentOf(args.db, args.dialect, row, args.deps);
  return { row, content: scoped(content, scope), scope };
}

/** Starts the draft of a fiscal year's report (the center): a year not yet begun is refused. */
export async function draftReport(args: {
  unit: Unit;
  actor: Actor;
  input: {
    fiscalYear: number;
    scoring?: Scoring | undefined;
    forewordJa?: string | undefined;
    forewordEn?: string | undefined;
  };
  deps: AnnualDeps;
}): Promise<AnnualRow> {
  const { unit, actor, input, deps } = args;
  if (!can.draftAnnualReport(actor)) {
    sectionsOf(actor);
    throw annualErrors.forbidden();
  }
  const now = deps.clock.now();
  const current = fiscalYearOf(now, deps.timeZone);
  if (input.fiscalYear > current) throw annualErrors.futureYear(input.fiscalYear, current);
  const scoring = validScoring(input.scoring ?? DEFAULT_SCORING);
  if (await annualRepository.byYear(unit.tx, input.fiscalYear)) throw annualErrors.exists();
  const at = now.toISOString();
  const row: AnnualRow = {
    id: newId(),
    fiscal_year: input.fiscalYear,
    status: 'draft',
    scoring: JSON.stringify(scoring),
    foreword_ja: input.forewordJa === undefined ? '' : freeText(input.forewordJa, 'forewordJa', FOREWORD_MAX),
    foreword_en: input.forewordEn === undefined ? '' : freeText(input.forewordEn, 'forewordEn', FOREWORD_MAX),
    revision: 1,
    created_by: actor.userId,
    created_at: at,
    updated_at: at,
    content: null,
    sha256: null,
    finalized_by: null,
    finalized_at: null,
  };
  await annualRepository.insert(unit.tx, row);
  await deps.audit.append(
    unit,
    audited(actor, 'annual.draft', 'annual_report', row.id, { fiscalYear: row.fiscal_year }),
    now,
  );
  return row;
}

/** Changes a draft's scoring or foreword (the center), at the revision read. */
export async function updateDraft(args: {
  unit: Unit;
  actor: Actor;
  fiscalYear: number;
  input: {
    revision: number;
    scoring?: Scoring | undefined;
    forewordJa?: string | undefined;
    forewordEn?: string | undefined;
  };
  deps: AnnualDeps;
}): Promise<AnnualRow> {
  const { unit, actor, input, deps } = args;
  const { row } = await reportOf(unit.tx, actor, args.fiscalYear);
  if (!can.draftAnnualReport(actor)) throw annualErrors.forbidden();
  if (row.status !== 'draft') throw annualErrors.final();
  const change: Partial<AnnualRow> = { updated_at: deps.clock.now().toISOString() };
  if (input.scoring) change.scoring = JSON.stringify(validScoring(input.scoring));
  if (input.forewordJa !== undefined)
    change.foreword_ja = freeText(input.forewordJa, 'forewordJa', FOREWORD_MAX);
  if (input.forewordEn !== undefined)
    change.foreword_en = freeText(input.forewordEn, 'forewordEn', FOREWORD_MAX);
  if (
    input.revision !== row.revision ||
    !(await annualRepository.updateDraft(unit.tx, row.id, row.revision, change))
  )
    throw annualErrors.stale();
  await deps.audit.append(
    unit,
    audited(actor, 'annual.update', 'annual_report', row.id, {
      fiscalYear: row.fiscal_year,
      scoring: input.scoring !== undefined,
      foreword: input.forewordJa !== undefined || input.forewordEn !== undefined,
    }),
    deps.clock.now(),
  );
  return (await annualRepository.byYear(unit.tx, row.fiscal_year)) as AnnualRow;
}

/** A ministry's (or the center's) comment on a section of a draft; a section the actor may not read is absent. */
export async function commentOnSection(args: {
  unit: Unit;
  actor: Actor;
  fiscalYear: number;
  ministryId: string;
  body: string;
  deps: AnnualDeps;
}) {
  const { unit, actor, deps } = args;
  const { row, scope } = await reportOf(unit.tx, actor, args.fiscalYear);
  if (scope !== 'all' && scope.ministryId !== args.ministryId) throw annualErrors.notFound();
  const ministries = JSON.parse(row.content ?? 'null') as AnnualContent | null;
  const known = ministries
    ? ministries.numbers.sections.some((s) => s.ministry.id === args.ministryId)
    : await ministryExists(unit.tx, args.ministryId);
  if (!known) throw annualErrors.notFound();
  if (!can.commentOnAnnualSection(actor, args.ministryId)) throw annualErrors.forbidden();
  if (row.status !== 'draft') throw annualErrors.final();
  const now = deps.clock.now();
  const comment: CommentRow = {
    id: newId(),
    report_id: row.id,
    ministry_id: args.ministryId,
    org_id: actor.orgId,
    author_id: actor.userId,
    body: freeText(args.body, 'body', COMMENT_MAX),
    created_at: now.toISOString(),
  };
  await annualRepository.insertComment(unit.tx, comment);
  await deps.audit.append(
    unit,
    audited(actor, 'annual.comment', 'annual_report', row.id, {
      fiscalYear: row.fiscal_year,
      ministryId: args.ministryId,
    }),
    now,
  );
  return presentComments([comment])[0];
}

async function ministryExists(db: Executor, id: string): Promise<boolean> {
  const org = await orgsDirectory.byId(db, id);
  return org?.kind === 'ministry';
}

/**
 * Declares the report final (the center): its numbers, text and comments are stored as they stand and hashed,
 * so that later changes of the data change nothing in it. Of two at once, one wins; the other is a 409.
 */
export async function finalizeReport(args: {
  unit: Unit;
  actor: Actor;
  fiscalYear: number;
  revision: number;
  deps: AnnualDeps;
}): Promise<AnnualRow> {
  const { unit, actor, deps } = args;
  const { row } = await reportOf(unit.tx, actor, args.fiscalYear);
  if (!can.draftAnnualReport(actor)) throw annualErrors.forbidden();
  if (row.status !== 'draft') throw annualErrors.final();
  if (row.revision !== args.revision) throw annualErrors.stale();
  const content = JSON.stringify(await contentOf(unit.tx, unit.dialect, row, deps));
  const sha256 = sha256Of(content);
  const now = deps.clock.now();
  const done = await annualRepository.updateDraft(unit.tx, row.id, row.revision, {
    status: 'final',
    content,
    sha256,
    finalized_by: actor.userId,
    finalized_at: now.toISOString(),
    updated_at: now.toISOString(),
  });
  if (!done) throw annualErrors.final();
  await deps.audit.append(
    unit,
    audited(actor, 'annual.final', 'annual_report', row.id, { fiscalYear: row.fiscal_year, sha256 }),
    now,
  );
  return (await annualRepository.byYear(unit.tx, row.fiscal_year)) as AnnualRow;
}

/** Whether a final report's stored content still hashes to the SHA-256 recorded at final. */
export async function verifyReport(db: Executor, actor: Actor, fiscalYear: number) {
  const { row } = await reportOf(db, actor, fiscalYear);
  if (row.status !== 'final' || row.content === null) throw annualErrors.notFinal();
  const actual = sha256Of(row.content);
  return { fiscalYear, sha256: row.sha256, actual, verified: actual === row.sha256 };
}

/** Records that the actor took the report away as a file. */
export async function auditExport(
  unit: Unit,
  actor: Actor,
  row: AnnualRow,
  format: string,
  deps: AnnualDeps,
) {
  await deps.audit.append(
    unit,
    audited(actor, 'annual.export', 'annual_report', row.id, { fiscalYear: row.fiscal_year, format }),
    deps.clock.now(),
  );
}
