import type { Executor } from '../../platform/db/database.js';
import type { Trends } from './annual.numbers.js';
import { annualRepository } from './annual.repository.js';

/** The topic of a published or withdrawn public summary: the public site's cached pages are dropped. */
export const PUBLIC_ANNUAL_CHANGED = 'public-annual';

/** A public summary as the public site may show it: the frozen totals and the center's text, or a tombstone. */
export interface PublicAnnualSummary {
  fiscalYear: number;
  publishedAt: string;
  withdrawnAt: string | null;
  /** Null once withdrawn: a tombstone shows no number and no text. */
  content: { textJa: string; textEn: string; totals: Trends } | null;
}

const present = (r: Awaited<ReturnType<typeof annualRepository.summaries>>[number]): PublicAnnualSummary => ({
  fiscalYear: r.fiscal_year,
  publishedAt: r.published_at,
  withdrawnAt: r.withdrawn_at,
  content:
    r.withdrawn_at === null
      ? { textJa: r.text_ja, textEn: r.text_en, totals: JSON.parse(r.totals) as Trends }
      : null,
});

/** What the annual report publishes to the public site (nothing else of it ever reaches there). */
export const annualReads = {
  /** Every public summary, newest year first (withdrawn ones as tombstones). */
  publicSummaries: async (db: Executor) => (await annualRepository.summaries(db)).map(present),
  /** One fiscal year's public summary, or undefined when none was ever published. */
  publicSummary: async (db: Executor, fiscalYear: number) => {
    const r = await annualRepository.summaryOf(db, fiscalYear);
    return r ? present(r) : undefined;
  },
};
