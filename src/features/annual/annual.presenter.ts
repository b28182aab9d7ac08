import { INDICATOR_KEYS, INDICATORS } from './annual.indicators.js';
import type { AnnualRow, SummaryRow } from './annual.repository.js';
import { presentPublicSummary } from './annual.summary.js';
import type { AnnualView } from './annual.usecases.js';

/** A report's state, as lists and answers show it. */
export const presentSummary = (r: AnnualRow) => ({
  fiscalYear: r.fiscal_year,
  status: r.status as 'draft' | 'final',
  revision: r.revision,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  finalizedAt: r.finalized_at,
  sha256: r.sha256,
});

/** The report as the API shows it: an explicit allow-list, the definitions beside the numbers. */
export const presentReport = (v: AnnualView, summary?: SummaryRow) => ({
  report: presentSummary(v.row),
  publicSummary: presentPublicSummary(summary),
  scope: v.scope === 'all' ? ('all' as const) : ('own-section' as const),
  from: v.content.numbers.from,
  to: v.content.numbers.to,
  timeZone: v.content.numbers.timeZone,
  computedAt: v.content.numbers.computedAt ?? null,
  trends: v.content.numbers.trends,
  sections: v.content.numbers.sections,
  definitions: INDICATOR_KEYS.map((key) => ({ key, ...INDICATORS[key] })),
  scoring: v.content.scoring,
  forewordJa: v.content.forewordJa,
  forewordEn: v.content.forewordEn,
  comments: v.content.comments,
});
