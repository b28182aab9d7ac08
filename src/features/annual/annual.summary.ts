import type { Actor } from '../../platform/access/roles.js';
import { can } from '../../platform/access/rules.js';
import { audited } from '../../platform/audit/audit.js';
import type { Unit } from '../../platform/db/transaction.js';
import { newId } from '../../platform/ids.js';
import { freeText } from '../../platform/text.js';
import { annualErrors } from './annual.errors.js';
import type { Trends } from './annual.numbers.js';
import { PUBLIC_ANNUAL_CHANGED } from './annual.reads.js';
import { annualRepository, type SummaryRow } from './annual.repository.js';
import type { AnnualContent, AnnualDeps } from './annual.usecases.js';

const SUMMARY_MAX = 20_000;

/** What the public summary shows of a final report: the government-wide totals, nothing of any section. */
export const totalsOf = (content: AnnualContent): Trends => {
  const t = content.numbers.trends;
  return {
    total: t.total,
    byMonth: t.byMonth.map((m) => ({ month: m.month, count: m.count })),
    byCategory: t.byCategory.map((c) => ({ key: c.key, count: c.count })),
    bySeverity: t.bySeverity.map((c) => ({ key: c.key, count: c.count })),
    byKind: t.byKind.map((k) => ({ kind: k.kind, count: k.count })),
    byYear: t.byYear.map((y) => ({ fiscalYear: y.fiscalYear, count: y.count })),
  };
};

async function finalReport(unit: Unit, actor: Actor, fiscalYear: number) {
  // Whoever reads no report is answered as for a year without one; a reader who may not publish, 403.
  if (can.annualSectionsOf(actor) === null) throw annualErrors.notFound();
  const row = await annualRepository.byYear(unit.tx, fiscalYear);
  if (!row) throw annualErrors.notFound();
  if (!can.draftAnnualReport(actor)) throw annualErrors.forbidden();
  return row;
}

/**
 * Publishes the public summary of a final report (the center): the frozen totals and the center's text, on the
 * public site. Once per fiscal year: a withdrawn summary stays a tombstone, and a second publication is a 409.
 */
export async function publishSummary(args: {
  unit: Unit;
  actor: Actor;
  fiscalYear: number;
  input: { textJa: string; textEn?: string | undefined };
  deps: AnnualDeps;
}): Promise<SummaryRow> {
  const { unit, actor, deps } = args;
  const row = await finalReport(unit, actor, args.fiscalYear);
  if (row.status !== 'final' || row.content === null || row.sha256 === null) throw annualErrors.notFinal();
  const textJa = freeText(args.input.textJa, 'textJa', SUMMARY_MAX);
  const textEn = args.input.textEn === undefined ? '' : freeText(args.input.textEn, 'textEn', SUMMARY_MAX);
  if (await annualRepository.summaryOf(unit.tx, row.fiscal_year)) throw annualErrors.summaryExists();
  const now = deps.clock.now().toISOString();
  const summary: SummaryRow = {
    id: newId(),
    fiscal_year: row.fiscal_year,
    report_id: row.id,
    report_sha256: row.sha256,
    totals: JSON.stringify(totalsOf(JSON.parse(row.content) as AnnualContent)),
    text_ja: textJa,
    text_en: textEn,
    published_by: actor.userId,
    published_at: now,
    withdrawn_by: null,
    withdrawn_at: null,
  };
  await annualRepository.insertSummary(unit.tx, summary);
  await deps.audit.append(
    unit,
    audited(actor, 'annual.summary_publish', 'annual_report', row.id, { fiscalYear: row.fiscal_year }),
    deps.clock.now(),
  );
  unit.changed(PUBLIC_ANNUAL_CHANGED);
  return summary;
}

/** Withdraws the public summary (the center): the public page becomes a dated tombstone. */
export async function withdrawSummary(args: {
  unit: Unit;
  actor: Actor;
  fiscalYear: number;
  deps: AnnualDeps;
}): Promise<SummaryRow> {
  const { unit, actor, deps } = args;
  const row = await finalReport(unit, actor, args.fiscalYear);
  const summary = await annualRepository.summaryOf(unit.tx, row.fiscal_year);
  if (!summary) throw annualErrors.summaryNotFound();
  const now = deps.clock.now().toISOString();
  if (!(await annualRepository.withdrawSummary(unit.tx, summary.id, actor.userId, now)))
    throw annualErrors.summaryWithdrawn();
  await deps.audit.append(
    unit,
    audited(actor, 'annual.summary_withdraw', 'annual_report', row.id, { fiscalYear: row.fiscal_year }),
    deps.clock.now(),
  );
  unit.changed(PUBLIC_ANNUAL_CHANGED);
  return { ...summary, withdrawn_by: actor.userId, withdrawn_at: now };
}

/** A summary as the center's report page shows it (null: none published). */
export const presentPublicSummary = (s: SummaryRow | undefined) =>
  s
    ? {
        textJa: s.text_ja,
        textEn: s.text_en,
        reportSha256: s.report_sha256,
        publishedAt: s.published_at,
        withdrawnAt: s.withdrawn_at,
      }
    : null;
